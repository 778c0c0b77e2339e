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

/** A short digest of the stored settings (the domain rules that computed bands, cells, estimates). */
export function settingsDigest(db: DB): string {
  const rows = db.prepare('SELECT key, value FROM settings ORDER BY key').raw().all() as [string, string][];
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
}
