/** The Dynamics 365 downloads: October (RFC 4180 CSV) and November (re-saved by Dutch Excel). */
import { join } from 'node:path';
import { formatNl, type FormatOptions } from './cells';
import { D365_COLUMNS, D365_NL_HEADER_DRIFT, formatRow } from './columns';
import { SPECIAL_CUSTOMERS } from './domain';
import { writeDelimited, type OutRow } from './delimited';
import {
  describe,
  inSubset,
  quirkCustomer,
  set,
  specialQuirks,
  type SampleContext,
  type SampleFile,
} from './files-common';
import { round2 } from './rng';

/** October and November; both carry the same customer's multi-line Notes value. */
export async function writeD365Files({
  outDir,
  seed,
  october,
  november,
}: SampleContext): Promise<SampleFile[]> {
  const nov = november.customers;
  const files: SampleFile[] = [];
  // 3. D365 October CSV (RFC 4180) ---------------------------------------------------------------------
  const d365Oct = october.filter((c) => inSubset(seed, c, 0xd365, 0.8));
  const notesCustomer = d365Oct[38];
  if (!notesCustomer) throw new Error('sample too small');
  const d365Notes = 'Head office moved,\nnew address: Keizersgracht 1, "unit 2"';
  {
    const file = 'CLASD365Propensity_20261020.csv';
    const fmt: FormatOptions = { booleans: '10', money: 'usd' };
    const header = D365_COLUMNS.map(([h]) => h);
    const rows: OutRow[] = [header];
    const quirks: { tag: string; id: string; text: string }[] = [];
    d365Oct.forEach((c, i) => {
      const cc = c === notesCustomer ? { ...c, notes: d365Notes } : c;
      const cells = formatRow(D365_COLUMNS, cc, fmt);
      if (c === notesCustomer) {
        quirks.push({
          tag: 'notes',
          id: c.customerId,
          text: 'Notes field (unknown column) with an embedded newline, comma and quotes: the record spans 2 physical lines',
        });
        rows.push({ cells, tag: 'notes' });
      } else if (i === 33) {
        cells.push('unexpected');
        quirks.push({
          tag: 'extra',
          id: c.customerId,
          text: `ragged row: ${cells.length} fields (extra trailing field "unexpected")`,
        });
        rows.push({ cells, tag: 'extra' });
      } else if (i === 44) {
        quirks.push({
          tag: 'short',
          id: c.customerId,
          text: `too few fields: only the first 35 of ${header.length} (ends after D365FOIntent)`,
        });
        rows.push({ cells: cells.slice(0, 35), tag: 'short' });
      } else if (c.index in SPECIAL_CUSTOMERS) {
        rows.push({ cells, tag: `special-${c.index}` });
      } else rows.push(cells);
      if (i === 55) {
        const q = formatRow(D365_COLUMNS, quirkCustomer(seed, 2), fmt);
        set(q, header, 'CustomerID', '');
        quirks.push({ tag: 'noid', id: '', text: `row without CustomerID (AccountName "${q[4]}") — reject` });
        rows.push({ cells: q, tag: 'noid' });
      }
    });
    const res = await writeDelimited(join(outDir, file), rows, {
      delimiter: ',',
      eol: '\r\n',
      encoding: 'utf8',
      quote: 'rfc4180',
    });
    const ws = d365Oct.flatMap((c) =>
      (['D365BC', 'D365FO', 'D365CE', 'PowerApps'] as const).map((p) => c.whitespace[p]),
    );
    files.push({
      file,
      snapshot: '2026-10-20',
      report: 'Dynamics 365 (BC, FO, CE, Power Apps)',
      format:
        'CSV (comma), RFC 4180 quoting, UTF-8 without BOM, CRLF records (the embedded newline inside the quoted Notes value is a bare LF)',
      dataRows: res.records - 1,
      bytes: res.bytes,
      notes: [
        `${header.length} columns; flags and booleans as 1/0; a subset (~80%) of the October customers.`,
        `Whitespace revenue columns \`<Product>WhitespaceRevenue\`: \`$1,234.50\` style (${ws.filter((x) => x !== null && x !== undefined && x > 0).length} values), empty (${ws.filter((x) => x === null).length}), \`0\` (${ws.filter((x) => x === 0).length}).`,
        'Account names with commas and double quotes are quoted (`"Tailspin Toys, Inc."`, `"Coho Winery ""The Cellar"" Ltd"`).',
      ],
      quirks: [
        ...quirks.map((q) => describe(q.tag, res, q.id, q.text)),
        ...specialQuirks(d365Oct, (c) => `line ${res.tagLines.get(`special-${c.index}`) ?? '?'}`),
      ],
    });
  }

  // 4. D365 November CSV (Dutch Excel: ; decimal comma, windows-1252, title/blank rows, totals, note) ---
  {
    const file = 'CLASD365Propensity_20261120.csv';
    const fmt: FormatOptions = { booleans: '10', money: 'nl' };
    const d365Nov = nov.filter((c) => inSubset(seed, c, 0xd365, 0.8));
    const header = D365_COLUMNS.map(([h]) => D365_NL_HEADER_DRIFT[h] ?? h);
    const width = header.length;
    const pad = (cells: string[]): string[] => [...cells, ...Array<string>(width - cells.length).fill('')];
    const rows: OutRow[] = [
      { cells: pad(['CloudAscent – Dynamics 365 propensity']), tag: 'title' },
      pad(['Exported 20-11-2026']),
      { cells: pad([]), tag: 'blank' },
      { cells: header, tag: 'header' },
    ];
    for (const c of d365Nov) {
      const cc = c.customerId === notesCustomer.customerId ? { ...c, notes: d365Notes } : c;
      rows.push(
        c.index in SPECIAL_CUSTOMERS || cc.notes
          ? { cells: formatRow(D365_COLUMNS, cc, fmt), tag: `special-${c.index}` }
          : formatRow(D365_COLUMNS, cc, fmt),
      );
    }
    const totals = pad(['Total']);
    for (const p of ['D365BC', 'D365FO', 'D365CE', 'PowerApps'] as const) {
      const sum = d365Nov.reduce((s, c) => s + (c.whitespace[p] ?? 0), 0);
      totals[D365_COLUMNS.findIndex(([h]) => h === `${p}WhitespaceRevenue`)] = formatNl(round2(sum));
    }
    rows.push({ cells: totals, tag: 'totals' });
    rows.push({ cells: pad(['Data provided by Microsoft Partner Center']), tag: 'note' });
    const res = await writeDelimited(join(outDir, file), rows, {
      delimiter: ';',
      eol: '\r\n',
      encoding: 'windows-1252',
      quote: 'rfc4180',
    });
    const l = (t: string): string => `line ${res.tagLines.get(t) ?? '?'}`;
    const notesLine = res.tagLines.get(`special-${notesCustomer.index}`);
    files.push({
      file,
      snapshot: '2026-11-20',
      report: 'Dynamics 365 (BC, FO, CE, Power Apps)',
      format:
        'CSV re-saved by Dutch (nl-NL) Excel: **semicolon** delimiter, **decimal comma**, **windows-1252**, CRLF, quoting only where needed (`;`, `"`, line break)',
      dataRows: d365Nov.length,
      bytes: res.bytes,
      notes: [
        'Every line is padded with `;` to the header width, as Excel does (title, blank, totals and note lines too).',
        `Header drift vs October: ${Object.entries(D365_NL_HEADER_DRIFT)
          .map(([a, b]) => `\`${a}\` → \`${b}\``)
          .join(', ')}.`,
        'Revenue as `1.234,50` (no currency symbol); `0` stays `0`; empty stays empty. Booleans/flags 1/0.',
        'Accents are single bytes (é = 0xE9, ü = 0xFC, Ø = 0xD8); the en dash in the title is 0x96 and ’ is 0x92 (differ from ISO-8859-1).',
      ],
      quirks: [
        {
          where: l('title'),
          customerId: '',
          description: 'title row "CloudAscent – Dynamics 365 propensity"; line 2 "Exported 20-11-2026"',
        },
        { where: l('blank'), customerId: '', description: 'blank row (only semicolons) above the header' },
        { where: l('header'), customerId: '', description: 'header row (the 4th line)' },
        {
          where: l('totals'),
          customerId: '',
          description: '"Total" row with the sums of the 4 whitespace revenue columns — not a customer, skip',
        },
        {
          where: l('note'),
          customerId: '',
          description: '"Data provided by Microsoft Partner Center" note line — skip',
        },
        ...(notesLine === undefined
          ? []
          : [
              {
                where: `line ${notesLine}`,
                customerId: notesCustomer.customerId,
                description:
                  'Notes value with an embedded newline (bare LF), comma and quotes — one record, 2 physical lines',
              },
            ]),
        ...specialQuirks(d365Nov, (c) => `line ${res.tagLines.get(`special-${c.index}`) ?? '?'}`),
      ],
    });
  }
  return files;
}
