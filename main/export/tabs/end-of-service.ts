/** "End of service": one row per end-of-service flag set on a customer in scope. */
import { eosRows, type EosRow } from '../../query/export-queries';
import { excelDate, type Column } from '../styles';
import type { Words } from '../words';
import { countOf, type Tab } from './tab';

const columns = (w: Words): Column<EosRow>[] => [
  { header: w.col('customerId'), kind: 'text', value: (r) => r.customerId },
  { header: w.col('accountName'), width: 24, kind: 'text', value: (r) => r.accountName },
  { header: w.col('country'), kind: 'text', value: (r) => r.country },
  { header: w.col('area'), kind: 'text', value: (r) => r.area },
  { header: w.col('industry'), kind: 'text', value: (r) => r.industry },
  { header: w.col('vertical'), kind: 'text', value: (r) => r.vertical },
  { header: w.col('orgSize'), kind: 'int', value: (r) => r.orgSize },
  { header: w.t('col.eosFlag'), width: 30, kind: 'text', value: (r) => r.flag },
  { header: w.t('col.flagValue'), kind: 'text', value: (r) => r.value ?? w.t('yes') },
  { header: w.col('snapshot'), kind: 'date', value: (r) => excelDate(r.snapshot) },
];

export const endOfServiceTab: Tab = {
  name: 'End of service',
  write: (book, db, opts, w) =>
    book.table(w.tab('End of service'), columns(w), eosRows(db, opts.filters, opts.asOf)),
  count: (db, opts) => countOf(eosRows(db, opts.filters, opts.asOf)),
};
