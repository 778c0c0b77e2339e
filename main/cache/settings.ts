import type { DB } from './db';
import { bumpDataVersion, noteRankingChange } from './data-version';
import { countAllFacets } from './facet-counts';
import {
  BAND_FLOORS,
  DEFAULT_MATRIX,
  LOWEST_BAND,
  validateMatrix,
  type BandThresholds,
  type MatrixSettings,
} from '../../shared/domain/matrix';
import { DEFAULT_ESTIMATES, estimateWhitespace, type EstimateTable } from '../../shared/domain/whitespace';
import { PRODUCTS, type Product } from '../../shared/domain/products';
import { DEFAULT_PRIORITY_WEIGHTS, PriorityWeights } from '../../shared/domain/priority';

/** The configurable domain rules ("default" in domain.md), stored in the cache, one row a part. */
export interface Settings {
  matrix: MatrixSettings;
  estimates: EstimateTable;
  /** The call list's priority rule (shared/domain/priority.ts). */
  priority: PriorityWeights;
}

export const DEFAULT_SETTINGS: Settings = {
  matrix: DEFAULT_MATRIX,
  estimates: DEFAULT_ESTIMATES,
  priority: DEFAULT_PRIORITY_WEIGHTS,
};

export function readSettings(db: DB): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
  const s: Settings = structuredClone(DEFAULT_SETTINGS);
  for (const r of rows) {
    if (r.key === 'matrix') s.matrix = JSON.parse(r.value) as MatrixSettings;
    if (r.key === 'estimates') s.estimates = { ...s.estimates, ...(JSON.parse(r.value) as EstimateTable) };
  }
  s.priority = readPriorityWeights(db);
  return s;
}

/** The priority weights in the workspace's settings, else (none, or unreadable) the defaults of domain.md. */
export function readPriorityWeights(db: DB): PriorityWeights {
  const value = db.prepare("SELECT value FROM settings WHERE key = 'priority'").pluck().get() as
    string | undefined;
  if (value === undefined) return DEFAULT_PRIORITY_WEIGHTS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return DEFAULT_PRIORITY_WEIGHTS;
  }
  const weights = PriorityWeights.safeParse(parsed);
  return weights.success ? weights.data : DEFAULT_PRIORITY_WEIGHTS;
}

export function validateSettings(s: Settings): string | null {
  const w = PriorityWeights.safeParse(s.priority);
  if (!w.success) {
    const i = w.error.issues[0]!;
    return `priority${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`;
  }
  const m = validateMatrix(s.matrix);
  if (m) return m;
  for (const p of PRODUCTS) {
    const r = s.estimates[p];
    if (
      !r ||
      !(r.share >= 0 && r.share <= 1) ||
      !(r.price >= 0) ||
      !['month', 'year', 'once'].includes(r.period)
    )
      return `estimate for ${p} must have a share from 0 to 1, a price ≥ 0 and a period`;
  }
  return null;
}

/**
 * bandOf (shared/domain/matrix.ts) as SQL over a score column, written from the same BAND_FLOORS.
 * Thresholds are validated integers (validateMatrix), so inlining them is safe.
 */
export function bandSql(col: string, t: BandThresholds): string {
  for (const [, floor] of BAND_FLOORS)
    if (!Number.isInteger(t[floor])) throw new Error(`band threshold ${floor} is not an integer`);
  const steps = BAND_FLOORS.map(([band, floor]) => `WHEN ${col} >= ${t[floor]} THEN '${band}'`).join(' ');
  return `CASE WHEN ${col} IS NULL THEN NULL ${steps} ELSE '${LOWEST_BAND}' END`;
}

/**
 * Stores the parts of the settings given, validated (nothing is written when any is invalid), in
 * one transaction that marks the data changed: every cache over it (the call list's book
 * included) follows; a change of the priority weights alone leaves the rows' key, so the row
 * store is kept. A matrix or estimates change recomputes bands, cells, computed clusters
 * and estimates of every snapshot; priority weights equal to the stored ones are not written
 * again (the call list is kept). Answers whether anything was written.
 */
export function writeSettings(db: DB, parts: Partial<Settings>): boolean {
  const stored = readSettings(db);
  const s: Settings = { ...stored, ...parts };
  const problem = validateSettings(s);
  if (problem) throw new Error(problem);
  const rules = parts.matrix !== undefined || parts.estimates !== undefined;
  const storedPriority = db.prepare("SELECT value FROM settings WHERE key = 'priority'").pluck().get();
  const weights = parts.priority !== undefined && storedPriority !== JSON.stringify(s.priority);
  if (!rules && !weights) return false;
  db.transaction(() => {
    const put = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    if (weights) put.run('priority', JSON.stringify(s.priority));
    if (rules) {
      put.run('matrix', JSON.stringify(s.matrix));
      put.run('estimates', JSON.stringify(s.estimates));
      recompute(db, s);
      countAllFacets(db);
      bumpDataVersion(db);
    } else noteRankingChange(db); // the rows are unchanged: the row store is kept
  }).immediate();
  return true;
}

/** Bands, cells, computed clusters and estimated whitespace of every snapshot, under `s`. */
function recompute(db: DB, s: Settings): void {
  const band = (col: string) => bandSql(col, s.matrix.thresholds);
  db.exec(`UPDATE propensity SET fit_band = ${band('fit')}, intent_band = ${band('intent')}`);
  // The cell map goes through a temp table.
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS cell_map (fit_band TEXT, intent_band TEXT, cell TEXT, cluster TEXT, PRIMARY KEY (fit_band, intent_band))',
  );
  db.exec('DELETE FROM temp.cell_map');
  const ins = db.prepare('INSERT INTO temp.cell_map VALUES (?, ?, ?, ?)');
  for (const [f, row] of Object.entries(s.matrix.cells))
    for (const [i, cell] of Object.entries(row))
      ins.run(f, i, cell, s.matrix.clusterOfLetter[cell[0] as 'A' | 'B' | 'C' | 'D']);
  db.exec(`UPDATE propensity SET
    cell = (SELECT cell FROM temp.cell_map m WHERE m.fit_band = propensity.fit_band AND m.intent_band = propensity.intent_band),
    computed_cluster = (SELECT cluster FROM temp.cell_map m WHERE m.fit_band = propensity.fit_band AND m.intent_band = propensity.intent_band)`);
  // Estimated whitespace revenue follows the estimate table; values from files stay as they are.
  // Same function as the importer's, so a recomputed estimate equals a fresh import's to the cent.
  db.function('ws_estimate', { deterministic: true }, (product: unknown, orgSize: unknown) =>
    estimateWhitespace(product as Product, typeof orgSize === 'number' ? orgSize : null, null, s.estimates),
  );
  db.exec(`UPDATE propensity SET ws_revenue = ws_estimate(product, org_size)
    WHERE ws_estimated = 1
      AND NOT (product = 'Azure' AND EXISTS (SELECT 1 FROM customers c WHERE c.import_id = propensity.import_id
               AND c.customer_id = propensity.customer_id AND c.azure_potential IS NOT NULL))`);
}
