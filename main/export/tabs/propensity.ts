/** "Propensity model": every current row in scope, one per customer and product. */
import { iterateRows } from '../../query/rows';
import { reportName } from '../../../shared/domain/products';
import type { PropensityRow } from '../../../shared/filters';
import { excelDate, money, yesNo, type Column } from '../styles';
import { CELL_AND_CLUSTER, CUSTOMER_PRODUCT, type Tab } from './tab';

/** The Propensity model tab's columns (exported for the benchmark's bare writer). */
export const PROPENSITY_COLUMNS: Column<PropensityRow>[] = [
  ...CUSTOMER_PRODUCT,
  { header: 'Fit band', width: 10, kind: 'text', value: (r) => r.fitBand },
  { header: 'Intent band', width: 11, kind: 'text', value: (r) => r.intentBand },
  ...CELL_AND_CLUSTER,
  { header: 'Computed cluster', width: 17, kind: 'text', value: (r) => r.computedCluster },
  { header: 'Whitespace', width: 12, kind: 'text', value: (r) => yesNo(r.whitespace) },
  { header: 'Upsell', width: 8, kind: 'text', value: (r) => yesNo(r.upsell) },
  { header: 'Est. whitespace revenue', width: 22, kind: 'money', value: (r) => money(r.whitespaceRevenue) },
  {
    header: 'Estimated',
    width: 10,
    kind: 'text',
    value: (r) => (r.whitespaceRevenue === null ? null : yesNo(r.whitespaceEstimated)),
  },
  { header: 'Snapshot', width: 11, kind: 'date', value: (r) => excelDate(r.snapshot) },
  { header: 'Report', width: 13, kind: 'text', value: (r) => reportName(r.report) },
  { header: 'File subsegment', width: 22, kind: 'text', value: (r) => r.fileSubSegment },
];

export const propensityTab: Tab = {
  name: 'Propensity model',
  write: (book, db, opts) =>
    book.table('Propensity model', PROPENSITY_COLUMNS, iterateRows(db, opts.filters, undefined, opts.asOf)),
};
