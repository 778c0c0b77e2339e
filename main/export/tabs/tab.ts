/** What a tab is to the workbook, and the columns several tabs share. */
import type { DB } from '../../cache/db';
import type { OpportunityRow } from '../../query/export-queries';
import type { PropensityRow } from '../../../shared/filters';
import type { ExportOptions, TabName } from '../options';
import type { Book } from '../sheet-writer';
import { excelDate, type Column } from '../styles';
import type { Words } from '../words';

/**
 * One tab of the workbook: writes its sheet(s) into the book, or none when it has no rows,
 * and answers the data rows it wrote. A table tab's `count` answers the same number without
 * writing (at once, or in turns), for the Summary, which is written first (a streamed workbook
 * cannot go back to it);
 * free-form tabs (Summary, Matrix) have none.
 */
export interface Tab {
  name: TabName;
  write(book: Book, db: DB, opts: ExportOptions, w: Words): Promise<number>;
  count?(db: DB, opts: ExportOptions): number | Promise<number>;
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

export function customerProductColumns(w: Words): Column<CustomerProductRow>[] {
  return [
    { header: w.col('customerId'), kind: 'text', value: (r) => r.customerId },
    { header: w.col('accountName'), width: 24, kind: 'text', value: (r) => r.accountName },
    { header: w.col('country'), kind: 'text', value: (r) => r.country },
    { header: w.col('area'), kind: 'text', value: (r) => r.area },
    { header: w.col('industry'), kind: 'text', value: (r) => r.industry },
    { header: w.col('vertical'), kind: 'text', value: (r) => r.vertical },
    { header: w.col('subSegment'), width: 22, kind: 'text', value: (r) => r.subSegment },
    { header: w.col('orgSize'), kind: 'int', value: (r) => r.orgSize },
    { header: w.col('product'), width: 9, kind: 'text', value: (r) => r.product },
    { header: w.col('fit'), kind: 'score', value: (r) => r.fit },
    { header: w.col('intent'), kind: 'score', value: (r) => r.intent },
  ];
}

export function cellAndCluster(w: Words): Column<CustomerProductRow>[] {
  return [
    { header: w.col('cell'), kind: 'text', value: (r) => r.cell },
    { header: w.col('cluster'), width: 12, kind: 'cluster', value: (r) => r.cluster },
  ];
}

/** The first columns of the opportunity tabs (Whitespace revenue, Upsell). */
export function opportunityBase(w: Words): Column<OpportunityRow>[] {
  return [...customerProductColumns(w), ...cellAndCluster(w)];
}

export function snapshotColumn(w: Words): Column<{ snapshot: string }> {
  return { header: w.col('snapshot'), kind: 'date', value: (r) => excelDate(r.snapshot) };
}

/** Counts a generator's rows (the smaller tabs' `count`: their rows are few, or cheap to read). */
export function countOf(rows: Iterable<unknown>): number {
  let n = 0;
  const it = rows[Symbol.iterator]();
  while (!it.next().done) n++;
  return n;
}
