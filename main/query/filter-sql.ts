/**
 * The SQL meaning of each filter of the registry (shared/filters/registry.ts), keyed by its keys:
 * the type asks for an entry for every filter, so a new one cannot be forgotten here. `whereOf`
 * puts them together into the one WHERE of current rows the SQL engine and the exports use.
 * Values are always bound, columns always from the allow-list.
 */
import type { DB } from '../cache/db';
import {
  FILTER_KEYS,
  isActive,
  type DateRange,
  type FilterKey,
  type Filters,
  type ListFilterKey,
  type NumberRange,
} from '../../shared/filters';
import { PRODUCTS, PROPENSITY_REPORTS } from '../../shared/domain/products';
import { fiscalYearOf, todayIso } from '../../shared/domain/fiscal';
import {
  currentImports,
  currentPropensityIds,
  currentRowsWhere,
  placeholders,
  previousImport,
  type ImportRef,
  type Where,
} from './current';
import { BLANK, LIST_COLUMNS } from './query-model';

export type { Where };

/** A list filter's values on a column: `col IN (…)`, and `col IS NULL` for BLANK. */
export function listSql(col: string, values: readonly string[]): Where {
  const real = values.filter((v) => v !== BLANK);
  const ors: string[] = [];
  if (real.length) ors.push(`${col} IN (${placeholders(real.length)})`);
  if (real.length !== values.length) ors.push(`${col.replace(/^\+/, '')} IS NULL`);
  return { sql: `(${ors.join(' OR ')})`, params: real };
}

/** The quick search, LIKE '%text%' on each column (ASCII case folded, as LIKE does); null for a blank text. */
export function searchSql(text: string | undefined, columns: readonly string[]): Where | null {
  const search = text?.trim();
  if (!search) return null;
  const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return {
    sql: `(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`,
    params: columns.map(() => like),
  };
}
/** The columns the grid's search looks in, on `propensity` or `customers`. */
export const SEARCHED_COLUMNS = ['account_name', 'customer_id', 'domain'] as const;
export const searchedIn = (alias: string) => SEARCHED_COLUMNS.map((c) => `${alias}.${c}`);

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

/**
 * A range's ends on an expression, inclusive, bound. A NULL value fails every comparison, so a
 * blank never matches a range, open-ended or not.
 */
export function rangeSql(
  expr: string,
  lo: number | string | undefined,
  hi: number | string | undefined,
): Where {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (lo !== undefined) {
    parts.push(`${expr} >= ?`);
    params.push(lo);
  }
  if (hi !== undefined) {
    parts.push(`${expr} <= ?`);
    params.push(hi);
  }
  return { sql: `(${parts.join(' AND ')})`, params };
}
const numberRange = (col: string) => (r: NumberRange) => rangeSql(col, r.min, r.max);

/** The current agreements reports' import ids (as of `asOf`). */
function agreementIds(db: DB, asOf: string | undefined): number[] {
  return currentImports(db, asOf)
    .filter((c) => c.report === 'agreements')
    .map((c) => c.id);
}

/**
 * Rows whose customer has an open agreement (current agreements report, not ended on the as-of
 * date) ending within [from, to]. Written as `customer_id IN (…)`, evaluated once into a keyed
 * set, as flaggedSql is; `+` for the same reason.
 */
export function agreementEndSql(db: DB, r: DateRange, asOf: string | undefined): Where {
  const ids = agreementIds(db, asOf);
  if (!ids.length) return { sql: '0', params: [] };
  const within = rangeSql('a.end_date', r.from, r.to);
  return {
    sql: `+p.customer_id IN (SELECT a.customer_id FROM agreements a WHERE a.import_id IN (${placeholders(ids.length)}) AND a.end_date >= ? AND ${within.sql})`,
    params: [...ids, asOf ?? todayIso(), ...within.params],
  };
}

/**
 * Rows whose customer's expiring revenue is within [min, max]: the sum, to the cent, over its
 * open agreements ending in the as-of date's fiscal year, as the call list's expiringRevenue
 * (main/query/customers.ts). A customer with none (or only blank revenues) has none: SUM is NULL.
 */
export function expiringRevenueSql(db: DB, r: NumberRange, asOf: string | undefined): Where {
  const ids = agreementIds(db, asOf);
  if (!ids.length) return { sql: '0', params: [] };
  const day = asOf ?? todayIso();
  const fy = fiscalYearOf(day);
  const sum = rangeSql('SUM(CAST(ROUND(a.expiring_revenue * 100) AS INTEGER)) / 100.0', r.min, r.max);
  return {
    sql: `+p.customer_id IN (SELECT a.customer_id FROM agreements a WHERE a.import_id IN (${placeholders(ids.length)}) AND a.end_date >= ? AND a.end_date BETWEEN ? AND ? GROUP BY a.customer_id HAVING ${sum.sql})`,
    params: [...ids, day, fy.start, fy.end, ...sum.params],
  };
}

/** The file's cluster disagrees with the one computed from the scores. */
export const MISMATCH_SQL =
  'p.cluster IS NOT NULL AND p.computed_cluster IS NOT NULL AND p.cluster <> p.computed_cluster';

/** Each current propensity snapshot with the one before it of its report: [current id, previous id]. */
export function movementPairs(db: DB, imports: ImportRef[]): [number, number][] {
  return imports
    .filter((c) => PROPENSITY_REPORTS.includes(c.report))
    .flatMap((c) => {
      const prev = previousImport(db, c);
      return prev ? [[c.id, prev.id] as [number, number]] : [];
    });
}

/**
 * Rows of `propensity <alias>` that moved into Act Now: Act Now in their snapshot, and their
 * customer was in the previous snapshot of the report without Act Now for the product. IS, not
 * =: a blank cluster makes the test false rather than NULL, so "not moved" (NOT this) is exactly
 * the rows "moved" does not hold.
 */
export function movedIntoActNowSql(pairs: [number, number][], alias = 'p'): Where {
  const a = alias;
  const cond = pairs.length
    ? `(${pairs.map(() => `(${a}.import_id = ? AND EXISTS (SELECT 1 FROM customers pc WHERE pc.import_id = ? AND pc.customer_id = ${a}.customer_id) AND NOT EXISTS (SELECT 1 FROM propensity pp WHERE pp.import_id = ? AND pp.customer_id = ${a}.customer_id AND pp.product = ${a}.product AND pp.cluster = 'Act Now'))`).join(' OR ')})`
    : '0';
  return { sql: `(${a}.cluster IS 'Act Now' AND ${cond})`, params: pairs.flatMap(([c, p]) => [c, p, p]) };
}

interface SqlContext {
  db: DB;
  /** The current propensity imports. */
  ids: number[];
  asOf: string | undefined;
  /** See WhereOptions.walk. */
  walk: boolean;
  /** Every filter of the set, for hints that depend on more than one. */
  filters: Filters;
}

interface FilterSql<K extends FilterKey> {
  /** The filter's condition over `propensity p` (or facet_counts, when `counted`), for a set value. */
  where: (value: NonNullable<Filters[K]>, ctx: SqlContext) => Where;
  /** A sort index answers it by itself (its columns, or a test on customer_id): see planRows. */
  indexed: boolean;
  /** facet_counts has its columns, so facets under it can add counts up instead of scanning. */
  counted: boolean;
}

const list = (key: ListFilterKey & keyof typeof LIST_COLUMNS): FilterSql<typeof key> => ({
  where: (values) => listSql(LIST_COLUMNS[key], values),
  indexed: false,
  counted: true,
});
const bool = (col: string) => (v: boolean) => ({ sql: `${col} = ${v ? 1 : 0}`, params: [] });

/** Per filter, its SQL; the order of the entries is the order of the terms in the WHERE. */
export const FILTER_SQL: { [K in FilterKey]: FilterSql<K> } = {
  product: {
    // For a walk the product is written as an expression (see WhereOptions.walk).
    where: (values, { walk }) => listSql(`${walk ? '+' : ''}${LIST_COLUMNS.product}`, values),
    indexed: true,
    counted: true,
  },
  cluster: {
    where: (values, { filters }) => {
      const w = listSql(LIST_COLUMNS.cluster, values);
      // Naming every product (a no-op: each row has one of them) lets a cluster filter seek in the
      // (import_id, product, cluster, fit) index instead of scanning it: 70 → 11 ms at 1.5M rows.
      if (filters.product?.length) return w;
      return {
        sql: `${w.sql} AND p.product IN (${placeholders(PRODUCTS.length)})`,
        params: [...w.params, ...PRODUCTS],
      };
    },
    indexed: true,
    counted: true,
  },
  cell: list('cell'),
  country: list('country'),
  area: list('area'),
  salesTerritory: list('salesTerritory'),
  industry: list('industry'),
  vertical: list('vertical'),
  subSegment: list('subSegment'),
  computedCluster: list('computedCluster'),
  // The ranges on a row's own columns: no sort index holds them beyond its own leading column,
  // and facet_counts does not group by them (a combination per score would multiply its rows).
  fit: { where: numberRange('p.fit'), indexed: false, counted: false },
  intent: { where: numberRange('p.intent'), indexed: false, counted: false },
  whitespaceRevenue: { where: numberRange('p.ws_revenue'), indexed: false, counted: false },
  orgSize: { where: numberRange('p.org_size'), indexed: false, counted: false },
  // The agreement ranges test customer_id, which every sort index holds.
  agreementEnd: { where: (r, { db, asOf }) => agreementEndSql(db, r, asOf), indexed: true, counted: false },
  expiringRevenue: {
    where: (r, { db, asOf }) => expiringRevenueSql(db, r, asOf),
    indexed: true,
    counted: false,
  },
  whitespace: { where: bool('p.whitespace'), indexed: true, counted: true },
  upsell: { where: bool('p.upsell'), indexed: true, counted: true },
  mismatch: {
    where: (v) => ({ sql: v ? `(${MISMATCH_SQL})` : `NOT (${MISMATCH_SQL})`, params: [] }),
    indexed: false,
    counted: true,
  },
  eos: {
    where: (v, { ids }) => {
      const eos = flaggedSql(ids, 'fn.kind = ?', 'eos');
      return { sql: `${v ? '' : 'NOT '}${eos.sql}`, params: eos.params };
    },
    indexed: true,
    counted: false,
  },
  flag: {
    where: (names, { ids }) => {
      const each = names.map((name) => flaggedSql(ids, 'fn.name = ?', name));
      return { sql: each.map((w) => w.sql).join(' AND '), params: each.flatMap((w) => w.params) };
    },
    indexed: true,
    counted: false,
  },
  movedIntoActNow: {
    where: (v, { db, asOf }) => {
      const moved = movedIntoActNowSql(movementPairs(db, currentImports(db, asOf)));
      return { sql: `${v ? '' : 'NOT '}${moved.sql}`, params: moved.params };
    },
    indexed: true,
    counted: false,
  },
  search: {
    where: (text) => searchSql(text, searchedIn('p'))!, // set means it holds more than spaces
    indexed: false,
    counted: false,
  },
};

const keysWhere = (test: (s: FilterSql<FilterKey>) => boolean): ReadonlySet<FilterKey> =>
  new Set(FILTER_KEYS.filter((k) => test(FILTER_SQL[k] as unknown as FilterSql<FilterKey>)));
/** Filters a sort index answers by itself. */
export const INDEXED_FILTERS = keysWhere((s) => s.indexed);
/** Filters facet_counts can answer. */
export const COUNTED_FILTERS = keysWhere((s) => s.counted);

/**
 * Filters → a WHERE clause over `propensity p`, values bound, never spliced.
 * `walk`: the WHERE of a page read along a sort index. The product column is then written as an
 * expression: SQLite would take `product IN (one value)` for a constant, and a constant in the
 * middle of the index's order stops it trusting the columns after it, so it sorts again.
 */
export interface WhereOptions {
  /** A list filter left out (a facet's own, so its other values stay visible). */
  omit?: ListFilterKey;
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
  const ctx: SqlContext = { db, ids, asOf, walk, filters: f };
  for (const key of Object.keys(FILTER_SQL) as FilterKey[]) {
    if (key === omit || !isActive(key, f[key])) continue;
    const w = (FILTER_SQL[key] as unknown as FilterSql<FilterKey>).where(f[key]!, ctx);
    parts.push(w.sql);
    params.push(...w.params);
  }
  return { sql: parts.join(' AND '), params };
}
