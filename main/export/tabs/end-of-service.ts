/** "End of service": one row per end-of-service flag set on a customer in scope. */
import { eosRows, type EosRow } from '../../query/export-queries';
import { excelDate, type Column } from '../styles';
import type { Tab } from './tab';

const COLUMNS: Column<EosRow>[] = [
  { header: 'Customer ID', width: 16, kind: 'text', value: (r) => r.customerId },
  { header: 'Account name', width: 34, kind: 'text', value: (r) => r.accountName },
  { header: 'Country', width: 16, kind: 'text', value: (r) => r.country },
  { header: 'Area', width: 16, kind: 'text', value: (r) => r.area },
  { header: 'Industry', width: 22, kind: 'text', value: (r) => r.industry },
  { header: 'Vertical', width: 22, kind: 'text', value: (r) => r.vertical },
  { header: 'Org size', width: 10, kind: 'int', value: (r) => r.orgSize },
  { header: 'End of service', width: 44, kind: 'text', value: (r) => r.flag },
  { header: 'Value', width: 14, kind: 'text', value: (r) => r.value ?? 'Yes' },
  { header: 'Snapshot', width: 11, kind: 'date', value: (r) => excelDate(r.snapshot) },
];

export const endOfServiceTab: Tab = {
  name: 'End of service',
  write: (book, db, opts) => book.table('End of service', COLUMNS, eosRows(db, opts.filters, opts.asOf)),
};
