/** The Azure downloads: October and November "CloudAscent workbook" XLSX. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { azureColumns } from './columns';
import { PARTNER } from './domain';
import { inSubset, quirkCustomer, type SampleContext, type SampleFile } from './files-common';
import { writeXlsx, type XlsxRow } from './xlsx';

/** October (with the older TopUnmanaged* columns) and November (with bad scores and a row without ID). */
export async function writeAzureFiles({
  outDir,
  seed,
  october,
  november,
}: SampleContext): Promise<SampleFile[]> {
  const nov = november.customers;
  const files: SampleFile[] = [];
  // 5. Azure XLSX, October and November -------------------------------------------------------------------
  for (const [snapshot, customers, older] of [
    ['2026-10', october, true],
    ['2026-11', nov, false],
  ] as const) {
    const file = `CLASAzurePropensity_${snapshot}.xlsx`;
    const asOf = new Date(`${snapshot}-20T00:00:00Z`);
    const columns = azureColumns(older);
    const header = columns.map(([h]) => h);
    const subset = customers.filter((c) => inSubset(seed, c, 0xa2e, 0.85));
    const rows: XlsxRow[] = [];
    const quirks: { tag: string; id: string; text: string }[] = [];
    subset.forEach((c, i) => {
      const values = columns.map(([, f]) => f(c));
      if (!older && i === 125) {
        values[header.indexOf('AzureFit')] = 140;
        quirks.push({
          tag: '140',
          id: c.customerId,
          text: 'AzureFit is the number 140 (out of range → null)',
        });
        rows.push({ values, tag: '140' });
      } else if (!older && i === 135) {
        values[header.indexOf('AzureIntent')] = 'abc';
        quirks.push({ tag: 'abc', id: c.customerId, text: 'AzureIntent is the text "abc" (invalid → null)' });
        rows.push({ values, tag: 'abc' });
      } else rows.push({ values });
      if (!older && i === 145) {
        const q = quirkCustomer(seed, 3);
        const qv = columns.map(([, f]) => f(q));
        qv[header.indexOf('CustomerID')] = null;
        quirks.push({
          tag: 'noid',
          id: '',
          text: `row without CustomerID (empty cell; AccountName "${q.accountName}") — reject`,
        });
        rows.push({ values: qv, tag: 'noid' });
      }
    });
    const label = snapshot === '2026-10' ? '20 October 2026' : '20 November 2026';
    const tags = await writeXlsx(
      join(outDir, file),
      [
        {
          name: 'Propensity model',
          titleRows: [
            'CloudAscent – Azure propensity model',
            `Partner: ${PARTNER.name} (MPN ID ${PARTNER.mpnId}) · data as of ${label}`,
          ],
          header,
          rows,
          moneyColumns: ['Azure Whitespace Revenue'],
        },
        {
          name: 'About',
          titleRows: [],
          header: ['Item', 'Value'],
          rows: [
            ['Report', 'CloudAscent Azure propensity'],
            ['Partner', PARTNER.name],
            ['MPN ID', PARTNER.mpnId],
            ['Data as of', `${snapshot}-20`],
            ['Source', 'Partner Center Insights – CloudAscent workbook'],
            ['Note', 'Synthetic sample data; all companies are fictitious.'],
          ].map((values) => ({ values })),
        },
      ],
      asOf,
    );
    const st = await stat(join(outDir, file));
    const wsCount = subset.map((c) => c.whitespace.Azure);
    files.push({
      file,
      snapshot: `${snapshot}-20`,
      report: 'Azure',
      format:
        'XLSX "CloudAscent workbook": tab "Propensity model" (rows 1–2 titles, row 3 header, data from row 4) + tab "About" (2 columns, header row 1)',
      dataRows: rows.length,
      bytes: st.size,
      notes: [
        `${header.length} columns${older ? ' incl. the older `TopUnmanagedComputeBase`, `TopUnmanagedUserBase` (Yes/No) after `Transactedinthelast36months`' : ' (no TopUnmanaged* columns)'}.`,
        'CustomerID, DUNSNumber, PostalCode are text cells (leading zeros kept); OrgSize, scores, workload counts are numbers; Yes/No columns are text; `Azure_…` flags are numbers 1/0.',
        `\`Azure Whitespace Revenue\` is a number with format \`"$"#,##0.00\`; ${wsCount.filter((x) => x === null).length} blank cells. \`Existing Workloads\`/\`RecommendedWorkloads\` are comma-separated lists (may be empty).`,
        'Zip entry timestamps and document properties are fixed, so the file is byte-for-byte reproducible.',
      ],
      quirks: quirks.map((q) => {
        const t = tags.get(q.tag);
        return { where: t ? `${t.sheet}!row ${t.row}` : '?', customerId: q.id, description: q.text };
      }),
    });
  }
  return files;
}
