/** What a tab is to the workbook, and the columns several tabs share. */
import type { DB } from '../../cache/db';
import type { OpportunityRow } from '../../query/export-queries';
import type { PropensityRow } from '../../../shared/filters';
import type { ExportOptions, TabName } from '../options';
import type { Book } from '../sheet-writer';
import { excelDate, type Column } from '../styles';

/**
 * One tab of the workbook: writes its sheet(s) into the book, or none when it has no rows,
 * and answers the data rows it wrote.
 */
export interface Tab {
  name: TabName;
  write(book: Book, db: DB, opts: ExportOptions): Promise<number>;
}

/** What every customer-and-product tab starts with; both row kinds carry these fields. */
type CustomerProductRow = Pick<
  PropensityRow,
  | 'customerId'
  | 'accountName'
  | 'country'
  | 'area'
  | 'industry'
  | 'vertical'
  | 'subSegment'
  | 'orgSize'
  | 'product'
  | 'fit'
  | 'intent'
  | 'cell'
  | 'cluster'
>;

export const CUSTOMER_PRODUCT: Column<CustomerProductRow>[] = [
  { header: 'Customer ID', width: 16, kind: 'text', value: (r) => r.customerId },
  { header: 'Account name', width: 34, kind: 'text', value: (r) => r.accountName },
  { header: 'Country', width: 16, kind: 'text', value: (r) => r.country },
  { header: 'Area', width: 16, kind: 'text', value: (r) => r.area },
  { header: 'Industry', width: 22, kind: 'text', value: (r) => r.industry },
  { header: 'Vertical', width: 22, kind: 'text', value: (r) => r.vertical },
  { header: 'Subsegment', width: 26, kind: 'text', value: (r) => r.subSegment },
  { header: 'Org size', width: 10, kind: 'int', value: (r) => r.orgSize },
  { header: 'Product', width: 11, kind: 'text', value: (r) => r.product },
  { header: 'Fit', width: 7, kind: 'score', value: (r) => r.fit },
  { header: 'Intent', width: 8, kind: 'score', value: (r) => r.intent },
];

export const CELL_AND_CLUSTER: Column<CustomerProductRow>[] = [
  { header: 'Cell', width: 6, kind: 'text', value: (r) => r.cell },
  { header: 'Cluster', width: 11, kind: 'cluster', value: (r) => r.cluster },
];

/** The first columns of the opportunity tabs (Whitespace revenue, Upsell). */
export const OPPORTUNITY_BASE: Column<OpportunityRow>[] = [...CUSTOMER_PRODUCT, ...CELL_AND_CLUSTER];

export const SNAPSHOT_COLUMN: Column<{ snapshot: string }> = {
  header: 'Snapshot',
  width: 11,
  kind: 'date',
  value: (r) => excelDate(r.snapshot),
};
