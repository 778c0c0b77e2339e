/** "Whitespace revenue": the whitespace opportunities in scope, with their total below. */
import { whitespaceRows, whitespaceTotals, type OpportunityRow } from '../../query/export-queries';
import { totalsRow } from '../sheet-writer';
import { centsText, money, yesNo, type Column } from '../styles';
import { OPPORTUNITY_BASE, SNAPSHOT_COLUMN, type Tab } from './tab';

const REVENUE_COLUMNS: Column<OpportunityRow>[] = [
  { header: 'Est. whitespace revenue', width: 22, kind: 'money', value: (r) => money(r.whitespaceRevenue) },
  {
    header: 'Estimated',
    width: 10,
    kind: 'text',
    value: (r) => (r.whitespaceRevenue === null ? null : yesNo(r.whitespaceEstimated)),
  },
];

const COLUMNS: Column<OpportunityRow>[] = [...OPPORTUNITY_BASE, ...REVENUE_COLUMNS, SNAPSHOT_COLUMN];
/** 1-based column of the revenue, where the totals row puts the sum. */
const REVENUE_COL = OPPORTUNITY_BASE.length + 1;

export const whitespaceTab: Tab = {
  name: 'Whitespace revenue',
  write(book, db, opts) {
    const t = whitespaceTotals(db, opts.filters, opts.asOf);
    return book.table(
      'Whitespace revenue',
      COLUMNS,
      whitespaceRows(db, opts.filters, opts.asOf),
      totalsRow(`Total (${t.rows.toLocaleString('en-US')} opportunities)`, REVENUE_COL, t.cents, {
        col: REVENUE_COL + 1,
        value: `of which estimated: ${centsText(t.estimatedCents)}`,
      }),
    );
  },
};
