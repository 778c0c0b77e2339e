import type { DB } from './db';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';

/** The facet values facet_counts groups by, in its column order (schema migration 3). */
export const FACET_COUNT_COLUMNS = [
  'product',
  'cluster',
  'cell',
  'country',
  'area',
  'industry',
  'vertical',
  'sub_segment',
  'computed_cluster',
  'whitespace',
  'upsell',
] as const;

/**
 * Counts facet_counts of one snapshot from its stored rows, with one GROUP BY. `fromRowid`: the
 * snapshot was just loaded and its rows start there: appended rows, read as a rowid range in
 * file order (`+` keeps the planner off the import_id indexes, which would read them in random
 * order, when the load has not dropped them).
 */
export function countFacets(db: DB, importId: number, fromRowid?: number): void {
  const cols = FACET_COUNT_COLUMNS.map((c) => `p.${c}`).join(', ');
  db.prepare('DELETE FROM facet_counts WHERE import_id = ?').run(importId);
  // The flagged customers are one list per snapshot, built once (a correlated EXISTS per row
  // cost a second per 300k customers).
  db.prepare(
    `INSERT INTO facet_counts (import_id, ${FACET_COUNT_COLUMNS.join(', ')}, eos, n)
     SELECT p.import_id, ${cols},
       SUM(p.customer_id IN (SELECT g.customer_id FROM flags g JOIN flag_names fn ON fn.id = g.flag_id
                             WHERE g.import_id = @id AND fn.kind = 'eos')),
       COUNT(*)
     FROM propensity p WHERE ${fromRowid === undefined ? 'p.import_id = @id' : '+p.import_id = @id AND p.rowid >= @from'}
     GROUP BY ${cols}`,
  ).run(fromRowid === undefined ? { id: importId } : { id: importId, from: fromRowid });
}

/** Recounts every snapshot's facet_counts: after settings move bands and cells. */
export function countAllFacets(db: DB): void {
  const ids = db
    .prepare(`SELECT id FROM imports WHERE report IN (${PROPENSITY_REPORTS.map(() => '?').join(', ')})`)
    .pluck()
    .all(...PROPENSITY_REPORTS) as number[];
  for (const id of ids) countFacets(db, id);
}
