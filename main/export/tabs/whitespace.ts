/** "Whitespace revenue": the whitespace opportunities in scope, with their total below. */
import { whitespaceRows, whitespaceTotals, type OpportunityRow } from '../../query/export-queries';
import { totalsRow } from '../sheet-writer';
import { money, type Column } from '../styles';
import type { Words } from '../words';
import { opportunityBase, snapshotColumn, type Tab } from './tab';

function columns(w: Words): Column<OpportunityRow>[] {
  return [
    ...opportunityBase(w),
    { header: w.col('whitespaceRevenue'), kind: 'money', value: (r) => money(r.whitespaceRevenue) },
    {
      header: w.col('estimated'),
      kind: 'text',
      value: (r) => (r.whitespaceRevenue === null ? null : w.yesNo(r.whitespaceEstimated)),
    },
    snapshotColumn(w),
  ];
}

export const whitespaceTab: Tab = {
  name: 'Whitespace revenue',
  write(book, db, opts, w) {
    const t = whitespaceTotals(db, opts.filters, opts.asOf);
    const cols = columns(w);
    // 1-based column of the revenue, where the totals row puts the sum.
    const revenueCol = cols.findIndex((c) => c.kind === 'money') + 1;
    return book.table(
      w.tab('Whitespace revenue'),
      cols,
      whitespaceRows(db, opts.filters, opts.asOf),
      totalsRow(book.S, w.t('totals.opportunities', { count: t.rows }), revenueCol, t.cents, {
        col: revenueCol + 1,
        label: w.t('totals.estimated'),
        cents: t.estimatedCents,
      }),
    );
  },
  count: (db, opts) => whitespaceTotals(db, opts.filters, opts.asOf).rows,
};
