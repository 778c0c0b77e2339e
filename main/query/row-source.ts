/**
 * One way to ask for rows, whichever engine answers: a `RowSource` pages, counts, counts facets
 * and groups. Two implementations: SQL (rows.ts, facets.ts, groups.ts), always right and the
 * reference; and the in-memory row store (./store/), which answers pages and facets in
 * milliseconds once built for the current data. `rowSource` is the one place that chooses;
 * the service asks its row store's life (service/row-store-life.ts) for the source of the
 * moment and never names an engine.
 */
import type { DB } from '../cache/db';
import type { FacetsOut, GroupOut, MatrixOut } from '../../shared/api';
import type { Product } from '../../shared/domain/products';
import type { Filters, RowsQuery, RowsResult } from '../../shared/filters';
import { FACET_LIMIT, facets } from './facets';
import { GROUPINGS, matrix, whitespaceGroups } from './groups';
import { inForeground } from './turns';
import { countRows, queryRows as sqlRows, rowsById } from './rows';
import type { RowStore } from './row-store';

export interface RowSource {
  /** Which engine answers (for benchmarks and tests; callers need not care). */
  readonly engine: 'sql' | 'store';
  /** One page and the total of rows the filters select. */
  page(q: RowsQuery): RowsResult;
  /** How many rows the filters select. */
  count(filters: Filters): number;
  /** Values per facet under the other filters (facets.ts says how they are counted). */
  facets(filters: Filters, limit?: number): Promise<FacetsOut>;
  /** The Fit × Intent grid of one product. */
  matrix(product: Product, filters: Filters): MatrixOut;
  /** Whitespace revenue grouped two levels deep. */
  whitespace(by: keyof typeof GROUPINGS, filters: Filters): GroupOut[];
}

/** Runs a facet count on a connection of its own (the service's facets queue); default: on `db`. */
export type FacetsRunner = <T>(fn: (db: DB) => Promise<T>) => Promise<T>;

/**
 * The source for the current data: the row store when one is given (it must hold the current
 * data: service/row-store-life.ts hands out only such a store), else SQL.
 */
export function rowSource(db: DB, store: RowStore | null, onFacets?: FacetsRunner): RowSource {
  return store ? storeSource(db, store) : sqlSource(db, onFacets);
}

/** Rows of a query from the source `rowSource` chooses for `store` (SQL without one). */
export function queryRows(db: DB, q: RowsQuery, store?: RowStore | null): RowsResult {
  return rowSource(db, store ?? null).page(q);
}

function sqlSource(db: DB, onFacets: FacetsRunner = (fn) => fn(db)): RowSource {
  return {
    engine: 'sql',
    page: (q) => sqlRows(db, q),
    count: (filters) => countRows(db, filters),
    facets: (filters, limit = FACET_LIMIT) => onFacets((fdb) => facets(fdb, filters, limit)),
    matrix: (product, filters) => matrix(db, product, filters),
    whitespace: (by, filters) => whitespaceGroups(db, by, filters),
  };
}

/**
 * Pages, counts and facets from the store; the rows of a page are then read by rowid. Groups
 * stay with SQL: they sum money in whole cents over columns the store does not hold (the
 * estimate flag, exact revenue values), and their GROUP BY over the filters' indexes is not
 * what the grid waits on.
 */
function storeSource(db: DB, store: RowStore): RowSource {
  const sql = sqlSource(db);
  return {
    engine: 'store',
    page: (q) => {
      const page = store.page(db, {
        filters: q.filters ?? {},
        sort: q.sort,
        offset: q.offset ?? 0,
        limit: q.limit ?? 100,
      });
      return { total: page.total, rows: rowsById(db, page.ids) };
    },
    count: (filters) => store.count(db, filters),
    // In the foreground: a build (the call list's book) waits while it counts (≈ 0.1 s). Not SQL's
    // count, which can take seconds while the store it waits for is built.
    facets: (filters, limit = FACET_LIMIT) => inForeground(() => store.facets(db, filters, limit)),
    matrix: (product, filters) => sql.matrix(product, filters),
    whitespace: (by, filters) => sql.whitespace(by, filters),
  };
}
