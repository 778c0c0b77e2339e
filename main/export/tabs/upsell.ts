/** "Upsell": the upsell opportunities in scope. */
import { upsellRows, type OpportunityRow } from '../../query/export-queries';
import type { Column } from '../styles';
import { OPPORTUNITY_BASE, SNAPSHOT_COLUMN, type Tab } from './tab';

const COLUMNS: Column<OpportunityRow>[] = [...OPPORTUNITY_BASE, SNAPSHOT_COLUMN];

export const upsellTab: Tab = {
  name: 'Upsell',
  write: (book, db, opts) => book.table('Upsell', COLUMNS, upsellRows(db, opts.filters, opts.asOf)),
};
