/** "Propensity model": every current row in scope, one per customer and product. */
import type { DB } from '../../cache/db';
import { whereOf } from '../../query/filter-sql';
import { iterateRows } from '../../query/rows';
import { reportName } from '../../../shared/domain/products';
import type { Filters, PropensityRow } from '../../../shared/filters';
import { excelDate, money, type Column } from '../styles';
import { wordsFor, type Words } from '../words';
import { cellAndCluster, customerProductColumns, type Tab } from './tab';

export function propensityColumns(w: Words): Column<PropensityRow>[] {
  return [
    ...customerProductColumns(w),
    { header: w.col('fitBand'), kind: 'text', value: (r) => r.fitBand },
    { header: w.col('intentBand'), kind: 'text', value: (r) => r.intentBand },
    ...cellAndCluster(w),
    { header: w.col('computedCluster'), width: 12, kind: 'text', value: (r) => r.computedCluster },
    { header: w.col('whitespace'), kind: 'text', value: (r) => w.yesNo(r.whitespace) },
    { header: w.col('upsell'), kind: 'text', value: (r) => w.yesNo(r.upsell) },
    { header: w.col('whitespaceRevenue'), kind: 'money', value: (r) => money(r.whitespaceRevenue) },
    {
      header: w.col('estimated'),
      kind: 'text',
      value: (r) => (r.whitespaceRevenue === null ? null : w.yesNo(r.whitespaceEstimated)),
    },
    { header: w.col('snapshot'), kind: 'date', value: (r) => excelDate(r.snapshot) },
    { header: w.col('report'), width: 12, kind: 'text', value: (r) => reportName(r.report) },
    { header: w.col('fileSubSegment'), kind: 'text', value: (r) => r.fileSubSegment },
  ];
}

/** The Propensity model tab's columns in English (the benchmark's bare writer writes the same values). */
export const PROPENSITY_COLUMNS: Column<PropensityRow>[] = propensityColumns(wordsFor('en'));

/** Propensity rows in scope, current as of `asOf`. */
export function propensityCount(db: DB, filters: Filters, asOf: string): number {
  const w = whereOf(db, filters, { asOf });
  return (
    db.prepare(`SELECT COUNT(*) AS n FROM propensity p WHERE ${w.sql}`).get(...w.params) as { n: number }
  ).n;
}

export const propensityTab: Tab = {
  name: 'Propensity model',
  write: (book, db, opts, w) =>
    book.table(
      w.tab('Propensity model'),
      propensityColumns(w),
      iterateRows(db, opts.filters, undefined, opts.asOf),
    ),
  count: (db, opts) => propensityCount(db, opts.filters, opts.asOf),
};
