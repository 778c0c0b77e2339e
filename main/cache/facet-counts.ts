import type { DB } from './db';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { PROPENSITY_SQL, type PropensityKey } from './columns';
import { APP_VERSION, bumpDataVersion } from './data-version';

/** The facet values facet_counts groups by, by row key (schema migrations 3 and 6). */
export const FACET_COUNT_KEYS = [
  'product',
  'cluster',
  'cell',
  'country',
  'area',
  'salesTerritory',
  'industry',
  'vertical',
  'subSegment',
  'computedCluster',
  'whitespace',
  'upsell',
] as const satisfies readonly PropensityKey[];

/** The same as SQL columns: facet_counts names them as propensity does. */
export const FACET_COUNT_COLUMNS = FACET_COUNT_KEYS.map((k) => PROPENSITY_SQL[k]);

/**
 * Counts facet_counts of one snapshot from its stored rows, with one GROUP BY, and records that
 * this app version counted them. `fromRowid`: the snapshot was just loaded and its rows start
 * there: appended rows, read as a rowid range in file order (`+` keeps the planner off the
 * import_id indexes, which would read them in random order, when the load has not dropped them).
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
  markFacetsCounted(db, importId);
}

/** Records that this app version counted the snapshot's facet_counts (a snapshot with no rows has none to count). */
export function markFacetsCounted(db: DB, importId: number): void {
  db.prepare(
    'INSERT INTO facet_counts_version (import_id, app_version) VALUES (?, ?) ON CONFLICT(import_id) DO UPDATE SET app_version = excluded.app_version',
  ).run(importId, APP_VERSION);
}

const PROPENSITY_REPORT_SET = `(${PROPENSITY_REPORTS.map(() => '?').join(', ')})`;

/** Recounts every snapshot's facet_counts: after settings move bands and cells. */
export function countAllFacets(db: DB): void {
  const ids = db
    .prepare(`SELECT id FROM imports WHERE report IN ${PROPENSITY_REPORT_SET}`)
    .pluck()
    .all(...PROPENSITY_REPORTS) as number[];
  for (const id of ids) countFacets(db, id);
}

/** Propensity snapshots whose facet_counts another app version counted (or one before schema 5). */
function staleFacetCounts(db: DB): number[] {
  return db
    .prepare(
      `SELECT i.id FROM imports i LEFT JOIN facet_counts_version v ON v.import_id = i.id
       WHERE i.report IN ${PROPENSITY_REPORT_SET} AND v.app_version IS NOT ? ORDER BY i.id`,
    )
    .pluck()
    .all(...PROPENSITY_REPORTS, APP_VERSION) as number[];
}

/**
 * Recounts the facet_counts another app version counted, when a workspace is opened for
 * writing: the way of counting may have changed with the app. Looked for first without a lock,
 * so that an up-to-date workspace costs one small read; a second look inside the write lock
 * leaves work another process just did alone.
 */
export function recountStaleFacets(db: DB): void {
  if (!staleFacetCounts(db).length) return;
  db.transaction(() => {
    const stale = staleFacetCounts(db);
    for (const id of stale) countFacets(db, id);
    if (stale.length) bumpDataVersion(db);
  }).immediate();
}
