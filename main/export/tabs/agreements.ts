/** "Expiring agreements": the agreements of the customers in scope, open or ended on the as-of date. */
import { expiringAgreements, expiringTotals, type AgreementRow } from '../../query/export-queries';
import { totalsRow } from '../sheet-writer';
import { excelDate, money, type Column } from '../styles';
import type { Words } from '../words';
import type { Tab } from './tab';

function columns(w: Words, asOf: string): Column<AgreementRow>[] {
  return [
    { header: w.col('customerId'), kind: 'text', value: (r) => r.customerId },
    { header: w.col('accountName'), width: 24, kind: 'text', value: (r) => r.accountName },
    { header: w.col('country'), kind: 'text', value: (r) => r.country },
    { header: w.col('agreementId'), kind: 'text', value: (r) => r.agreementId },
    { header: w.col('licenseProgram'), kind: 'text', value: (r) => r.licenseProgram },
    { header: w.col('renewalProduct'), kind: 'text', value: (r) => r.product },
    { header: w.col('endDate'), kind: 'date', value: (r) => excelDate(r.endDate) },
    {
      header: w.col('status'),
      kind: 'text',
      value: (r) => (r.endDate >= asOf ? w.t('open') : w.t('ended')),
    },
    { header: w.col('expirationType'), kind: 'text', value: (r) => r.expirationType },
    { header: w.col('expiringRevenue'), width: 14, kind: 'money', value: (r) => money(r.expiringRevenue) },
    { header: w.col('clusters'), width: 24, kind: 'text', value: (r) => w.clusterList(r.clusters) },
    { header: w.col('snapshot'), width: 14, kind: 'date', value: (r) => excelDate(r.snapshot) },
  ];
}

export const agreementsTab: Tab = {
  name: 'Expiring agreements',
  write(book, db, opts, w) {
    const t = expiringTotals(db, opts.filters, opts.asOf);
    const cols = columns(w, opts.asOf);
    const revenueCol = cols.findIndex((c) => c.kind === 'money') + 1;
    return book.table(
      w.tab('Expiring agreements'),
      cols,
      expiringAgreements(db, opts.filters, opts.asOf),
      totalsRow(book.S, w.t('totals.agreements', { count: t.count }), revenueCol, t.cents, {
        col: revenueCol + 1,
        label: w.t('totals.agreementsOpen'),
        cents: t.openCents,
      }),
    );
  },
  count: (db, opts) => expiringTotals(db, opts.filters, opts.asOf).count,
};
