/**
 * The one map between the camelCase keys of a stored row and the columns of the `propensity` and
 * `customers` tables (and `agreements`; schema.ts). The importer's INSERT lists, facet_counts' GROUP BY and the
 * queries' SELECT lists are written from it, so a column is renamed or added here once.
 * `import_id` is in neither list: it is the snapshot's, bound by the writer, never a row's field.
 */

/** What a column holds: `bool` is 0/1, `json` a JSON text. */
export type ColumnKind = 'text' | 'integer' | 'real' | 'bool' | 'json';

export interface ColumnDef {
  /** The row key (camelCase), as the API and the queries' result rows name it. */
  readonly key: string;
  /** The SQL column: a constant, never user input (allow-listed by being here). */
  readonly sql: string;
  readonly kind: ColumnKind;
  readonly notNull?: true;
  /** customers only: the file's cell of the customer field of the same name (ingest/headers.ts). */
  readonly cell?: true;
}

/** One row per (snapshot, customer, product), with copies of the firmographics it is filtered on. */
export const PROPENSITY_COLUMNS = [
  { key: 'customerId', sql: 'customer_id', kind: 'text', notNull: true },
  { key: 'product', sql: 'product', kind: 'text', notNull: true },
  { key: 'accountName', sql: 'account_name', kind: 'text' },
  { key: 'domain', sql: 'domain', kind: 'text' },
  { key: 'country', sql: 'country', kind: 'text' },
  { key: 'area', sql: 'area', kind: 'text' },
  { key: 'salesTerritory', sql: 'sales_territory', kind: 'text' },
  { key: 'industry', sql: 'industry', kind: 'text' },
  { key: 'vertical', sql: 'vertical', kind: 'text' },
  { key: 'subSegment', sql: 'sub_segment', kind: 'text' },
  { key: 'orgSize', sql: 'org_size', kind: 'integer' },
  { key: 'fit', sql: 'fit', kind: 'integer' },
  { key: 'intent', sql: 'intent', kind: 'integer' },
  { key: 'fitBand', sql: 'fit_band', kind: 'text' },
  { key: 'intentBand', sql: 'intent_band', kind: 'text' },
  { key: 'cell', sql: 'cell', kind: 'text' },
  { key: 'cluster', sql: 'cluster', kind: 'text' },
  { key: 'computedCluster', sql: 'computed_cluster', kind: 'text' },
  { key: 'whitespace', sql: 'whitespace', kind: 'bool', notNull: true },
  { key: 'upsell', sql: 'upsell', kind: 'bool', notNull: true },
  { key: 'whitespaceRevenue', sql: 'ws_revenue', kind: 'real' },
  { key: 'whitespaceEstimated', sql: 'ws_estimated', kind: 'bool', notNull: true },
  { key: 'fileSubSegment', sql: 'file_sub_segment', kind: 'text' },
] as const satisfies readonly ColumnDef[];

/** One row per (snapshot, customer): the firmographics as the file gives them, and the segment. */
export const CUSTOMER_COLUMNS = [
  { key: 'customerId', sql: 'customer_id', kind: 'text', notNull: true },
  { key: 'line', sql: 'line', kind: 'integer', notNull: true },
  { key: 'accountName', sql: 'account_name', kind: 'text', cell: true },
  { key: 'domain', sql: 'domain', kind: 'text', cell: true },
  { key: 'mpnId', sql: 'mpn_id', kind: 'text', cell: true },
  { key: 'partnerName', sql: 'partner_name', kind: 'text', cell: true },
  { key: 'duns', sql: 'duns', kind: 'text', cell: true },
  { key: 'country', sql: 'country', kind: 'text', cell: true },
  { key: 'area', sql: 'area', kind: 'text', cell: true },
  { key: 'subsidiary', sql: 'subsidiary', kind: 'text', cell: true },
  { key: 'salesTerritory', sql: 'sales_territory', kind: 'text', cell: true },
  { key: 'city', sql: 'city', kind: 'text', cell: true },
  { key: 'state', sql: 'state', kind: 'text', cell: true },
  { key: 'postalCode', sql: 'postal_code', kind: 'text', cell: true },
  { key: 'industry', sql: 'industry', kind: 'text', cell: true },
  { key: 'vertical', sql: 'vertical', kind: 'text', cell: true },
  { key: 'segment', sql: 'segment', kind: 'text', cell: true },
  { key: 'smcType', sql: 'smc_type', kind: 'text', cell: true },
  { key: 'offers', sql: 'offers', kind: 'text', cell: true },
  { key: 'isNonprofit', sql: 'is_nonprofit', kind: 'bool', cell: true },
  { key: 'hasGoogle', sql: 'has_google', kind: 'bool', cell: true },
  { key: 'hasAws', sql: 'has_aws', kind: 'bool', cell: true },
  { key: 'hasEa', sql: 'has_ea', kind: 'bool', cell: true },
  { key: 'hasOpen', sql: 'has_open', kind: 'bool', cell: true },
  { key: 'hasAzure', sql: 'has_azure', kind: 'bool', cell: true },
  { key: 'hasD365', sql: 'has_d365', kind: 'bool', cell: true },
  { key: 'hasM365', sql: 'has_m365', kind: 'bool', cell: true },
  { key: 'transacted36', sql: 'transacted_36m', kind: 'bool', cell: true },
  { key: 'orgSize', sql: 'org_size', kind: 'integer' },
  { key: 'azurePotential', sql: 'azure_potential', kind: 'real' },
  /** The canonical segment (shared/domain/segments.ts canonicalSegment). */
  { key: 'subSegment', sql: 'sub_segment', kind: 'text' },
  /** The file's own subsegment label. */
  { key: 'fileSubSegment', sql: 'sub_segment_file', kind: 'text' },
  { key: 'derivedSubSegment', sql: 'sub_segment_derived', kind: 'text' },
  /** The columns the app does not know, verbatim, as one JSON object. */
  { key: 'extra', sql: 'extra', kind: 'json' },
] as const satisfies readonly ColumnDef[];

/** One row per agreement line of an agreements report. */
export const AGREEMENT_COLUMNS = [
  { key: 'line', sql: 'line', kind: 'integer', notNull: true },
  { key: 'customerId', sql: 'customer_id', kind: 'text', notNull: true },
  { key: 'agreementId', sql: 'agreement_id', kind: 'text' },
  { key: 'licenseProgram', sql: 'license_program', kind: 'text' },
  { key: 'endDate', sql: 'end_date', kind: 'text' },
  { key: 'expirationType', sql: 'expiration_type', kind: 'text' },
  { key: 'expiringRevenue', sql: 'expiring_revenue', kind: 'real' },
  /** RevSumDivisionName: the product up for renewal. */
  { key: 'product', sql: 'product', kind: 'text' },
  { key: 'upsell', sql: 'upsell', kind: 'bool' },
  /** The file's cluster columns, which describe the agreement, as JSON. */
  { key: 'clusters', sql: 'clusters', kind: 'json' },
] as const satisfies readonly ColumnDef[];

type ValueOf<K extends ColumnKind> = K extends 'bool'
  ? 0 | 1
  : K extends 'integer' | 'real'
    ? number
    : string;

/** The row a list of columns describes, by key: what the importer binds. */
export type RowOf<Cols extends readonly ColumnDef[]> = {
  [C in Cols[number] as C['key']]: ValueOf<C['kind']> | (C extends { notNull: true } ? never : null);
};

export type PropensityKey = (typeof PROPENSITY_COLUMNS)[number]['key'];
export type CustomerKey = (typeof CUSTOMER_COLUMNS)[number]['key'];
export type PropensityRecord = RowOf<typeof PROPENSITY_COLUMNS>;
export type CustomerRecord = RowOf<typeof CUSTOMER_COLUMNS>;
export type AgreementRecord = RowOf<typeof AGREEMENT_COLUMNS>;

/** Row key → SQL column of `propensity`. */
export const PROPENSITY_SQL = Object.fromEntries(PROPENSITY_COLUMNS.map((c) => [c.key, c.sql])) as Record<
  PropensityKey,
  string
>;

/** `alias.column` of a propensity key, e.g. `p.sub_segment` for subSegment. */
export function propensityColumn(key: PropensityKey, alias = 'p'): string {
  return `${alias}.${PROPENSITY_SQL[key]}`;
}

/**
 * A SELECT list of propensity keys whose result rows carry those keys:
 * `p.customer_id AS customerId, p.country, …` (no alias where column and key agree).
 */
export function propensitySelect(keys: readonly PropensityKey[], alias = 'p'): string {
  return keys
    .map((k) => (PROPENSITY_SQL[k] === k ? `${alias}.${k}` : `${alias}.${PROPENSITY_SQL[k]} AS ${k}`))
    .join(', ');
}

/** `INSERT INTO table (import_id, …columns)` with one `?` per column. */
export function insertSql(verb: string, table: string, columns: readonly ColumnDef[]): string {
  const names = ['import_id', ...columns.map((c) => c.sql)];
  return `${verb} INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
}

/**
 * A function that lays a row out as the statement's parameters, import id first, in `columns`'
 * order: one reused array, since the statement copies what it binds.
 */
export function binder<R extends object>(
  columns: readonly ColumnDef[],
): (importId: number, row: R) => unknown[] {
  const keys = columns.map((c) => c.key);
  const out: unknown[] = new Array(keys.length + 1);
  return (importId, row) => {
    out[0] = importId;
    for (let i = 0; i < keys.length; i++) out[i + 1] = (row as Record<string, unknown>)[keys[i]!];
    return out;
  };
}
