/** "Upsell": the upsell opportunities in scope. */
import { upsellRows, type OpportunityRow } from '../../query/export-queries';
import type { Column } from '../styles';
import type { Words } from '../words';
import { countOf, opportunityBase, snapshotColumn, type Tab } from './tab';

const columns = (w: Words): Column<OpportunityRow>[] => [...opportunityBase(w), snapshotColumn(w)];

export const upsellTab: Tab = {
  name: 'Upsell',
  write: (book, db, opts, w) =>
    book.table(w.tab('Upsell'), columns(w), upsellRows(db, opts.filters, opts.asOf)),
  count: (db, opts) => countOf(upsellRows(db, opts.filters, opts.asOf)),
};
