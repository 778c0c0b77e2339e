/**
 * "Summary": as-of date, fiscal year, the scope in words (saved view, filters) and snapshots, the
 * headline figures, the rows of each tab, and customers and whitespace revenue per product ×
 * cluster (only the clusters in scope: no columns of zeros).
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
import { PRODUCTS, reportName } from '../../../shared/domain/products';
import { describeScope } from '../describe';
import type { TabName } from '../options';
import type { FreeSheet } from '../sheet-writer';
import { excelDate, type Styles } from '../styles';
import { productLabel, type Words } from '../words';
import type { Tab } from './tab';

/** The file's cluster of a cell, or null for none and for a value outside the four. */
const known = (c: string | null) => (c !== null && (CLUSTERS as readonly string[]).includes(c) ? c : null);

/** One product × cluster grid: a header row, a row per product, the bottom line, an empty row. */
function grid(
  add: FreeSheet['add'],
  S: Styles,
  w: Words,
  cells: ScopeCell[],
  title: string,
  pick: (c: ScopeCell) => number,
  fmt: 'int' | 'money',
): void {
  const products = PRODUCTS.filter((p) => cells.some((c) => c.product === p));
  const clusters: (string | null)[] = CLUSTERS.filter((cl) => cells.some((c) => c.cluster === cl));
  if (cells.some((c) => known(c.cluster) === null)) clusters.push(null);
  const cellStyle = fmt === 'int' ? S.int : S.money;
  const totalStyle = fmt === 'int' ? S.boldInt : S.boldMoney;
  const conv = (v: number) => (fmt === 'money' ? v / 100 : v);
  add([title], [S.bold]);
  add(
    [
      w.t('summary.product'),
      ...clusters.map((c) => (c ? w.cluster(c) : w.t('summary.noCluster'))),
      w.t('total'),
    ],
    Array(clusters.length + 2).fill(S.header),
  );
  const colTotals = Array(clusters.length + 1).fill(0) as number[];
  for (const p of products) {
    // Clusters outside the four (should not happen) count with "(no cluster)".
    const per = clusters.map((cl) =>
      cells.filter((c) => c.product === p && known(c.cluster) === cl).reduce((s, c) => s + pick(c), 0),
    );
    const sum = per.reduce((a, b) => a + b, 0);
    per.forEach((v, i) => (colTotals[i]! += v));
    colTotals[clusters.length]! += sum;
    add([productLabel(p), ...per.map(conv), conv(sum)], [undefined, ...per.map(() => cellStyle), totalStyle]);
  }
  // Across products a customer counts once per product: the bottom line adds rows, not customers.
  add(
    [fmt === 'int' ? w.t('summary.totalRows') : w.t('total'), ...colTotals.map(conv)],
    [S.bold, ...colTotals.map(() => totalStyle)],
  );
  add([]);
}

/** The rows each tab will hold, by key, for the "Rows per tab" lines (table tabs only). */
export type TabCounts = { name: TabName; rows: number }[];

export function summaryTab(counts: TabCounts): Tab {
  return {
    name: 'Summary',
    async write(book, db, opts, w) {
      const S = book.S;
      const fy = fiscalYearOf(opts.asOf);
      const cells = scopeByProductCluster(db, opts.filters, opts.asOf);
      const agreements = expiringTotals(db, opts.filters, opts.asOf);
      const customers = customersInScope(db, opts.filters, opts.asOf);
      const snapshots = currentImports(db, opts.asOf)
        .map((c) => `${reportName(c.report)} ${c.snapshot}`)
        .join('; ');
      book.check();

      const sheet = book.freeSheet(w.tab('Summary'), { minWidths: [22] });
      const { add } = sheet;
      add([w.t('summary.title')], [S.title]);
      add([w.t('summary.asOf'), excelDate(opts.asOf)], [S.bold, S.date]);
      add([w.t('summary.fiscalYear'), `${fy.name} (${fy.start} – ${fy.end})`], [S.bold]);
      add(
        [w.t('summary.filters'), describeScope(opts.filters, w.lang) ?? w.t('summary.noFilters')],
        [S.bold],
      );
      add([w.t('summary.snapshots'), snapshots || w.t('summary.none')], [S.bold]);
      add([w.t('summary.customers'), customers], [S.bold, S.int]);
      add([w.t('summary.expiringAgreements'), agreements.count], [S.bold, S.int]);
      add([w.t('summary.openExpiringRevenue'), agreements.openCents / 100], [S.bold, S.money]);
      if (opts.view) add([w.t('summary.view'), opts.view], [S.bold]);
      add([]);

      if (counts.length) {
        add([w.t('summary.tabs')], [S.bold]);
        add([w.t('summary.tab'), w.t('summary.rows')], [S.header, S.header]);
        for (const c of counts) add([w.tab(c.name), c.rows], [undefined, S.int]);
        add([]);
      }

      grid(add, S, w, cells, w.t('summary.customersGrid'), (c) => c.customers, 'int');
      grid(add, S, w, cells, w.t('summary.revenueGrid'), (c) => c.cents, 'money');
      const estimated = cells.reduce((s, c) => s + c.estimatedCents, 0);
      // The amount first: the note beside it runs over the empty cells to its right.
      add([estimated / 100, w.t('summary.estimateNote')], [S.noteMoney, S.note]);
      return sheet.finish();
    },
  };
}
