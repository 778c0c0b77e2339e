/**
 * The SQL engine's pages and counts: a page's plan (planRows), its statement, and the deep pages
 * served from a remembered order. Filters become SQL in filter-sql.ts. The engine is one of two
 * behind ./row-source.ts, which chooses between it and the in-memory row store.
 */
import type { DB } from '../cache/db';
import type { Filters, PropensityRow, RowField, RowsQuery, RowsResult } from '../../shared/filters';
import { placeholders } from './current';
import { INDEXED_FILTERS, whereOf, type Where } from './filter-sql';
import { memo, memoLarge } from './memo';
import { SNAPSHOT_SQL, SQL_COLUMNS, activeFilters } from './query-model';

// Re-exported for the callers that build on rows' WHERE (exports, groups, the call list).
export { whereOf, type Where, type WhereOptions } from './filter-sql';
export { BLANK, activeFilters } from './query-model';

/** The report a row came from (its provenance, with the snapshot), looked up per row as the snapshot is. */
const REPORT_SQL = '(SELECT i.report FROM imports i WHERE i.id = p.import_id)';

const SELECT = `p.customer_id AS customerId, p.account_name AS accountName, p.domain, p.country, p.area,
  p.sales_territory AS salesTerritory, p.industry, p.vertical,
  p.org_size AS orgSize, p.sub_segment AS subSegment, p.product, p.fit, p.intent, p.fit_band AS fitBand,
  p.intent_band AS intentBand, p.cell, p.cluster, p.computed_cluster AS computedCluster, p.whitespace, p.upsell,
  p.ws_revenue AS whitespaceRevenue, p.ws_estimated AS whitespaceEstimated, ${SNAPSHOT_SQL} AS snapshot,
  ${REPORT_SQL} AS report, p.file_sub_segment AS fileSubSegment`;

/**
 * ORDER BY for a sort; ties go by customer, product and snapshot, in the first key's direction,
 * as the key index holds them. `hidden` writes the first key as an expression (`+col`) so
 * that no index is walked for the order: the planner then uses the filters' indexes and sorts.
 */
export function orderBy(sort: RowsQuery['sort'], hidden = false): string {
  const desc = sort?.[0]?.dir === 'desc';
  const keys = (sort ?? []).map((s) => {
    const col = SQL_COLUMNS[s.field];
    if (!col) throw new Error(`cannot sort by ${String(s.field)}`);
    // Blanks last in either direction, as a spreadsheet user expects (DESC puts NULL last by
    // itself; SQLite walks an index for ASC NULLS LAST as well).
    return s.dir === 'desc' ? `${col} DESC` : `${col} ASC NULLS LAST`;
  });
  for (const col of ['p.customer_id', 'p.product', 'p.import_id'])
    keys.push(`${col} ${desc ? 'DESC' : 'ASC'}`);
  if (hidden) keys[0] = `+${keys[0]}`;
  return `ORDER BY ${keys.join(', ')}`;
}

/**
 * Indexes that hold the rows in a sort's order: the key (customer, product, snapshot, then the
 * columns INDEXED_FILTERS in filter-sql.ts need) for the default order. '' is the default order.
 * Schema 7 dropped the sort indexes of fit, intent, account name and whitespace revenue: the row
 * store pages those orders, and SQL sorts them while it is built.
 */
const SORT_INDEXES: Partial<Record<RowField | '', string>> = {
  '': 'propensity_key',
};
export interface Plan {
  /** `propensity p`, with INDEXED BY when a sort index is to be walked. */
  from: string;
  order: string;
  /** True when rows come off a sort index in order, so any OFFSET is a walk that stops. */
  walk: boolean;
}

/**
 * Chooses how SQLite reads a sorted page, instead of leaving it to a planner that has no
 * statistics. Walking a sort index costs one index entry per row up to offset + limit when the
 * index answers the filters, and a table lookup per entry when it does not (about total /
 * matching entries per row wanted); sorting costs once per matching row. Measured at 1.5M rows:
 * a covered walk to offset 750,000 takes ≈ 50 ms, a sort of 400k rows ≈ 1.4 s.
 */
export function planRows(db: DB, filters: Filters, sort: RowsQuery['sort'], rowsWanted: number): Plan {
  const index = (sort?.length ?? 0) <= 1 ? SORT_INDEXES[sort?.[0]?.field ?? ''] : undefined;
  let walk = false;
  if (index) {
    if (activeFilters(filters).every((k) => INDEXED_FILTERS.has(k))) walk = true;
    else {
      const matching = countRows(db, filters);
      walk = matching > 0 && matching * matching >= rowsWanted * countRows(db, {});
    }
  }
  return {
    from: walk ? `propensity p INDEXED BY ${index}` : 'propensity p',
    order: orderBy(sort, !walk),
    walk,
  };
}

type RawRow = Omit<PropensityRow, 'whitespace' | 'upsell' | 'whitespaceEstimated'> & {
  whitespace: number;
  upsell: number;
  whitespaceEstimated: number;
};

export function toRow(r: RawRow): PropensityRow {
  return {
    ...r,
    whitespace: r.whitespace === 1,
    upsell: r.upsell === 1,
    whitespaceEstimated: r.whitespaceEstimated === 1,
  };
}

export function countRows(db: DB, filters: Filters): number {
  const w = whereOf(db, filters);
  // Filters the key index answers, beyond what the (import_id, product, cluster) index seeks:
  // count along the key index rather than let the planner seek and look up each row's table
  // entry (whitespace on one product at 1.5M rows: 1.1 s → ≈ 60 ms).
  const active = activeFilters(filters);
  const scanKey =
    active.every((k) => INDEXED_FILTERS.has(k)) && active.some((k) => k !== 'product' && k !== 'cluster');
  const from = scanKey ? `propensity p INDEXED BY ${SORT_INDEXES['']}` : 'propensity p';
  return memo(
    db,
    `count\u0000${w.sql}\u0000${JSON.stringify(w.params)}`,
    () =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${from} WHERE ${w.sql}`).get(...w.params) as { n: number }).n,
  );
}

/** The statement that reads `columns` of every row in scope, in the plan's order. */
function inOrder(db: DB, filters: Filters, plan: Plan, columns: string, asOf?: string): Where {
  const w = whereOf(db, filters, { walk: plan.walk, asOf });
  return { sql: `SELECT ${columns} FROM ${plan.from} WHERE ${w.sql} ${plan.order}`, params: w.params };
}

/** One page as a single statement (what queryRows runs unless it serves the page from a remembered order). */
export function pageQuery(
  db: DB,
  q: { filters: Filters; sort: RowsQuery['sort']; offset: number; limit: number },
  plan = planRows(db, q.filters, q.sort, q.offset + q.limit),
): { sql: string; params: unknown[]; plan: Plan } {
  const all = inOrder(db, q.filters, plan, SELECT);
  return { sql: `${all.sql} LIMIT ? OFFSET ?`, params: [...all.params, q.limit, q.offset], plan };
}

/** Pages this deep are served from the query's remembered order instead of OFFSET. */
export const DEEP_OFFSET = 1000;

/** One page and the total, by SQL (./row-source.ts chooses when SQL answers). */
export function queryRows(db: DB, q: RowsQuery): RowsResult {
  const filters = q.filters ?? {};
  const limit = q.limit ?? 100;
  const offset = q.offset ?? 0;
  if (limit === 0) return { total: countRows(db, filters), rows: [] };
  const plan = planRows(db, filters, q.sort, offset + limit);
  if (plan.walk || offset < DEEP_OFFSET) {
    const one = pageQuery(db, { filters, sort: q.sort, offset, limit }, plan);
    const rows = db.prepare(one.sql).all(...one.params) as RawRow[];
    return { total: countRows(db, filters), rows: rows.map(toRow) };
  }
  // Deep into a sorted million rows that no index holds in order: sort once, remember the
  // order (rowids only), and serve every later page of the same query by rowid.
  const order = inOrder(db, filters, plan, 'p.rowid AS id');
  const ids = memoLarge(db, `order\u0000${order.sql}\u0000${JSON.stringify(order.params)}`, () => {
    const out: number[] = [];
    const stmt = db.prepare(order.sql).pluck();
    let max = 0;
    for (const id of stmt.iterate(...order.params) as IterableIterator<number>) {
      out.push(id);
      if (id > max) max = id;
    }
    // 4 bytes a row while rowids allow it: a million-row order costs 4 MB.
    return max <= 0xffffffff ? Uint32Array.from(out) : Float64Array.from(out);
  });
  return { total: ids.length, rows: rowsById(db, Array.from(ids.subarray(offset, offset + limit))) };
}

/** Rows by rowid, in the order given (a rowid no longer there is left out). */
export function rowsById(db: DB, ids: number[]): PropensityRow[] {
  if (!ids.length) return [];
  const byId = new Map<number, RawRow>();
  const rows = db
    .prepare(
      `SELECT p.rowid AS _id, ${SELECT} FROM propensity p WHERE p.rowid IN (${placeholders(ids.length)})`,
    )
    .all(...ids) as (RawRow & { _id: number })[];
  for (const { _id, ...r } of rows) byId.set(_id, r);
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toRow(r)] : [];
  });
}

/** Every row in scope (current as of `asOf`, default today), streamed in order: for exports of any size. */
export function* iterateRows(
  db: DB,
  filters: Filters,
  sort?: RowsQuery['sort'],
  asOf?: string,
): Generator<PropensityRow> {
  const all = inOrder(db, filters, planRows(db, filters, sort, Number.MAX_SAFE_INTEGER), SELECT, asOf);
  for (const r of db.prepare(all.sql).iterate(...all.params) as IterableIterator<RawRow>) yield toRow(r);
}
