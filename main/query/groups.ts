import type { DB } from '../cache/db';
import type { GroupOut, MatrixOut } from '../../shared/api';
import { BANDS, type Band } from '../../shared/domain/matrix';
import type { Product } from '../../shared/domain/products';
import type { Filters } from '../../shared/filters';
import { readSettings } from '../cache/settings';
import { clusterOfCell } from '../../shared/domain/matrix';
import { whereOf } from './filter-sql';
import { CENTS_SUM } from './summary';

/** The 4×4 Fit × Intent grid of one product: customers and whitespace revenue per cell. */
export function matrix(db: DB, product: Product, filters: Filters = {}): MatrixOut {
  const settings = readSettings(db);
  const w = whereOf(db, { ...filters, product: [product] });
  const rows = db
    .prepare(
      `SELECT p.fit_band AS fitBand, p.intent_band AS intentBand, COUNT(DISTINCT p.customer_id) AS customers,
         ${CENTS_SUM('CASE WHEN p.whitespace = 1 THEN p.ws_revenue END')} AS cents
       FROM propensity p WHERE ${w.sql} GROUP BY p.fit_band, p.intent_band`,
    )
    .all(...w.params) as {
    fitBand: Band | null;
    intentBand: Band | null;
    customers: number;
    cents: number;
  }[];
  const cells = [];
  let unscored = 0;
  for (const r of rows) if (!r.fitBand || !r.intentBand) unscored += r.customers;
  for (const f of BANDS)
    for (const i of BANDS) {
      const r = rows.find((x) => x.fitBand === f && x.intentBand === i);
      const cell = settings.matrix.cells[f][i];
      cells.push({
        fitBand: f,
        intentBand: i,
        cell,
        cluster: clusterOfCell(cell, settings.matrix) ?? '',
        customers: r?.customers ?? 0,
        whitespaceRevenue: (r?.cents ?? 0) / 100,
      });
    }
  return { product, cells, unscored };
}

const GROUPINGS = {
  productCluster: ['p.product', 'p.cluster'],
  areaCountry: ['p.area', 'p.country'],
  industryVertical: ['p.industry', 'p.vertical'],
  territoryCluster: ['p.sales_territory', 'p.cluster'],
} as const;

/** Estimated whitespace revenue grouped two levels deep (SQL GROUP BY), largest first. */
export function whitespaceGroups(db: DB, by: keyof typeof GROUPINGS, filters: Filters = {}): GroupOut[] {
  const [a, b] = GROUPINGS[by];
  const w = whereOf(db, { ...filters, whitespace: true });
  const rows = db
    .prepare(
      `SELECT ${a} AS a, ${b} AS b, COUNT(DISTINCT p.customer_id) AS customers, ${CENTS_SUM('p.ws_revenue')} AS cents,
         ${CENTS_SUM('CASE WHEN p.ws_estimated = 1 THEN p.ws_revenue END')} AS estCents
       FROM propensity p WHERE ${w.sql} GROUP BY ${a}, ${b} ORDER BY cents DESC, a, b`,
    )
    .all(...w.params) as {
    a: string | null;
    b: string | null;
    customers: number;
    cents: number;
    estCents: number;
  }[];
  return rows.map((r) => ({
    a: r.a,
    b: r.b,
    customers: r.customers,
    revenue: r.cents / 100,
    estimatedRevenue: r.estCents / 100,
  }));
}
