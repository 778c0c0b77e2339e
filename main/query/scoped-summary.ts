/**
 * The Overview's figures for the customers a filter set holds (scope.ts): customers, expiring
 * agreements and their open revenue, file clusters per product and moves into Act Now, each
 * counted over the scope only. Without a filter it is the summary itself (memoised figures).
 */
import type { DB } from '../cache/db';
import type { SummaryOut } from '../../shared/api';
import { fiscalYearOf } from '../../shared/domain/fiscal';
import { CLUSTERS, type Cluster } from '../../shared/domain/matrix';
import { PRODUCTS } from '../../shared/domain/products';
import { activeFilters, type Filters } from '../../shared/filters';
import { currentImports, placeholders } from './current';
import { whereOf } from './filter-sql';
import { customerScopeSelect } from './scope';
import { CENTS_SUM, summary } from './summary';

export function scopedSummary(db: DB, asOf: string, filters: Filters = {}): SummaryOut {
  const all = summary(db, asOf);
  const scope = customerScopeSelect(db, filters, asOf);
  if (!scope || !activeFilters(filters).length) return all;
  const fy = fiscalYearOf(asOf);
  const agreementIds = currentImports(db, asOf)
    .filter((c) => c.report === 'agreements')
    .map((c) => c.id);

  const customers = (
    db.prepare(`SELECT COUNT(*) AS n FROM (${scope.sql})`).get(...scope.params) as { n: number }
  ).n;
  const a = db
    .prepare(
      `SELECT COUNT(*) AS n, ${CENTS_SUM('CASE WHEN a.end_date >= ? THEN a.expiring_revenue END')} AS cents
       FROM agreements a WHERE a.import_id IN (${placeholders(agreementIds.length)}) AND a.end_date BETWEEN ? AND ?
         AND a.customer_id IN (${scope.sql})`,
    )
    .get(asOf, ...agreementIds, fy.start, fy.end, ...scope.params) as { n: number; cents: number };

  const w = whereOf(db, filters, { asOf });
  const counts = db
    .prepare(
      `SELECT p.product, p.cluster, COUNT(*) AS n FROM propensity p WHERE ${w.sql} GROUP BY p.product, p.cluster`,
    )
    .all(...w.params) as { product: string; cluster: Cluster | null; n: number }[];
  const clusters: Record<string, Record<Cluster, number>> = {};
  for (const p of PRODUCTS) {
    if (!counts.some((c) => c.product === p)) continue;
    clusters[p] = Object.fromEntries(CLUSTERS.map((c) => [c, 0])) as Record<Cluster, number>;
  }
  for (const c of counts) if (c.cluster && clusters[c.product]) clusters[c.product]![c.cluster] = c.n;

  const m = whereOf(db, { ...filters, movedIntoActNow: true }, { asOf });
  const movedIntoActNow: Record<string, number> = Object.fromEntries(
    Object.keys(clusters).map((p) => [p, 0]),
  );
  for (const r of db
    .prepare(`SELECT p.product, COUNT(*) AS n FROM propensity p WHERE ${m.sql} GROUP BY p.product`)
    .all(...m.params) as { product: string; n: number }[])
    if (r.product in movedIntoActNow) movedIntoActNow[r.product] = r.n;

  return {
    ...all,
    customers,
    expiringAgreements: a.n,
    openExpiringRevenue: a.cents / 100,
    clusters,
    movedIntoActNow,
  };
}
