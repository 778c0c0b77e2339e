import type { DB } from '../cache/db';
import type { SummaryOut } from '../../shared/api';
import { fiscalYearOf } from '../../shared/domain/fiscal';
import { CLUSTERS, type Cluster } from '../../shared/domain/matrix';
import { PRODUCTS, PROPENSITY_REPORTS } from '../../shared/domain/products';
import { currentImports, derived, placeholders, shadowedRowsWhere } from './current';
import { movedIntoActNowSql, movementPairs } from './filter-sql';

/** The overview figures (the contract's shape, shared/api.ts). */
export type Summary = SummaryOut;

/** Sum of money in whole cents, so that many amounts add up exactly. */
export const CENTS_SUM = (col: string) => `COALESCE(SUM(CAST(ROUND(${col} * 100) AS INTEGER)), 0)`;

export function summary(db: DB, asOf: string): Summary {
  const fy = fiscalYearOf(asOf);
  const current = currentImports(db, asOf);
  const allIds = current.map((c) => c.id);
  const propIds = current.filter((c) => PROPENSITY_REPORTS.includes(c.report)).map((c) => c.id);
  const agreementIds = current.filter((c) => c.report === 'agreements').map((c) => c.id);

  const customers = derived(
    db,
    'customers',
    () => {
      const r = db
        .prepare(
          `SELECT COUNT(*) AS n FROM (SELECT DISTINCT customer_id FROM customers WHERE import_id IN (${placeholders(allIds.length)}))`,
        )
        .get(...allIds) as { n: number };
      return r.n;
    },
    asOf,
  );

  const a = db
    .prepare(
      `SELECT COUNT(*) AS n, ${CENTS_SUM('CASE WHEN end_date >= ? THEN expiring_revenue END')} AS cents
       FROM agreements WHERE import_id IN (${placeholders(agreementIds.length)}) AND end_date BETWEEN ? AND ?`,
    )
    .get(asOf, ...agreementIds, fy.start, fy.end) as { n: number; cents: number };

  const clusters: Record<string, Record<Cluster, number>> = {};
  const counts = db
    .prepare(
      `SELECT product, cluster, SUM(n) AS n FROM cluster_counts WHERE import_id IN (${placeholders(propIds.length)})
       GROUP BY product, cluster`,
    )
    .all(...propIds) as { product: string; cluster: Cluster; n: number }[];
  for (const p of PRODUCTS) {
    if (!counts.some((c) => c.product === p)) continue;
    clusters[p] = Object.fromEntries(CLUSTERS.map((c) => [c, 0])) as Record<Cluster, number>;
  }
  for (const c of counts) if (clusters[c.product]) clusters[c.product]![c.cluster] = c.n;
  // cluster_counts counts each snapshot whole: take off the rows a winning report replaces.
  const shadowed = shadowedRowsWhere(db, 'p', asOf);
  if (shadowed)
    for (const r of db
      .prepare(
        `SELECT p.product, p.cluster, COUNT(*) AS n FROM propensity p WHERE p.cluster IS NOT NULL AND ${shadowed.sql}
         GROUP BY p.product, p.cluster`,
      )
      .all(...shadowed.params) as { product: string; cluster: Cluster; n: number }[])
      if (clusters[r.product]) clusters[r.product]![r.cluster] -= r.n;

  const movedIntoActNow = derived(
    db,
    'moved',
    () => {
      const out: Record<string, number> = Object.fromEntries(Object.keys(clusters).map((p) => [p, 0]));
      // One statement per snapshot, so that each is a seek on its import_id.
      for (const pair of movementPairs(db, current)) {
        const moved = movedIntoActNowSql([pair]);
        const rows = db
          .prepare(
            `SELECT p.product, COUNT(*) AS n FROM propensity p WHERE ${moved.sql}
             ${shadowed ? `AND NOT ${shadowed.sql}` : ''} GROUP BY p.product`,
          )
          .all(...moved.params, ...(shadowed?.params ?? [])) as { product: string; n: number }[];
        for (const r of rows) out[r.product] = (out[r.product] ?? 0) + r.n;
      }
      return out;
    },
    asOf,
  );

  return {
    asOf,
    fiscalYear: fy.name,
    fiscalYearStart: fy.start,
    fiscalYearEnd: fy.end,
    customers,
    expiringAgreements: a.n,
    openExpiringRevenue: a.cents / 100,
    clusters,
    movedIntoActNow,
    snapshots: current.map((c) => ({ report: c.report, snapshot: c.snapshot, importId: c.id })),
  };
}
