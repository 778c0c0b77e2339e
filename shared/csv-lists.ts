/**
 * The CSV target lists' grains and the columns each accepts, in their default order: main writes
 * them (main/export/csv-list.ts holds a value per key), the CLI checks `--columns` against them,
 * and the export dialog keeps those of a grid's visible columns that the chosen grain accepts.
 */
import type { LabelledField } from './i18n/columns';

/** One line per customer (the call list) or per product row (Propensity). */
export const CSV_GRAINS = ['customers', 'products'] as const;
export type CsvGrain = (typeof CSV_GRAINS)[number];

/** A customer line's columns (the call list's fields). */
export const CUSTOMER_CSV_COLUMNS = [
  'priority',
  'customerId',
  'accountName',
  'domain',
  'country',
  'area',
  'salesTerritory',
  'industry',
  'vertical',
  'orgSize',
  'segment',
  'bestCluster',
  'products',
  'whitespaceRevenue',
  'estimated',
  'nextAgreementEnd',
  'expiringRevenue',
  'eos',
  'movedIntoActNow',
  'why',
] as const satisfies readonly LabelledField[];

/** A product line's columns: the propensity row, with its customer's domain and territory. */
export const PRODUCT_CSV_COLUMNS = [
  'customerId',
  'accountName',
  'domain',
  'country',
  'area',
  'salesTerritory',
  'industry',
  'vertical',
  'orgSize',
  'subSegment',
  'product',
  'fit',
  'intent',
  'fitBand',
  'intentBand',
  'cell',
  'cluster',
  'computedCluster',
  'whitespace',
  'upsell',
  'whitespaceRevenue',
  'estimated',
  'snapshot',
  'report',
  'fileSubSegment',
] as const satisfies readonly LabelledField[];

export type CustomerCsvColumn = (typeof CUSTOMER_CSV_COLUMNS)[number];
export type ProductCsvColumn = (typeof PRODUCT_CSV_COLUMNS)[number];

/** The column keys each grain offers, in their default order. */
export const CSV_COLUMNS: Record<CsvGrain, readonly LabelledField[]> = {
  customers: CUSTOMER_CSV_COLUMNS,
  products: PRODUCT_CSV_COLUMNS,
};

/** Every CSV list holds these, whatever columns are chosen: the keys a CRM matches records on. */
export const CSV_ALWAYS: readonly LabelledField[] = ['customerId', 'domain'];

/** Whether the grain has a column of that key. */
export function isCsvColumn(grain: CsvGrain, key: string): key is LabelledField {
  return (CSV_COLUMNS[grain] as readonly string[]).includes(key);
}

/**
 * The columns a list writes: the chosen ones in their order (each a key of the grain), CustomerID
 * and Domain first when not chosen; every column of the grain when none is chosen.
 */
export function csvListColumns(grain: CsvGrain, chosen?: readonly LabelledField[]): LabelledField[] {
  if (!chosen?.length) return [...CSV_COLUMNS[grain]];
  const keys = [...new Set(chosen)];
  return [...CSV_ALWAYS.filter((k) => !keys.includes(k)), ...keys];
}
