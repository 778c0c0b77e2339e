/**
 * The row store's meaning of each filter of the registry (shared/filters/registry.ts), keyed by
 * its keys: the type asks for an entry for every filter. Each entry narrows a mask through the
 * few operations the store offers (StoreMask); the store holds the arrays, this file the meaning.
 * SQL (filter-sql.ts) is the reference, and test/integration/row-store.test.ts holds the two to
 * each other for every filter of the registry.
 */
import { FILTER_KEYS, isActive, type FacetField, type FilterKey, type Filters } from '../../shared/filters';

/** The columns a mask can test by value: the list filters' and the yes/no columns. */
export type MaskField = FacetField | 'whitespace' | 'upsell';
/** The numeric columns a range can test: a row's own (fit, intent, whitespace revenue), the customer's OrgSize. */
export const RANGE_FIELDS = ['fit', 'intent', 'whitespaceRevenue', 'orgSize'] as const;
export type RangeField = (typeof RANGE_FIELDS)[number];

/** What the store lets a filter do to its mask: each call keeps only some rows. */
export interface StoreMask {
  /** Rows (or customer records, for a customer column) whose `field` holds one of `values`; BLANK is an empty value. */
  keepValues(field: MaskField, values: readonly (string | number)[]): void;
  /** Rows (or customer records) whose `field` is within [min, max], inclusive; a blank never is. */
  keepRange(field: RangeField, min: number | undefined, max: number | undefined): void;
  /** Rows whose file cluster differs from their computed one (both set), or (`want` false) the others. */
  keepMismatch(want: boolean): void;
  /** Customers whose account name, customer ID or domain contains `text`, as LIKE '%text%' does. */
  keepSearch(text: string): void;
  /** Customers with (or without) an end-of-service flag. */
  keepEos(want: boolean): void;
  /** Customers with the flag named. */
  keepFlag(name: string): void;
  /** Rows that pass (`want` false: fail) an SQL filter over tables the store does not hold. */
  keepSql(f: Filters, want: boolean): void;
}

type MaskBuilder<K extends FilterKey> = (value: NonNullable<Filters[K]>, m: StoreMask) => void;

const list =
  (field: FacetField): MaskBuilder<FacetField> =>
  (values, m) =>
    m.keepValues(field, values);

export const FILTER_MASKS: { [K in FilterKey]: MaskBuilder<K> } = {
  product: list('product'),
  cluster: list('cluster'),
  country: list('country'),
  area: list('area'),
  salesTerritory: list('salesTerritory'),
  industry: list('industry'),
  vertical: list('vertical'),
  subSegment: list('subSegment'),
  cell: list('cell'),
  computedCluster: list('computedCluster'),
  fit: (r, m) => m.keepRange('fit', r.min, r.max),
  intent: (r, m) => m.keepRange('intent', r.min, r.max),
  whitespaceRevenue: (r, m) => m.keepRange('whitespaceRevenue', r.min, r.max),
  orgSize: (r, m) => m.keepRange('orgSize', r.min, r.max),
  // The agreements are not in the store: their rows from SQL, as movement's.
  agreementEnd: (r, m) => m.keepSql({ agreementEnd: r }, true),
  expiringRevenue: (r, m) => m.keepSql({ expiringRevenue: r }, true),
  whitespace: (v, m) => m.keepValues('whitespace', [v ? 1 : 0]),
  upsell: (v, m) => m.keepValues('upsell', [v ? 1 : 0]),
  eos: (v, m) => m.keepEos(v),
  flag: (names, m) => {
    for (const name of names) m.keepFlag(name);
  },
  mismatch: (v, m) => m.keepMismatch(v),
  // Movement compares with the previous snapshot, which the store does not hold.
  movedIntoActNow: (v, m) => m.keepSql({ movedIntoActNow: true }, v),
  search: (text, m) => m.keepSearch(text.trim()),
};

/** Narrows `m` by every filter of `f` that is set. */
export function applyFilters(f: Filters, m: StoreMask): void {
  for (const key of FILTER_KEYS)
    if (isActive(key, f[key])) (FILTER_MASKS[key] as unknown as MaskBuilder<FilterKey>)(f[key]!, m);
}
