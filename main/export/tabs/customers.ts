/** "Customers": the call list in scope, highest priority first, with the reasons to call. */
import type { CustomerRow } from '../../../shared/customers';
import { customerCount, customersInOrder, productsText } from '../call-list';
import { excelDate, money, type Column } from '../styles';
import type { Words } from '../words';
import type { Tab } from './tab';

function columns(w: Words): Column<CustomerRow>[] {
  return [
    { header: w.col('priority'), kind: 'int', value: (r) => r.priority },
    { header: w.col('accountName'), width: 24, kind: 'text', value: (r) => r.accountName },
    { header: w.col('customerId'), kind: 'text', value: (r) => r.customerId },
    { header: w.col('domain'), kind: 'text', value: (r) => r.domain },
    { header: w.col('country'), kind: 'text', value: (r) => r.country },
    { header: w.col('area'), kind: 'text', value: (r) => r.area },
    { header: w.col('salesTerritory'), kind: 'text', value: (r) => r.salesTerritory },
    { header: w.col('industry'), kind: 'text', value: (r) => r.industry },
    { header: w.col('vertical'), kind: 'text', value: (r) => r.vertical },
    { header: w.col('orgSize'), kind: 'int', value: (r) => r.orgSize },
    { header: w.col('segment'), width: 22, kind: 'text', value: (r) => r.segment },
    { header: w.col('bestCluster'), width: 12, kind: 'cluster', value: (r) => r.bestCluster },
    { header: w.col('products'), width: 30, kind: 'text', value: (r) => productsText(r, w) },
    {
      header: w.col('whitespaceRevenue'),
      width: 14,
      kind: 'money',
      value: (r) => money(r.whitespaceRevenue),
    },
    {
      header: w.col('estimated'),
      kind: 'text',
      value: (r) => (r.whitespaceRevenue === null ? null : w.yesNo(r.estimated)),
    },
    { header: w.col('nextAgreementEnd'), kind: 'date', value: (r) => excelDate(r.nextAgreementEnd) },
    { header: w.col('expiringRevenue'), width: 14, kind: 'money', value: (r) => money(r.expiringRevenue) },
    { header: w.col('eos'), kind: 'text', value: (r) => w.yesNo(r.eos) },
    {
      header: w.col('movedIntoActNow'),
      kind: 'text',
      value: (r) => (r.movedIntoActNow.length ? r.movedIntoActNow.join(', ') : null),
    },
    // The reasons are the call list's own sentences, in the workbook's language (shared/i18n/reasons.ts).
    { header: w.col('why'), width: 40, kind: 'text', value: (r) => r.why.join('; ') },
  ];
}

export const customersTab: Tab = {
  name: 'Customers',
  write: (book, db, opts, w) =>
    book.table(w.tab('Customers'), columns(w), customersInOrder(db, opts.filters, opts.asOf, w.lang)),
  count: (db, opts) => customerCount(db, opts.filters, opts.asOf),
};
