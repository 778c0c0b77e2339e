/** The agreement renewals downloads: October and November CSV. */
import { join } from 'node:path';
import { agreementsFor } from './agreements';
import { formatCell, type FormatOptions } from './cells';
import { AGREEMENT_COLUMNS } from './columns';
import { writeDelimited, type OutRow } from './delimited';
import { quirkCustomer, set, type Quirk, type SampleContext, type SampleFile } from './files-common';

/** October (M/D/YYYY dates) and November (D-M-YYYY, a row without CustomerID). */
export async function writeAgreementFiles({
  outDir,
  seed,
  october,
  november,
}: SampleContext): Promise<SampleFile[]> {
  const nov = november.customers;
  const files: SampleFile[] = [];
  // 7. Agreement renewals, October and November -------------------------------------------------------------
  for (const [snapshot, customers, style, enc, eol] of [
    ['2026-10-20', october, 'M/D/YYYY', 'utf8', '\r\n'],
    ['2026-11-20', nov, 'D-M-YYYY', 'utf8-bom', '\n'],
  ] as const) {
    const file = `CLASAgreementRenewalsPropensity_${snapshot}.csv`;
    const agreements = customers.flatMap((c) => agreementsFor(seed, c));
    const header = AGREEMENT_COLUMNS.map(([h]) => h);
    const fmt: FormatOptions = { booleans: 'YesNo', money: 'usd' };
    const rows: OutRow[] = [header];
    const quirks: Quirk[] = [];
    let noidTag = false;
    agreements.forEach((a, i) => {
      rows.push(AGREEMENT_COLUMNS.map(([, f]) => formatCell(f(a, style), fmt)));
      if (snapshot === '2026-11-20' && i === 70) {
        const q = quirkCustomer(seed, 4);
        const qa = agreementsFor(seed, { ...q, index: 5 })[0];
        if (!qa) throw new Error('no agreement');
        const cells = AGREEMENT_COLUMNS.map(([, f]) => formatCell(f({ ...qa, customer: q }, style), fmt));
        set(cells, header, 'CustomerID', '');
        set(cells, header, 'Agreement ID', '99999999');
        rows.push({ cells, tag: 'noid' });
        noidTag = true;
      }
    });
    const res = await writeDelimited(join(outDir, file), rows, {
      delimiter: ',',
      eol,
      encoding: enc,
      quote: 'rfc4180',
    });
    if (noidTag) {
      quirks.push({
        where: `line ${res.tagLines.get('noid') ?? '?'}`,
        customerId: '',
        description: 'agreement row without CustomerID (Agreement ID 99999999) — reject',
      });
    }
    const dates = agreements.map((a) => a.endDate);
    const inFy27 = dates.filter((d) => d >= '2026-07-01' && d <= '2027-06-30').length;
    const ambiguous = agreements.filter((a) => Number(a.endDate.slice(8)) <= 12).length;
    files.push({
      file,
      snapshot,
      report: 'Agreement renewals',
      format: `CSV (comma), RFC 4180 quoting, UTF-8 ${enc === 'utf8-bom' ? '**with BOM**' : 'without BOM'}, ${eol === '\n' ? 'LF' : 'CRLF'}`,
      dataRows: res.records - 1,
      bytes: res.bytes,
      notes: [
        `One row per agreement (${agreements.length} agreements for ${new Set(agreements.map((a) => a.customer.customerId)).size} customers; 1–3 each).`,
        `\`Agreement End Date\` as \`${style}\` without leading zeros (${style === 'M/D/YYYY' ? 'US' : 'day first'}); ${agreements.length - ambiguous} dates have day > 12, ${ambiguous} are ambiguous on their own. End dates span 2026-01..2027-12: ${dates.filter((d) => d < '2026-07-01').length} before FY27, ${inFy27} in FY27 (2026-07-01..2027-06-30), ${dates.filter((d) => d > '2027-06-30').length} in FY28; ${dates.filter((d) => d < '2026-11-25').length} already ended before 2026-11-25.`,
        '`Expiring Revenue` as `$12,345.67` (quoted, since it contains a comma when ≥ 1,000); `$0.00` is written as `0`. `Agreement ID`: EA 8 digits, Open Value `V…`, MPSA 10 digits with a leading zero, CSP GUID.',
        'Cluster columns only (`AzureCluster`, `M365Cluster`, `D365BCCluster`), no scores.',
      ],
      quirks,
    });
  }
  return files;
}
