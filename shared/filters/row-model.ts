import { z } from 'zod';
import { CELLS, CLUSTERS } from './domain/matrix';
import { PRODUCTS } from './domain/products';

/** In a list filter, matches an empty value, so facets can offer blanks too. */
export const BLANK = '(none)';
const orBlank = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.enum(values), z.literal(BLANK)]);

/** The list filters of the model, which the grid also offers as facets. */
export const FACET_FIELDS = [
  'product',
  'cluster',
  'cell',
  'country',
  'area',
  'industry',
  'vertical',
  'subSegment',
  'computedCluster',
] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

/** The one filter model of the grid, `ascent rows` and exports. Every list is OR within, AND across. */
export const Filters = z
  .object({
    product: z.array(z.enum(PRODUCTS)).optional(),
    cluster: z.array(orBlank(CLUSTERS)).optional(),
    country: z.array(z.string().max(200)).optional(),
    area: z.array(z.string().max(200)).optional(),
    industry: z.array(z.string().max(200)).optional(),
    vertical: z.array(z.string().max(200)).optional(),
    subSegment: z.array(z.string().max(200)).optional(),
    cell: z.array(orBlank(CELLS)).optional(),
    computedCluster: z.array(orBlank(CLUSTERS)).optional(),
    whitespace: z.boolean().optional(),
    upsell: z.boolean().optional(),
    /** Customers with at least one end-of-service flag set. */
    eos: z.boolean().optional(),
    /** Customers with every one of these play/EOS flags set (flag names as in the file). */
    flag: z.array(z.string().max(300)).optional(),
    /** File cluster differs from the cluster computed from the scores. */
    mismatch: z.boolean().optional(),
    /** Customers who moved into Act Now since the previous snapshot of their report. */
    movedIntoActNow: z.boolean().optional(),
    search: z.string().max(200).optional(),
  })
  .strict();
export type Filters = z.infer<typeof Filters>;

/** Row keys of a propensity row: the only names a sort may use. */
export const ROW_FIELDS = [
  'customerId',
  'accountName',
  'country',
  'area',
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
  'snapshot',
] as const;
export type RowField = (typeof ROW_FIELDS)[number];
/** Row keys shown and exported but not sorted on: where a row came from. */
export const PROVENANCE_FIELDS = ['report', 'fileSubSegment'] as const;
export type ShownField = RowField | (typeof PROVENANCE_FIELDS)[number];

export const Sort = z
  .array(z.object({ field: z.enum(ROW_FIELDS), dir: z.enum(['asc', 'desc']) }).strict())
  .max(5);
export type Sort = z.infer<typeof Sort>;

export const RowsQuery = z
  .object({
    filters: Filters.default({}),
    sort: Sort.optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
export type RowsQuery = z.infer<typeof RowsQuery>;

export interface PropensityRow {
  customerId: string;
  accountName: string | null;
  country: string | null;
  area: string | null;
  industry: string | null;
  vertical: string | null;
  orgSize: number | null;
  subSegment: string | null;
  product: string;
  fit: number | null;
  intent: number | null;
  fitBand: string | null;
  intentBand: string | null;
  cell: string | null;
  cluster: string | null;
  computedCluster: string | null;
  whitespace: boolean;
  upsell: boolean;
  whitespaceRevenue: number | null;
  /** True when whitespaceRevenue is the app's estimate, not the file's figure. */
  whitespaceEstimated: boolean;
  /** Provenance: the snapshot date and the report the row comes from. */
  snapshot: string;
  report: string;
  /** The file's own subsegment label; subSegment is the canonical segment. */
  fileSubSegment: string | null;
}

export interface RowsResult {
  total: number;
  rows: PropensityRow[];
}
