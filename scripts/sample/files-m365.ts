/** The Microsoft 365 + Surface (+ O365) downloads: October and November, and the benchmark's big TSV. */
import { join } from 'node:path';
import { formatRow, M365_COLUMNS } from './columns';
import type { FormatOptions } from './cells';
import { iterateCustomers } from './customers';
import { SPECIAL_CUSTOMERS } from './domain';
import { writeDelimited, type OutRow } from './delimited';
import {
  describe,
  quirkCustomer,
  set,
  specialQuirks,
  tsvOpts,
  usd,
  type SampleContext,
  type SampleFile,
} from './files-common';

/**
 * The benchmark file: a wide M365 + Surface (+ O365) "Download reports" TSV for n customers — UTF-8 without BOM,
 * LF, 44 columns, no quoting, no quirks. Streams with back-pressure: memory stays flat for n = 500,000.
 */
export async function writeM365Tsv(path: string, n: number, seed = 20261020): Promise<void> {
  const fmt: FormatOptions = { booleans: 'YesNo', money: 'usd' };
  function* rows(): Generator<OutRow> {
    yield M365_COLUMNS.map(([h]) => h);
    for (const c of iterateCustomers(seed, n)) yield formatRow(M365_COLUMNS, c, fmt);
  }
  await writeDelimited(path, rows(), { delimiter: '\t', eol: '\n', encoding: 'utf8', quote: 'none' });
}

/** October (UTF-8, LF) and November (BOM, CRLF), each with its quirky rows. */
export async function writeM365Files({
  outDir,
  seed,
  october,
  november,
}: SampleContext): Promise<SampleFile[]> {
  const nov = november.customers;
  const files: SampleFile[] = [];
  // 1. M365 October TSV --------------------------------------------------------------------------------
  {
    const file = 'CloudAscent_M365_Propensity_2026-10-20.tsv';
    const header = M365_COLUMNS.map(([h]) => h);
    const rows: OutRow[] = [header];
    const pending: { tag: string; id: string; text: string }[] = [];
    october.forEach((c, i) => {
      const cells = formatRow(M365_COLUMNS, c, usd);
      if (i === 60) {
        set(cells, header, 'M365Fit', 'abc');
        pending.push({ tag: 'abc', id: c.customerId, text: 'M365Fit is "abc" (invalid score → null)' });
        rows.push({ cells, tag: 'abc' });
      } else if (i === 75) {
        set(cells, header, 'SurfaceIntent', '140');
        pending.push({ tag: '140', id: c.customerId, text: 'SurfaceIntent is 140 (out of range → null)' });
        rows.push({ cells, tag: '140' });
      } else if (c.index in SPECIAL_CUSTOMERS) {
        rows.push({ cells, tag: `special-${c.index}` });
      } else rows.push(cells);
      if (i === 40) {
        const q = formatRow(M365_COLUMNS, quirkCustomer(seed, 1), usd);
        set(q, header, 'CustomerID', '');
        pending.push({
          tag: 'noid',
          id: '',
          text: `row without CustomerID (AccountName "${q[4]}") — reject`,
        });
        rows.push({ cells: q, tag: 'noid' });
      }
    });
    const res = await writeDelimited(join(outDir, file), rows, tsvOpts('utf8', '\n'));
    files.push({
      file,
      snapshot: '2026-10-20',
      report: 'Microsoft 365 + Surface (+ O365)',
      format: 'TSV, UTF-8 without BOM, LF, no quoting (a `"` inside a value is literal)',
      dataRows: res.records - 1,
      bytes: res.bytes,
      notes: [`${header.length} columns; booleans Yes/No; ${october.length} customers + 1 invalid row.`],
      quirks: [
        ...pending.map((q) => describe(q.tag, res, q.id, q.text)),
        ...specialQuirks(october, (c) => `line ${res.tagLines.get(`special-${c.index}`) ?? '?'}`),
      ],
    });
  }

  // 2. M365 November TSV (BOM, CRLF) -------------------------------------------------------------------
  {
    const file = 'CloudAscent_M365_Propensity_2026-11-20.tsv';
    const header = M365_COLUMNS.map(([h]) => h);
    const rows: OutRow[] = [header];
    const quirks: { tag: string; id: string; text: string }[] = [];
    nov.forEach((c, i) => {
      const cells = formatRow(M365_COLUMNS, c, usd);
      if (i === 130) {
        cells.push('EXTRA-FIELD');
        quirks.push({
          tag: 'extra',
          id: c.customerId,
          text: `ragged row: ${cells.length} fields (one extra trailing field "EXTRA-FIELD")`,
        });
        rows.push({ cells, tag: 'extra' });
      } else if (i === 150) {
        const cut = cells.slice(0, 20);
        quirks.push({
          tag: 'short',
          id: c.customerId,
          text: `too few fields: only the first 20 of ${header.length} (ends after IsNonprofit)`,
        });
        rows.push({ cells: cut, tag: 'short' });
      } else rows.push(cells);
    });
    const res = await writeDelimited(join(outDir, file), rows, tsvOpts('utf8-bom', '\r\n'));
    files.push({
      file,
      snapshot: '2026-11-20',
      report: 'Microsoft 365 + Surface (+ O365)',
      format: 'TSV, UTF-8 **with BOM**, CRLF, no quoting',
      dataRows: res.records - 1,
      bytes: res.bytes,
      notes: [
        `Same columns as October. Drift vs October: ${november.removed.length} customers gone, ${november.added.length} new (interleaved), intent re-drawn for ${november.redrawn.length}; fit unchanged.`,
      ],
      quirks: quirks.map((q) => describe(q.tag, res, q.id, q.text)),
    });
  }
  return files;
}
