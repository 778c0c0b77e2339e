/** "Expiring agreements": the agreements of the customers in scope, open or ended on the as-of date. */
import { expiringAgreements, expiringTotals, type AgreementRow } from '../../query/export-queries';
import { totalsRow } from '../sheet-writer';
import { centsText, excelDate, money, type Column } from '../styles';
import type { Tab } from './tab';

/** 1-based columns of the expiring revenue and of the note beside its total. */
const REVENUE_COL = 10;
const NOTE_COL = 11;

function columns(asOf: string): Column<AgreementRow>[] {
  return [
    { header: 'Customer ID', width: 16, kind: 'text', value: (r) => r.customerId },
    { header: 'Account name', width: 34, kind: 'text', value: (r) => r.accountName },
    { header: 'Country', width: 16, kind: 'text', value: (r) => r.country },
    { header: 'Agreement ID', width: 16, kind: 'text', value: (r) => r.agreementId },
    { header: 'License program', width: 18, kind: 'text', value: (r) => r.licenseProgram },
    { header: 'Product', width: 22, kind: 'text', value: (r) => r.product },
    { header: 'End date', width: 11, kind: 'date', value: (r) => excelDate(r.endDate) },
    { header: 'Status', width: 8, kind: 'text', value: (r) => (r.endDate >= asOf ? 'Open' : 'Ended') },
    { header: 'Expiration type', width: 16, kind: 'text', value: (r) => r.expirationType },
    { header: 'Expiring revenue', width: 18, kind: 'money', value: (r) => money(r.expiringRevenue) },
    { header: 'Current clusters', width: 36, kind: 'text', value: (r) => r.clusters },
    { header: 'Snapshot', width: 11, kind: 'date', value: (r) => excelDate(r.snapshot) },
  ];
}

export const agreementsTab: Tab = {
  name: 'Expiring agreements',
  write(book, db, opts) {
    const t = expiringTotals(db, opts.filters, opts.asOf);
    return book.table(
      'Expiring agreements',
      columns(opts.asOf),
      expiringAgreements(db, opts.filters, opts.asOf),
      totalsRow(`Total (${t.count.toLocaleString('en-US')} agreements)`, REVENUE_COL, t.cents, {
        col: NOTE_COL,
        value: `open on ${opts.asOf}: ${centsText(t.openCents)}`,
      }),
    );
  },
};
