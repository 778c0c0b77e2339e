/** "Movement": customers in scope whose cluster changed since the previous snapshot. */
import { movementRows, type MovementRow } from '../../query/export-queries';
import { excelDate, type Column } from '../styles';
import type { Tab } from './tab';

const COLUMNS: Column<MovementRow>[] = [
  { header: 'Customer ID', width: 16, kind: 'text', value: (r) => r.customerId },
  { header: 'Account name', width: 34, kind: 'text', value: (r) => r.accountName },
  { header: 'Country', width: 16, kind: 'text', value: (r) => r.country },
  { header: 'Area', width: 16, kind: 'text', value: (r) => r.area },
  { header: 'Industry', width: 22, kind: 'text', value: (r) => r.industry },
  { header: 'Vertical', width: 22, kind: 'text', value: (r) => r.vertical },
  { header: 'Product', width: 11, kind: 'text', value: (r) => r.product },
  { header: 'From', width: 11, kind: 'cluster', value: (r) => r.fromCluster },
  { header: 'To', width: 11, kind: 'cluster', value: (r) => r.toCluster },
  { header: 'Previous fit', width: 12, kind: 'score', value: (r) => r.fromFit },
  { header: 'Previous intent', width: 15, kind: 'score', value: (r) => r.fromIntent },
  { header: 'Fit', width: 7, kind: 'score', value: (r) => r.fit },
  { header: 'Intent', width: 8, kind: 'score', value: (r) => r.intent },
  { header: 'Previous snapshot', width: 17, kind: 'date', value: (r) => excelDate(r.fromSnapshot) },
  { header: 'Snapshot', width: 11, kind: 'date', value: (r) => excelDate(r.snapshot) },
];

export const movementTab: Tab = {
  name: 'Movement',
  write: (book, db, opts) => book.table('Movement', COLUMNS, movementRows(db, opts.filters, opts.asOf)),
};
