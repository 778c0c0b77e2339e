/**
 * The call list's model: one row per customer present in any current report, whatever the
 * number of reports and products (types and the query's schema; the renderer may import it).
 */
import { z } from 'zod';
import { Filters } from './filters';
import { IsoDate } from './dates';
import { LOCALES } from './i18n/locales';

/**
 * The language of the priority's reasons (`why`): English by default, the contract's words (the
 * CLI's and the JSON's); the renderer asks for its own. Nothing else in an answer changes with it.
 */
export const ReasonsLanguage = z.enum(LOCALES).optional();

export interface CustomerProduct {
  cluster: string | null;
  computedCluster: string | null;
  fit: number | null;
  intent: number | null;
  whitespace: boolean;
  upsell: boolean;
  whitespaceRevenue: number | null;
  estimated: boolean;
}

export interface CustomerRow {
  customerId: string;
  accountName: string | null;
  domain: string | null;
  country: string | null;
  area: string | null;
  salesTerritory: string | null;
  industry: string | null;
  vertical: string | null;
  orgSize: number | null;
  segment: string | null;
  /** Each current product of the customer, by product key. */
  products: Record<string, CustomerProduct>;
  bestCluster: string | null;
  /** Sum over its whitespace products; `estimated` when any part is the app's estimate. */
  whitespaceRevenue: number | null;
  estimated: boolean;
  /** Its open agreements ending in the current fiscal year: the first end date, and their revenue. */
  nextAgreementEnd: string | null;
  expiringRevenue: number | null;
  eos: boolean;
  /** Products that moved into Act Now since the previous snapshot of their report. */
  movedIntoActNow: string[];
  priority: number;
  why: string[];
}

/** Scalar keys a call list sorts on. */
export const CUSTOMER_SORT_FIELDS = [
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
  'whitespaceRevenue',
  'nextAgreementEnd',
  'expiringRevenue',
  'eos',
] as const;
export type CustomerSortField = (typeof CUSTOMER_SORT_FIELDS)[number];

/** The call list grid's columns, in their default order (a saved view names its layout by these). */
export const CALL_LIST_COLUMNS = [
  'priority',
  'accountName',
  'country',
  'segment',
  'products',
  'whitespaceRevenue',
  'nextAgreementEnd',
  'why',
] as const;
export type CallListColumn = (typeof CALL_LIST_COLUMNS)[number];

export const CustomerSort = z
  .array(z.object({ field: z.enum(CUSTOMER_SORT_FIELDS), dir: z.enum(['asc', 'desc']) }).strict())
  .max(5);
export type CustomerSort = z.infer<typeof CustomerSort>;

export const CustomersQuery = z
  .object({
    filters: Filters.default({}),
    sort: CustomerSort.optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(0).max(10_000).optional(),
    asOf: IsoDate.optional(),
    lang: ReasonsLanguage,
  })
  .strict();
export type CustomersQuery = z.infer<typeof CustomersQuery>;

export interface CustomersResult {
  total: number;
  rows: CustomerRow[];
}

export interface ProductHistoryPoint {
  snapshot: string;
  report: string;
  cluster: string | null;
  fit: number | null;
  intent: number | null;
  whitespaceRevenue: number | null;
}

export interface CustomerAgreement {
  agreementId: string | null;
  licenseProgram: string | null;
  product: string | null;
  endDate: string | null;
  expirationType: string | null;
  expiringRevenue: number | null;
  snapshot: string;
}

export interface CustomerDetail extends Omit<CustomerRow, 'products'> {
  /** Every product the customer has in any snapshot: its current row (or null) and its history, oldest first. */
  products: { product: string; current: CustomerProduct | null; history: ProductHistoryPoint[] }[];
  agreements: CustomerAgreement[];
  flags: { name: string; kind: string }[];
  /** The file's columns the app does not know, verbatim. */
  extra: Record<string, string>;
}
