import type { DB } from '../cache/db';

/**
 * Results remembered while the data is unchanged: a grid asks for the same count or facets with
 * every block it pages in, and a scan over a million rows is the slowest part of a page.
 * data_version moves when another connection commits, total_changes() when this one writes.
 */
const memos = new WeakMap<DB, { version: string; byKey: Map<string, unknown> }>();
const MAX_REMEMBERED = 500;

export function memo<T>(db: DB, key: string, compute: () => T): T {
  const version = `${db.pragma('data_version', { simple: true })}:${(db.prepare('SELECT total_changes() AS n').get() as { n: number }).n}`;
  let m = memos.get(db);
  if (!m || m.version !== version) memos.set(db, (m = { version, byKey: new Map() }));
  if (m.byKey.has(key)) return m.byKey.get(key) as T;
  const value = compute();
  if (m.byKey.size >= MAX_REMEMBERED) m.byKey.clear();
  m.byKey.set(key, value);
  return value;
}
