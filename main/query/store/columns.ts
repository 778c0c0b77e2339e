/**
 * The row store's columns, declared once: which column of `propensity` each store field reads,
 * whether it is held once per customer record (import × customer) or per product row, and how
 * it is coded. Adding a column the store can filter or sort on is one line here (and a filter
 * that names it, a line in filter-masks.ts); the build, the persisted copy's format and the
 * masks follow this table.
 */
import { FACET_FIELDS } from '../../../shared/filters';

export interface ColumnSpec {
  /** The column of `propensity` it is read from (an allow-listed name, never user input). */
  readonly sql: string;
  /** 'customer': the same on every product row of a customer in an import, held once per record. */
  readonly per: 'customer' | 'row';
  /** Nearly one value per customer: coded without a map of its values (it would cost more than it saves). */
  readonly unique?: true;
  /** Quick search looks in it (filter-sql.ts SEARCHED_COLUMNS, as its LIKE does). */
  readonly searched?: true;
  /**
   * Its values are kept (for filters that test values: yes/no and ranges, and for the call list's
   * book, query/customer-book.ts, which reads a record's import); the facets' columns always are.
   */
  readonly keep?: true;
}

/** customerId and importId first: the build reads a record's identity from them. */
export const STORE_COLUMNS = {
  customerId: { sql: 'customer_id', per: 'customer', unique: true, searched: true },
  importId: { sql: 'import_id', per: 'customer', keep: true },
  accountName: { sql: 'account_name', per: 'customer', unique: true, searched: true },
  country: { sql: 'country', per: 'customer' },
  area: { sql: 'area', per: 'customer' },
  salesTerritory: { sql: 'sales_territory', per: 'customer' },
  industry: { sql: 'industry', per: 'customer' },
  vertical: { sql: 'vertical', per: 'customer' },
  orgSize: { sql: 'org_size', per: 'customer', keep: true },
  subSegment: { sql: 'sub_segment', per: 'customer' },
  domain: { sql: 'domain', per: 'customer', unique: true, searched: true },
  product: { sql: 'product', per: 'row' },
  fit: { sql: 'fit', per: 'row', keep: true },
  intent: { sql: 'intent', per: 'row', keep: true },
  fitBand: { sql: 'fit_band', per: 'row' },
  intentBand: { sql: 'intent_band', per: 'row' },
  cell: { sql: 'cell', per: 'row' },
  cluster: { sql: 'cluster', per: 'row' },
  computedCluster: { sql: 'computed_cluster', per: 'row' },
  whitespace: { sql: 'whitespace', per: 'row', keep: true },
  upsell: { sql: 'upsell', per: 'row', keep: true },
  whitespaceRevenue: { sql: 'ws_revenue', per: 'row', keep: true },
} as const satisfies Record<string, ColumnSpec>;

export type ReadField = keyof typeof STORE_COLUMNS;
/** Every field the store holds: the table's, and the snapshot date (from the row's import). */
export type StoreField = ReadField | 'snapshot';

const fieldsWhere = (test: (spec: ColumnSpec) => boolean): ReadField[] =>
  (Object.keys(STORE_COLUMNS) as ReadField[]).filter((k) => test(STORE_COLUMNS[k]));

export const CUSTOMER_FIELDS = fieldsWhere((s) => s.per === 'customer');
export const ROW_FIELDS_HELD = fieldsWhere((s) => s.per === 'row');
export const SEARCHED_FIELDS = fieldsWhere((s) => !!s.searched) as SearchedField[];
export type SearchedField = {
  [K in ReadField]: (typeof STORE_COLUMNS)[K] extends { searched: true } ? K : never;
}[ReadField];

/** Columns whose values are kept: the ones list filters, ranges and the mismatch test name. */
export const KEEP_VALUES: ReadonlySet<StoreField> = new Set<StoreField>([
  ...FACET_FIELDS,
  ...fieldsWhere((s) => !!s.keep),
]);

export const isUnique = (f: StoreField): boolean =>
  f !== 'snapshot' && !!(STORE_COLUMNS[f] as ColumnSpec).unique;
