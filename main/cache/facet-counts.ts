import type { DB } from './db';

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

/** Recomputes facet_counts from propensity, for every snapshot: after settings move bands and cells. */
export function rebuildFacetCounts(db: DB): void {
  const cols = FACET_COUNT_COLUMNS.join(', ');
  db.exec('DELETE FROM facet_counts');
  db.exec(`INSERT INTO facet_counts (import_id, ${cols}, eos, n)
    SELECT p.import_id, ${FACET_COUNT_COLUMNS.map((c) => `p.${c}`).join(', ')},
      SUM(EXISTS (SELECT 1 FROM flags g JOIN flag_names fn ON fn.id = g.flag_id
                  WHERE g.import_id = p.import_id AND g.customer_id = p.customer_id AND fn.kind = 'eos')),
      COUNT(*)
    FROM propensity p GROUP BY p.import_id, ${FACET_COUNT_COLUMNS.map((c) => `p.${c}`).join(', ')}`);
}

/**
 * Counts one snapshot's combinations as its rows are read (cheaper than a GROUP BY over them
 * afterwards), then writes them.
 */
export class FacetCounter {
  // Keyed by the values joined into one new string: keeping the cell strings themselves would
  // keep alive the whole decoded chunks they are slices of.
  private readonly counts = new Map<string, { n: number; eos: number }>();

  /** One propensity row: values in FACET_COUNT_COLUMNS order (text, or 0/1 for the last two). */
  add(values: (string | number | null)[], eos: boolean): void {
    const key = values.map((v) => (v === null ? NULL : String(v))).join(SEPARATOR);
    let c = this.counts.get(key);
    if (!c) this.counts.set(key, (c = { n: 0, eos: 0 }));
    c.n++;
    if (eos) c.eos++;
  }

  write(db: DB, importId: number): void {
    const insert = db.prepare(
      `INSERT INTO facet_counts (import_id, ${FACET_COUNT_COLUMNS.join(', ')}, eos, n)
       VALUES (?, ${FACET_COUNT_COLUMNS.map(() => '?').join(', ')}, ?, ?)`,
    );
    const flags = FACET_COUNT_COLUMNS.length - 2; // whitespace, upsell: integers
    for (const [key, c] of this.counts) {
      const values = key.split(SEPARATOR).map((v, i) => (v === NULL ? null : i >= flags ? Number(v) : v));
      insert.run(importId, ...values, c.eos, c.n);
    }
  }
}

const NULL = '\u0000';
const SEPARATOR = '\u0001';
