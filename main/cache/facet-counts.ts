import type { DB } from './db';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { PROPENSITY_SQL, type PropensityKey, type PropensityRecord } from './columns';
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
 * this app version counted them: a recount after settings moved bands and cells, or of counts
 * another app version made (an import tallies them as it stores its rows: FacetTally).
 */
export function countFacets(db: DB, importId: number): void {
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
     FROM propensity p WHERE p.import_id = @id
     GROUP BY ${cols}`,
  ).run({ id: importId });
  markFacetsCounted(db, importId);
}

/**
 * facet_counts of one snapshot, gathered while its rows are stored: what countFacets' GROUP BY
 * would count from them afterwards (a test holds the two to the same rows), without a second
 * pass over the table (4.4–5.4 s of the 500k benchmark's import). The import counts this way;
 * a recount (settings, another app version) still runs countFacets.
 */
export class FacetTally {
  /** Per facet column, each distinct value's code; the values themselves in `values`. */
  private readonly codes = FACET_COUNT_KEYS.map(() => new Map<string | number, number>());
  private readonly values = FACET_COUNT_KEYS.map((): (string | number | null)[] => [null]);
  /** Each combination's index into `n` and `eos`, by its codes joined. */
  private readonly groups = new Map<string, number>();
  private n: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  private eos: Uint32Array<ArrayBuffer> = new Uint32Array(1024);
  private readonly row = new Array<number>(FACET_COUNT_KEYS.length);

  /** One stored propensity row; `eos`: its customer has an end-of-service flag. */
  add(record: PropensityRecord, eos: boolean): void {
    // Values become small codes (0 is NULL), and the key is made of codes: a key of cell texts
    // would hold on to slices of whole decoded chunks of the file (measured: +220 MB at 100k).
    const row = this.row;
    for (let k = 0; k < FACET_COUNT_KEYS.length; k++) {
      const v = record[FACET_COUNT_KEYS[k]!];
      if (v === null || v === undefined) row[k] = 0;
      else {
        const codes = this.codes[k]!;
        let code = codes.get(v);
        if (code === undefined) {
          const own = typeof v === 'string' ? copyOf(v) : v;
          code = this.values[k]!.push(own) - 1;
          codes.set(own, code);
        }
        row[k] = code;
      }
    }
    const key = row.join(',');
    let g = this.groups.get(key);
    if (g === undefined) {
      g = this.groups.size;
      this.groups.set(key, g);
      if (g === this.n.length) {
        this.n = grown(this.n);
        this.eos = grown(this.eos);
      }
    }
    this.n[g]!++;
    if (eos) this.eos[g]!++;
  }

  /** Writes the snapshot's facet_counts and records that this app version counted them. */
  write(db: DB, importId: number): void {
    db.prepare('DELETE FROM facet_counts WHERE import_id = ?').run(importId);
    const insert = db.prepare(
      `INSERT INTO facet_counts (import_id, ${FACET_COUNT_COLUMNS.join(', ')}, eos, n)
       VALUES (?, ${FACET_COUNT_COLUMNS.map(() => '?').join(', ')}, ?, ?)`,
    );
    for (const [key, g] of this.groups)
      insert.run(
        importId,
        ...key.split(',').map((c, k) => this.values[k]![Number(c)]),
        this.eos[g],
        this.n[g],
      );
    markFacetsCounted(db, importId);
  }
}

function grown(a: Uint32Array): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}

/** A string of its own: not a slice that keeps the text it was cut from alive. */
function copyOf(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
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
