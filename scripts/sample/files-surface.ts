/** The Surface download: November, as Excel's "Unicode text". */
import { join } from 'node:path';
import { formatRow, SURFACE_COLUMNS } from './columns';
import { SPECIAL_CUSTOMERS } from './domain';
import { writeDelimited, type OutRow } from './delimited';
import { inSubset, specialQuirks, usd, type SampleContext, type SampleFile } from './files-common';

/** November only: UTF-16 LE with BOM, tab-separated, Excel's quoting. */
export async function writeSurfaceFiles({ outDir, seed, november }: SampleContext): Promise<SampleFile[]> {
  const nov = november.customers;
  const files: SampleFile[] = [];
  // 6. Surface November, "Unicode text" (UTF-16 LE BOM, tab, CRLF) ----------------------------------------
  {
    const file = 'Surface_Propensity_2026-11-20.txt';
    const subset = nov.filter((c) => inSubset(seed, c, 0x5f, 0.7));
    const rows: OutRow[] = [SURFACE_COLUMNS.map(([h]) => h)];
    for (const c of subset) {
      const cells = formatRow(SURFACE_COLUMNS, c, usd);
      rows.push(c.index in SPECIAL_CUSTOMERS ? { cells, tag: `special-${c.index}` } : cells);
    }
    const res = await writeDelimited(join(outDir, file), rows, {
      delimiter: '\t',
      eol: '\r\n',
      encoding: 'utf16le-bom',
      quote: 'excel-text',
    });
    files.push({
      file,
      snapshot: '2026-11-20',
      report: 'Surface',
      format: 'Excel "Unicode text": **UTF-16 LE with BOM** (FF FE), tab-separated, CRLF',
      dataRows: res.records - 1,
      bytes: res.bytes,
      notes: [
        'Headers `SurfaceCluster`, `Surface Fit`, `Surface Intent` (with spaces) + `MW_Windows 10 EOS`; booleans Yes/No.',
        'Excel quotes values containing `"`, a comma, a tab or a line break: `"Tailspin Toys, Inc."`, `"Coho Winery ""The Cellar"" Ltd"`, `"+SUM(1,2)"`.',
      ],
      quirks: specialQuirks(subset, (c) => `line ${res.tagLines.get(`special-${c.index}`) ?? '?'}`),
    });
  }
  return files;
}
