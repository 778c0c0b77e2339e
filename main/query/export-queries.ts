/**
 * Queries behind the export tabs. Every propensity-based query takes its scope from whereOf()
 * (the one filter model of the grid and `ascent rows`), current as of the export's as-of date;
 * rows are streamed with iterate().
 */
import type { DB } from '../cache/db';
import type { Filters } from '../../shared/filters';
import { fiscalYearOf } from '../../shared/domain/fiscal';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { activeFilters } from '../../shared/filters';
import { listSql, movementPairs, searchSql, searchedIn, whereOf, type Where } from './filter-sql';
import { CENTS_SUM, summary } from './summary';
import { currentImports, currentPropensityIds, currentRowsWhere, placeholders } from './current';

export interface ScopeCell {
  product: string;
  cluster: string | null;
  customers: number;
  /** Whitespace revenue in cents (whitespace rows only). */
  cents: number;
  /** The part of `cents` that is the app's estimate. */
  estimatedCents: number;
}

/** Customers and whitespace revenue per product × file cluster, in scope. */
export function scopeByProductCluster(db: DB, filters: Filters, asOf?: string): ScopeCell[] {
  const w = whereOf(db, filters, { asOf });
  return db
    .prepare(
      `SELECT p.product, p.cluster, COUNT(*) AS customers,
         ${CENTS_SUM('CASE WHEN p.whitespace = 1 THEN p.ws_revenue END')} AS cents,
         ${CENTS_SUM('CASE WHEN p.whitespace = 1 AND p.ws_estimated = 1 THEN p.ws_revenue END')} AS estimatedCents
       FROM propensity p WHERE ${w.sql} GROUP BY p.product, p.cluster`,
    )
    .all(...w.params) as ScopeCell[];
}

/** Distinct customers in scope (all current downloads when no filter is set, as the summary counts them). */
export function customersInScope(db: DB, filters: Filters, asOf: string): number {
  if (activeFilters(filters).length === 0) return summary(db, asOf).customers;
  const w = whereOf(db, filters, { asOf });
  return (
    db
      .prepare(`SELECT COUNT(DISTINCT p.customer_id) AS n FROM propensity p WHERE ${w.sql}`)
      .get(...w.params) as {
      n: number;
    }
  ).n;
}

export interface MatrixCell {
  product: string;
  fitBand: string | null;
  intentBand: string | null;
  customers: number;
  cents: number;
}

export function matrixCells(db: DB, filters: Filters, asOf?: string): MatrixCell[] {
  const w = whereOf(db, filters, { asOf });
  return db
    .prepare(
      `SELECT p.product, p.fit_band AS fitBand, p.intent_band AS intentBand, COUNT(*) AS customers,
         ${CENTS_SUM('CASE WHEN p.whitespace = 1 THEN p.ws_revenue END')} AS cents
       FROM propensity p WHERE ${w.sql} GROUP BY p.product, p.fit_band, p.intent_band`,
    )
    .all(...w.params) as MatrixCell[];
}

export interface OpportunityRow {
  customerId: string;
  accountName: string | null;
  country: string | null;
  area: string | null;
  industry: string | null;
  vertical: string | null;
  subSegment: string | null;
  orgSize: number | null;
  product: string;
  fit: number | null;
  intent: number | null;
  cell: string | null;
  cluster: string | null;
  whitespaceRevenue: number | null;
  whitespaceEstimated: number;
  snapshot: string;
}

const OPPORTUNITY = `p.customer_id AS customerId, p.account_name AS accountName, p.country, p.area, p.industry,
  p.vertical, p.sub_segment AS subSegment, p.org_size AS orgSize, p.product, p.fit, p.intent, p.cell, p.cluster,
  p.ws_revenue AS whitespaceRevenue, p.ws_estimated AS whitespaceEstimated, i.snapshot`;

/** `filters` narrowed by one boolean flag; null when the filters already exclude it. */
function narrowed(filters: Filters, key: 'whitespace' | 'upsell'): Filters | null {
  if (filters[key] === false) return null;
  return { ...filters, [key]: true };
}

/** Whitespace opportunities in scope, largest estimated revenue first (no revenue last). */
export function* whitespaceRows(db: DB, filters: Filters, asOf?: string): Generator<OpportunityRow> {
  const f = narrowed(filters, 'whitespace');
  if (!f) return;
  const w = whereOf(db, f, { asOf });
  yield* db
    .prepare(
      `SELECT ${OPPORTUNITY} FROM propensity p JOIN imports i ON i.id = p.import_id WHERE ${w.sql}
       ORDER BY p.ws_revenue DESC, p.customer_id, p.product`,
    )
    .iterate(...w.params) as IterableIterator<OpportunityRow>;
}

export interface Totals {
  rows: number;
  cents: number;
  estimatedCents: number;
}

export function whitespaceTotals(db: DB, filters: Filters, asOf?: string): Totals {
  const f = narrowed(filters, 'whitespace');
  if (!f) return { rows: 0, cents: 0, estimatedCents: 0 };
  const w = whereOf(db, f, { asOf });
  return db
    .prepare(
      `SELECT COUNT(*) AS rows, ${CENTS_SUM('p.ws_revenue')} AS cents,
         ${CENTS_SUM('CASE WHEN p.ws_estimated = 1 THEN p.ws_revenue END')} AS estimatedCents
       FROM propensity p WHERE ${w.sql}`,
    )
    .get(...w.params) as Totals;
}

/** Upsell candidates in scope (the customer owns the product and is likely to buy more). */
export function* upsellRows(db: DB, filters: Filters, asOf?: string): Generator<OpportunityRow> {
  const f = narrowed(filters, 'upsell');
  if (!f) return;
  const w = whereOf(db, f, { asOf });
  yield* db
    .prepare(
      `SELECT ${OPPORTUNITY} FROM propensity p JOIN imports i ON i.id = p.import_id WHERE ${w.sql}
       ORDER BY p.customer_id, p.product`,
    )
    .iterate(...w.params) as IterableIterator<OpportunityRow>;
}

export interface EosRow {
  customerId: string;
  accountName: string | null;
  country: string | null;
  area: string | null;
  industry: string | null;
  vertical: string | null;
  orgSize: number | null;
  flag: string;
  value: string | null;
  snapshot: string;
}

/** One row per customer in scope and end-of-service flag set in a current propensity download. */
export function* eosRows(db: DB, filters: Filters, asOf?: string): Generator<EosRow> {
  const ids = currentPropensityIds(db, asOf);
  const w = whereOf(db, filters, { asOf });
  yield* db
    .prepare(
      `SELECT c.customer_id AS customerId, c.account_name AS accountName, c.country, c.area, c.industry, c.vertical,
         c.org_size AS orgSize, n.name AS flag, g.value, i.snapshot
       FROM flags g JOIN flag_names n ON n.id = g.flag_id AND n.kind = 'eos'
       JOIN customers c ON c.import_id = g.import_id AND c.customer_id = g.customer_id
       JOIN imports i ON i.id = g.import_id
       WHERE g.import_id IN (${placeholders(ids.length)})
         AND EXISTS (SELECT 1 FROM propensity p WHERE p.import_id = g.import_id AND p.customer_id = g.customer_id AND ${w.sql})
       ORDER BY c.customer_id, n.name, i.snapshot`,
    )
    .iterate(...ids, ...w.params) as IterableIterator<EosRow>;
}

export interface AgreementRow {
  customerId: string;
  accountName: string | null;
  country: string | null;
  agreementId: string | null;
  licenseProgram: string | null;
  product: string | null;
  endDate: string;
  expirationType: string | null;
  expiringRevenue: number | null;
  clusters: string | null;
  snapshot: string;
}

const FIRMOGRAPHIC = {
  country: 'country',
  area: 'area',
  salesTerritory: 'sales_territory',
  industry: 'industry',
  vertical: 'vertical',
  subSegment: 'sub_segment',
} as const;

/**
 * Agreement scope. Agreements are not propensity rows, so only the filters that describe the
 * customer apply: country, area, sales territory, industry, vertical, subsegment and search, matched against
 * the customer's row in any current download (agreements or propensity). Product, cluster and
 * the other propensity filters do not narrow agreements.
 */
export function agreementScope(db: DB, filters: Filters, alias = 'a', asOf?: string): Where {
  const ids = currentImports(db, asOf).map((c) => c.id);
  const conds: string[] = [];
  const params: unknown[] = [];
  for (const [key, col] of Object.entries(FIRMOGRAPHIC) as [keyof typeof FIRMOGRAPHIC, string][]) {
    const values = filters[key];
    if (!values || values.length === 0) continue;
    const w = listSql(`c2.${col}`, values);
    conds.push(w.sql);
    params.push(...w.params);
  }
  const search = searchSql(filters.search, searchedIn('c2'));
  if (search) {
    conds.push(search.sql);
    params.push(...search.params);
  }
  if (!conds.length) return { sql: '1', params: [] };
  return {
    sql: `EXISTS (SELECT 1 FROM customers c2 WHERE c2.import_id IN (${placeholders(ids.length)})
            AND c2.customer_id = ${alias}.customer_id AND ${conds.join(' AND ')})`,
    params: [...ids, ...params],
  };
}

/**
 * Agreements of the current agreements download whose end date falls in the fiscal year of
 * `asOf`, earliest first, with the customer's current file clusters per product.
 */
export function* expiringAgreements(db: DB, filters: Filters, asOf: string): Generator<AgreementRow> {
  const fy = fiscalYearOf(asOf);
  const current = currentImports(db, asOf);
  const agreementIds = current.filter((c) => c.report === 'agreements').map((c) => c.id);
  if (!agreementIds.length) return;
  const propIds = current.filter((c) => PROPENSITY_REPORTS.includes(c.report)).map((c) => c.id);
  const scope = agreementScope(db, filters, 'a', asOf);
  const currentRows = currentRowsWhere(db, 'p', asOf, { oneCustomer: true });
  yield* db
    .prepare(
      `SELECT a.customer_id AS customerId,
         COALESCE(c.account_name, (SELECT c3.account_name FROM customers c3 WHERE c3.import_id IN (${placeholders(propIds.length)})
           AND c3.customer_id = a.customer_id AND c3.account_name IS NOT NULL LIMIT 1)) AS accountName,
         COALESCE(c.country, (SELECT c3.country FROM customers c3 WHERE c3.import_id IN (${placeholders(propIds.length)})
           AND c3.customer_id = a.customer_id AND c3.country IS NOT NULL LIMIT 1)) AS country,
         a.agreement_id AS agreementId,
         a.license_program AS licenseProgram, a.product, a.end_date AS endDate, a.expiration_type AS expirationType,
         a.expiring_revenue AS expiringRevenue, i.snapshot,
         (SELECT group_concat(p.product || ': ' || p.cluster, '; ') FROM propensity p
            WHERE ${currentRows.sql} AND p.customer_id = a.customer_id
              AND p.cluster IS NOT NULL) AS clusters
       FROM agreements a JOIN imports i ON i.id = a.import_id
       LEFT JOIN customers c ON c.import_id = a.import_id AND c.customer_id = a.customer_id
       WHERE a.import_id IN (${placeholders(agreementIds.length)}) AND a.end_date BETWEEN ? AND ? AND ${scope.sql}
       ORDER BY a.end_date, a.customer_id, a.line`,
    )
    .iterate(
      ...propIds,
      ...propIds,
      ...currentRows.params,
      ...agreementIds,
      fy.start,
      fy.end,
      ...scope.params,
    ) as IterableIterator<AgreementRow>;
}

export function expiringTotals(
  db: DB,
  filters: Filters,
  asOf: string,
): { count: number; cents: number; openCents: number } {
  const fy = fiscalYearOf(asOf);
  const agreementIds = currentImports(db, asOf)
    .filter((c) => c.report === 'agreements')
    .map((c) => c.id);
  const scope = agreementScope(db, filters, 'a', asOf);
  return db
    .prepare(
      `SELECT COUNT(*) AS count, ${CENTS_SUM('a.expiring_revenue')} AS cents,
         ${CENTS_SUM('CASE WHEN a.end_date >= ? THEN a.expiring_revenue END')} AS openCents
       FROM agreements a WHERE a.import_id IN (${placeholders(agreementIds.length)}) AND a.end_date BETWEEN ? AND ?
         AND ${scope.sql}`,
    )
    .get(asOf, ...agreementIds, fy.start, fy.end, ...scope.params) as {
    count: number;
    cents: number;
    openCents: number;
  };
}

export interface MovementRow {
  customerId: string;
  accountName: string | null;
  country: string | null;
  area: string | null;
  industry: string | null;
  vertical: string | null;
  product: string;
  fromCluster: string | null;
  toCluster: string | null;
  fromFit: number | null;
  fromIntent: number | null;
  fit: number | null;
  intent: number | null;
  fromSnapshot: string;
  snapshot: string;
}

/**
 * For each current propensity download with an earlier snapshot of the same report kind:
 * customers present in both whose file cluster for a product differs (from → to), in scope.
 */
export function* movementRows(db: DB, filters: Filters, asOf?: string): Generator<MovementRow> {
  const pairs = movementPairs(db, currentImports(db, asOf));
  if (!pairs.length) return;
  const w = whereOf(db, filters, { asOf });
  const stmt = db.prepare(
    `SELECT p.customer_id AS customerId, p.account_name AS accountName, p.country, p.area, p.industry, p.vertical,
       p.product, q.cluster AS fromCluster, p.cluster AS toCluster, q.fit AS fromFit, q.intent AS fromIntent,
       p.fit, p.intent, ip.snapshot AS fromSnapshot, i.snapshot
     FROM propensity p JOIN imports i ON i.id = p.import_id
     JOIN imports ip ON ip.id = ?
     LEFT JOIN propensity q ON q.import_id = ip.id AND q.customer_id = p.customer_id AND q.product = p.product
     WHERE p.import_id = ?
       AND EXISTS (SELECT 1 FROM customers pc WHERE pc.import_id = ip.id AND pc.customer_id = p.customer_id)
       AND p.cluster IS NOT q.cluster AND ${w.sql}
     ORDER BY p.customer_id, p.product`,
  );
  for (const [cur, prev] of pairs)
    yield* stmt.iterate(prev, cur, ...w.params) as IterableIterator<MovementRow>;
}
