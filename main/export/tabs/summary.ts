/**
 * "Summary": as-of date, fiscal year, filters and snapshots in words, the headline figures, and
 * customers and whitespace revenue per product × cluster.
 */
import { currentImports } from '../../query/current';
import {
  customersInScope,
  expiringTotals,
  scopeByProductCluster,
  type ScopeCell,
} from '../../query/export-queries';
import { fiscalYearOf } from '../../../shared/domain/fiscal';
import { CLUSTERS } from '../../../shared/domain/matrix';
import { PRODUCTS, PRODUCT_INFO, reportName } from '../../../shared/domain/products';
import type { Filters } from '../../../shared/filters';
import type { FreeSheet } from '../sheet-writer';
import { centsText, excelDate, S } from '../styles';
import type { Tab } from './tab';

const LIST_LABELS: [keyof Filters, string][] = [
  ['product', 'Product'],
  ['cluster', 'Cluster'],
  ['country', 'Country'],
  ['area', 'Area'],
  ['industry', 'Industry'],
  ['vertical', 'Vertical'],
  ['subSegment', 'Subsegment'],
  ['cell', 'Cell'],
  ['computedCluster', 'Computed cluster'],
  ['flag', 'Flags'],
];

/** The filters in words: "Product: M365, Azure; Country: Netherlands; Search: "contoso"". */
export function describeFilters(f: Filters): string {
  const parts: string[] = [];
  for (const [key, label] of LIST_LABELS) {
    const v = f[key] as string[] | undefined;
    if (v && v.length) parts.push(`${label}: ${v.join(', ')}`);
  }
  const bool = (v: boolean | undefined, yes: string, no: string) => {
    if (v !== undefined) parts.push(v ? yes : no);
  };
  bool(f.whitespace, 'Whitespace only', 'No whitespace');
  bool(f.upsell, 'Upsell only', 'No upsell');
  bool(f.eos, 'With end-of-service flags', 'Without end-of-service flags');
  bool(f.mismatch, 'File cluster differs from computed cluster', 'File cluster agrees with computed cluster');
  bool(f.movedIntoActNow, 'Moved into Act Now', 'Did not move into Act Now');
  if (f.search?.trim()) parts.push(`Search: "${f.search.trim()}"`);
  return parts.length ? parts.join('; ') : 'None (all customers in the current snapshots)';
}

/** One product × cluster grid: a header row, a row per product, the bottom line, an empty row. */
function grid(
  add: FreeSheet['add'],
  cells: ScopeCell[],
  title: string,
  pick: (c: ScopeCell) => number,
  fmt: 'int' | 'money',
): void {
  const products = PRODUCTS.filter((p) => cells.some((c) => c.product === p));
  const cellStyle = fmt === 'int' ? S.int : S.money;
  const totalStyle = fmt === 'int' ? S.boldInt : S.boldMoney;
  const conv = (v: number) => (fmt === 'money' ? v / 100 : v);
  add([title], [S.bold]);
  add(['Product', ...CLUSTERS, '(no cluster)', 'Total'], Array(CLUSTERS.length + 3).fill(S.header));
  const colTotals = Array(CLUSTERS.length + 2).fill(0) as number[];
  for (const p of products) {
    const per = [...CLUSTERS, null].map((cl) =>
      cells.filter((c) => c.product === p && c.cluster === cl).reduce((s, c) => s + pick(c), 0),
    );
    // Clusters outside the four (should not happen) count with "(no cluster)".
    per[CLUSTERS.length]! += cells
      .filter(
        (c) => c.product === p && c.cluster !== null && !(CLUSTERS as readonly string[]).includes(c.cluster),
      )
      .reduce((s, c) => s + pick(c), 0);
    const sum = per.reduce((a, b) => a + b, 0);
    per.forEach((v, i) => (colTotals[i]! += v));
    colTotals[CLUSTERS.length + 1]! += sum;
    add(
      [`${PRODUCT_INFO[p].name} (${p})`, ...per.map(conv), conv(sum)],
      [undefined, ...per.map(() => cellStyle), totalStyle],
    );
  }
  // Across products a customer counts once per product: the bottom line adds rows, not customers.
  add(
    [fmt === 'int' ? 'Total (customer × product rows)' : 'Total', ...colTotals.map(conv)],
    [S.bold, ...colTotals.map(() => totalStyle)],
  );
  add([]);
}

export const summaryTab: Tab = {
  name: 'Summary',
  async write(book, db, opts) {
    const fy = fiscalYearOf(opts.asOf);
    const cells = scopeByProductCluster(db, opts.filters, opts.asOf);
    const agreements = expiringTotals(db, opts.filters, opts.asOf);
    const customers = customersInScope(db, opts.filters, opts.asOf);
    const snapshots = currentImports(db, opts.asOf)
      .map((c) => `${reportName(c.report)} ${c.snapshot}`)
      .join('; ');
    book.check();

    const sheet = book.freeSheet('Summary', [34, 16, 16, 16, 16, 16, 16, 16, 16]);
    const { add } = sheet;
    add(['Ascent Workbench export'], [S.title]);
    add(['As of', excelDate(opts.asOf)], [S.bold, S.date]);
    add(['Fiscal year', `${fy.name} (${fy.start} – ${fy.end})`], [S.bold]);
    add(['Filters', describeFilters(opts.filters)], [S.bold]);
    add(['Snapshots', snapshots || 'none'], [S.bold]);
    add(['SMC customers', customers], [S.bold, S.int]);
    add(['Expiring agreements', agreements.count], [S.bold, S.int]);
    add(['Open expiring revenue', agreements.openCents / 100], [S.bold, S.money]);
    add([]);

    grid(add, cells, 'Customers per product × cluster', (c) => c.customers, 'int');
    grid(add, cells, 'Estimated whitespace revenue per product × cluster', (c) => c.cents, 'money');
    const estimated = cells.reduce((s, c) => s + c.estimatedCents, 0);
    add(
      [
        `Whitespace revenue includes ${centsText(estimated)} estimated by the app (OrgSize × share × price) where the file has no figure; such rows are marked "Estimated: Yes".`,
      ],
      [S.note],
    );
    return sheet.finish();
  },
};
