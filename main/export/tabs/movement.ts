/** "Movement": customers in scope whose cluster changed since the previous snapshot. */
import { movementRows, type MovementRow } from '../../query/export-queries';
import { excelDate, type Column } from '../styles';
import type { Words } from '../words';
import { countOf, type Tab } from './tab';

const columns = (w: Words): Column<MovementRow>[] => [
  { header: w.col('customerId'), kind: 'text', value: (r) => r.customerId },
  { header: w.col('accountName'), width: 24, kind: 'text', value: (r) => r.accountName },
  { header: w.col('country'), kind: 'text', value: (r) => r.country },
  { header: w.col('area'), kind: 'text', value: (r) => r.area },
  { header: w.col('industry'), kind: 'text', value: (r) => r.industry },
  { header: w.col('vertical'), kind: 'text', value: (r) => r.vertical },
  { header: w.col('product'), width: 9, kind: 'text', value: (r) => r.product },
  { header: w.t('col.from'), width: 12, kind: 'cluster', value: (r) => r.fromCluster },
  { header: w.t('col.to'), width: 12, kind: 'cluster', value: (r) => r.toCluster },
  { header: w.t('col.previousFit'), kind: 'score', value: (r) => r.fromFit },
  { header: w.t('col.previousIntent'), kind: 'score', value: (r) => r.fromIntent },
  { header: w.col('fit'), kind: 'score', value: (r) => r.fit },
  { header: w.col('intent'), kind: 'score', value: (r) => r.intent },
  { header: w.t('col.previousSnapshot'), kind: 'date', value: (r) => excelDate(r.fromSnapshot) },
  { header: w.col('snapshot'), kind: 'date', value: (r) => excelDate(r.snapshot) },
];

export const movementTab: Tab = {
  name: 'Movement',
  write: (book, db, opts, w) =>
    book.table(w.tab('Movement'), columns(w), movementRows(db, opts.filters, opts.asOf)),
  count: (db, opts) => countOf(movementRows(db, opts.filters, opts.asOf)),
};
