import type { DB } from '../cache/db';
import {
  BLANK,
  FACET_FIELDS,
  type FacetField,
  type Filters,
  type PropensityRow,
  type RowField,
  type RowsQuery,
  type RowsResult,
} from '../../shared/filters';
import { PRODUCTS } from '../../shared/domain/products';
import {
  currentImports,
  currentPropensityIds,
  currentRowsWhere,
  placeholders,
  previousImport,
  type Where,
} from './current';
import { memo, memoLarge } from './memo';
import type { RowStore } from './row-store';

/**
 * A row's snapshot date, looked up per row returned rather than joined: a join is evaluated for
 * every row an OFFSET skips too (a walk to offset 750,000: 21 ms without, 29 ms with the join).
 */
const SNAPSHOT_SQL = '(SELECT i.snapshot FROM imports i WHERE i.id = p.import_id)';
/** The report a row came from (its provenance, with the snapshot), looked up the same way. */
const REPORT_SQL = '(SELECT i.report FROM imports i WHERE i.id = p.import_id)';

/** Allow-list: row key → SQL column. Nothing else ever reaches an ORDER BY. */
export const ROW_COLUMNS: Record<RowField, string> = {
  customerId: 'p.customer_id',
  accountName: 'p.account_name',
  country: 'p.country',
  area: 'p.area',
  industry: 'p.industry',
  vertical: 'p.vertical',
  orgSize: 'p.org_size',
  subSegment: 'p.sub_segment',
  product: 'p.product',
  fit: 'p.fit',
  intent: 'p.intent',
  fitBand: 'p.fit_band',
  intentBand: 'p.intent_band',
  cell: 'p.cell',
  cluster: 'p.cluster',
  computedCluster: 'p.computed_cluster',
  whitespace: 'p.whitespace',
  upsell: 'p.upsell',
  whitespaceRevenue: 'p.ws_revenue',
  snapshot: SNAPSHOT_SQL,
};

/** The list filters, which are also the facets: filter key → SQL column, from the allow-list. */
export const LIST_COLUMNS = Object.fromEntries(FACET_FIELDS.map((f) => [f, ROW_COLUMNS[f]])) as Record<
  FacetField,
  string
>;
export type ListFilter = FacetField;

export type { Where };

export { BLANK };

/**
 * The row's customer has a flag set (by kind or by name). Written per current import as a plain
 * `customer_id IN (…)`, which SQLite evaluates once into a keyed set; a correlated EXISTS per row
 * measured 2.4× slower and a row-value IN far slower still. `+` keeps the planner from turning
 * it into lookups by customer that it must then sort: the sort indexes check it as they walk.
 */
export function flaggedSql(ids: number[], test: 'fn.kind = ?' | 'fn.name = ?', value: string): Where {
  if (!ids.length) return { sql: '0', params: [] };
  return {
    sql: `(${ids
      .map(
        () =>
          `(p.import_id = ? AND +p.customer_id IN (SELECT fg.customer_id FROM flags fg JOIN flag_names fn ON fn.id = fg.flag_id WHERE fg.import_id = ? AND ${test}))`,
      )
      .join(' OR ')})`,
    params: ids.flatMap((id) => [id, id, value]),
  };
}
/** The file's cluster disagrees with the one computed from the scores. */
export const MISMATCH_SQL =
  'p.cluster IS NOT NULL AND p.computed_cluster IS NOT NULL AND p.cluster <> p.computed_cluster';

/**
 * Filters → a WHERE clause over `propensity p`, values bound, never spliced.
 * `walk`: the WHERE of a page read along a sort index. The product column is then written as an
 * expression: SQLite would take `product IN (one value)` for a constant, and a constant in the
 * middle of the index's order stops it trusting the columns after it, so it sorts again.
 */
export interface WhereOptions {
  /** A list filter left out (a facet's own, so its other values stay visible). */
  omit?: ListFilter;
  walk?: boolean;
  table?: 'propensity' | 'facet_counts';
  /** Current as of this date (default today): the snapshots dated on or before it. */
  asOf?: string;
}

export function whereOf(db: DB, f: Filters, opts: WhereOptions = {}): Where {
  const { omit, walk = false, table = 'propensity', asOf } = opts;
  const ids = currentPropensityIds(db, asOf);
  // facet_counts has no customers: its rows are the current snapshots' combinations, and the
  // facets subtract the rows a winning report replaces (see facets.ts).
  const current: Where =
    table === 'propensity'
      ? currentRowsWhere(db, 'p', asOf)
      : { sql: `p.import_id IN (${placeholders(ids.length)})`, params: ids };
  const parts = [current.sql];
  const params: unknown[] = [...current.params];
  for (const [key, col] of Object.entries(LIST_COLUMNS) as [ListFilter, string][]) {
    const values = f[key];
    if (key === omit || !values || values.length === 0) continue;
    const real = values.filter((v) => v !== BLANK);
    const ors: string[] = [];
    if (real.length) {
      ors.push(`${walk && key === 'product' ? '+' : ''}${col} IN (${placeholders(real.length)})`);
      params.push(...real);
    }
    if (real.length !== values.length) ors.push(`${col} IS NULL`);
    parts.push(`(${ors.join(' OR ')})`);
  }
  if (f.whitespace !== undefined) parts.push(`p.whitespace = ${f.whitespace ? 1 : 0}`);
  if (f.upsell !== undefined) parts.push(`p.upsell = ${f.upsell ? 1 : 0}`);
  if (f.mismatch !== undefined) parts.push(f.mismatch ? `(${MISMATCH_SQL})` : `NOT (${MISMATCH_SQL})`);
  if (f.eos !== undefined) {
    const eos = flaggedSql(ids, 'fn.kind = ?', 'eos');
    parts.push(`${f.eos ? '' : 'NOT '}${eos.sql}`);
    params.push(...eos.params);
  }
  for (const name of f.flag ?? []) {
    const flagged = flaggedSql(ids, 'fn.name = ?', name);
    parts.push(flagged.sql);
    params.push(...flagged.params);
  }
  if (f.movedIntoActNow !== undefined) {
    const pairs = currentImports(db, asOf).flatMap((c) => {
      const prev = previousImport(db, c);
      return prev ? [[c.id, prev.id] as const] : [];
    });
    const cond = pairs.length
      ? `(${pairs.map(() => "(p.import_id = ? AND EXISTS (SELECT 1 FROM customers pc WHERE pc.import_id = ? AND pc.customer_id = p.customer_id) AND NOT EXISTS (SELECT 1 FROM propensity pp WHERE pp.import_id = ? AND pp.customer_id = p.customer_id AND pp.product = p.product AND pp.cluster = 'Act Now'))").join(' OR ')})`
      : '0';
    // IS, not =: a blank cluster makes the test false rather than NULL, so "not moved" is exactly
    // the rows "moved" does not hold.
    parts.push(`${f.movedIntoActNow ? '' : 'NOT '}(p.cluster IS 'Act Now' AND ${cond})`);
    for (const [cur, prev] of pairs) params.push(cur, prev, prev);
  }
  // Naming every product (a no-op: each row has one of them) lets a cluster filter seek in the
  // (import_id, product, cluster, fit) index instead of scanning it: 70 → 11 ms at 1.5M rows.
  if (f.cluster?.length && !f.product?.length) {
    parts.push(`p.product IN (${placeholders(PRODUCTS.length)})`);
    params.push(...PRODUCTS);
  }
  const search = f.search?.trim();
  if (search) {
    const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      "(p.account_name LIKE ? ESCAPE '\\' OR p.customer_id LIKE ? ESCAPE '\\' OR p.domain LIKE ? ESCAPE '\\')",
    );
    params.push(like, like, like);
  }
  return { sql: parts.join(' AND '), params };
}

const SELECT = `p.customer_id AS customerId, p.account_name AS accountName, p.country, p.area, p.industry, p.vertical,
  p.org_size AS orgSize, p.sub_segment AS subSegment, p.product, p.fit, p.intent, p.fit_band AS fitBand,
  p.intent_band AS intentBand, p.cell, p.cluster, p.computed_cluster AS computedCluster, p.whitespace, p.upsell,
  p.ws_revenue AS whitespaceRevenue, p.ws_estimated AS whitespaceEstimated, ${SNAPSHOT_SQL} AS snapshot,
  ${REPORT_SQL} AS report, p.file_sub_segment AS fileSubSegment`;

/**
 * ORDER BY for a sort; ties go by customer, product and snapshot, in the first key's direction,
 * as the sort indexes hold them. `hidden` writes the first key as an expression (`+col`) so
 * that no index is walked for the order: the planner then uses the filters' indexes and sorts.
 */
export function orderBy(sort: RowsQuery['sort'], hidden = false): string {
  const desc = sort?.[0]?.dir === 'desc';
  const keys = (sort ?? []).map((s) => {
    const col = ROW_COLUMNS[s.field];
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
 * Indexes that hold the rows in a sort's order (schema migration 2): the sort column, the
 * tie-break, then the columns that COVERED_FILTERS need. '' is the default order.
 */
const SORT_INDEXES: Partial<Record<RowField | '', string>> = {
  '': 'propensity_key',
  fit: 'propensity_sort_fit',
  intent: 'propensity_sort_intent',
  accountName: 'propensity_sort_account_name',
  whitespaceRevenue: 'propensity_sort_ws_revenue',
};
/** Filters a sort index answers by itself: its columns, and the ones on customer_id (flags, movement). */
const COVERED_FILTERS: ReadonlySet<string> = new Set([
  'product',
  'cluster',
  'whitespace',
  'upsell',
  'eos',
  'flag',
  'movedIntoActNow',
]);

/** The filters that are set (non-empty lists, booleans, a search with text). */
export function activeFilters(f: Filters): string[] {
  return Object.entries(f)
    .filter(([k, v]) =>
      Array.isArray(v)
        ? v.length > 0
        : k === 'search'
          ? !!(v as string | undefined)?.trim()
          : v !== undefined,
    )
    .map(([k]) => k);
}

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
    if (activeFilters(filters).every((k) => COVERED_FILTERS.has(k))) walk = true;
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
    active.every((k) => COVERED_FILTERS.has(k)) && active.some((k) => k !== 'product' && k !== 'cluster');
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

/**
 * One page and the total. With a row store of the current data (the service keeps one), any
 * filter, sort and depth is answered from it; otherwise by SQL.
 */
export function queryRows(db: DB, q: RowsQuery, store?: RowStore | null): RowsResult {
  const filters = q.filters ?? {};
  const limit = q.limit ?? 100;
  const offset = q.offset ?? 0;
  if (store) {
    const page = store.page(db, { filters, sort: q.sort, offset, limit });
    return { total: page.total, rows: rowsById(db, page.ids) };
  }
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

/** Rows by rowid, in the order given. */
function rowsById(db: DB, ids: number[]): PropensityRow[] {
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
