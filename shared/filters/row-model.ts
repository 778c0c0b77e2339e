/** The rows the filters select: their keys, sorts, the rows query and a row as returned. */
import { z } from 'zod';
import { Filters } from './registry';

/** Row keys of a propensity row: the only names a sort may use. */
export const ROW_FIELDS = [
  'customerId',
  'accountName',
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
  'snapshot',
] as const;
export type RowField = (typeof ROW_FIELDS)[number];
/** Row keys shown and exported but not sorted on: where a row came from. */
export const PROVENANCE_FIELDS = ['report', 'fileSubSegment'] as const;
/**
 * Every key of a row a grid can show (and a saved view can name): the sortable keys, the
 * customer's domain (nearly one value per customer, so no sort index), then provenance.
 */
export const SHOWN_FIELDS = [...ROW_FIELDS, 'domain', ...PROVENANCE_FIELDS] as const;
export type ShownField = (typeof SHOWN_FIELDS)[number];

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
  /** The customer's web domain, as the file of this row's snapshot gives it. */
  domain: string | null;
  country: string | null;
  area: string | null;
  /** The customer's SalesTerritory, as the file gives it. */
  salesTerritory: string | null;
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
