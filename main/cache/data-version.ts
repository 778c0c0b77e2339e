/**
 * The writers' side of the one data-version key (query/current.ts `dataVersionKey`): every
 * change of what the queries read (an import, a forgotten import, a settings change, a recount)
 * calls bumpDataVersion inside its own transaction, and every cache over the data (memo,
 * derived_cache, the row store and its sidecar file) is keyed by dataVersionKey, which reads the
 * generation back.
 */
import { createHash } from 'node:crypto';
// A named import of one field: esbuild inlines just the string into the desktop bundle, tsx and
// vitest read package.json as a module, so one source of the version works in every door.
import { version } from '../../package.json';
import type { DB } from './db';

/** The app version (package.json): results computed by another version are not reused. */
export const APP_VERSION: string = version;

/** Marks the data as changed: call inside the writer's transaction, so the bump commits with it. */
export function bumpDataVersion(db: DB): void {
  db.prepare('UPDATE data_version SET generation = generation + 1').run();
  // Figures kept for older keys can never be read again: drop them rather than let them pile up.
  db.exec('DELETE FROM derived_cache');
}

/** How many times the workspace's data changed (schema 5 on). */
export function dataGeneration(db: DB): number {
  return (db.prepare('SELECT generation FROM data_version').pluck().get() as number | undefined) ?? 0;
}

/**
 * Settings no stored row depends on: the call list's priority weights rank customers, computed
 * from the rows when the call list's book is built. A change of these alone leaves the rows,
 * and so the row store and its sidecar, as they are.
 */
export const NOT_ROW_SETTINGS: readonly string[] = ['priority'];

/**
 * A short digest of the stored settings (the domain rules that computed bands, cells, estimates,
 * and the priority); `rows`: of those the rows depend on only (not NOT_ROW_SETTINGS).
 */
export function settingsDigest(db: DB, scope: 'all' | 'rows' = 'all'): string {
  let rows = db.prepare('SELECT key, value FROM settings ORDER BY key').raw().all() as [string, string][];
  if (scope === 'rows') rows = rows.filter(([key]) => !NOT_ROW_SETTINGS.includes(key));
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
}

/**
 * Marks a change of NOT_ROW_SETTINGS alone: the generation stays, so the row store is kept,
 * while every cache keyed by the whole settings digest (the book, memo, derived figures) follows
 * it; derived figures of the old key are dropped as bumpDataVersion drops them.
 */
export function noteRankingChange(db: DB): void {
  db.exec('DELETE FROM derived_cache');
}
