/**
 * What both query engines (SQL in rows.ts and facets.ts, the row store in row-store.ts) share:
 * the row keys' SQL columns, the blank value, which filters are set, and how a facet lists its
 * values. It imports neither engine, so neither imports the other.
 */
import type { FacetValue, FacetsOut } from '../../shared/api';
import {
  BLANK,
  FACET_FIELDS,
  RANGE_FILTERS,
  activeFilters,
  isActive,
  type FacetField,
  type Filters,
  type RowField,
} from '../../shared/filters';

export { BLANK, activeFilters };

/**
 * A row's snapshot date, looked up per row returned rather than joined: a join is evaluated for
 * every row an OFFSET skips too (a walk to offset 750,000: 21 ms without, 29 ms with the join).
 */
export const SNAPSHOT_SQL = '(SELECT i.snapshot FROM imports i WHERE i.id = p.import_id)';

/** Allow-list: row key → SQL column of `propensity p`. Nothing else ever reaches an ORDER BY. */
export const SQL_COLUMNS: Record<RowField, string> = {
  customerId: 'p.customer_id',
  accountName: 'p.account_name',
  country: 'p.country',
  area: 'p.area',
  salesTerritory: 'p.sales_territory',
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
export const LIST_COLUMNS = Object.fromEntries(FACET_FIELDS.map((f) => [f, SQL_COLUMNS[f]])) as Record<
  FacetField,
  string
>;

/**
 * The facets' range counts (FacetsOut.ranges): per range filter that is set, the rows matching
 * every filter (`total`, that range included) and the rows the other filters match without it
 * (`countOf`, by the engine's own count). Undefined when no range is set, so the facets of
 * before the ranges are unchanged.
 */
export function rangeCounts(
  filters: Filters,
  total: number,
  countOf: (f: Filters) => number,
): FacetsOut['ranges'] {
  const set = RANGE_FILTERS.filter((k) => isActive(k, filters[k]));
  if (!set.length) return undefined;
  const out: NonNullable<FacetsOut['ranges']> = {};
  for (const k of set) {
    const others: Filters = { ...filters };
    delete others[k];
    out[k] = { count: total, of: countOf(others) };
  }
  return out;
}

/** SQLite's ORDER BY value: NULL first, then by UTF-8 bytes (BINARY). */
function compareValues(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** A facet's values, most common first (ties by value, blank first), at most `limit`. */
export function topValues(counts: [string | null, number][], limit: number): FacetValue[] {
  return counts
    .sort((a, b) => b[1] - a[1] || compareValues(a[0], b[0]))
    .slice(0, limit)
    .map(([value, count]) => ({ value: value ?? BLANK, count }));
}
