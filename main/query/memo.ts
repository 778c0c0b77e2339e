import type { DB } from '../cache/db';
import { dataVersionKey } from './current';

/**
 * Results remembered while the data is unchanged: a grid asks for the same count or facets with
 * every block it pages in, and a scan over a million rows is the slowest part of a page.
 * "Unchanged": the same data version key (./current dataVersionKey), as every cache uses; a
 * write that changes no data (a saved view, a figure kept in derived_cache) keeps the results.
 */
type Memo = { version: string; byKey: Lru<unknown> };

/** The last `max` results by key, the least recently used evicted first. */
export class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  has(key: string): boolean {
    return this.map.has(key);
  }
  /** The remembered value, else `make()`'s, remembered. */
  get(key: string, make: () => V): V {
    if (this.map.has(key)) {
      const v = this.map.get(key) as V;
      this.map.delete(key); // most recently used last
      this.map.set(key, v);
      return v;
    }
    const v = make();
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, v);
    return v;
  }
}

const dataVersion = (db: DB): string => dataVersionKey(db);

function remember<T>(store: WeakMap<DB, Memo>, max: number, db: DB, key: string, compute: () => T): T {
  const version = dataVersion(db);
  let m = store.get(db);
  if (!m || m.version !== version) store.set(db, (m = { version, byKey: new Lru(max) }));
  return m.byKey.get(key, compute) as T;
}

const small = new WeakMap<DB, Memo>();
const large = new WeakMap<DB, Memo>();

/** Small results (counts, facets): many remembered. */
export function memo<T>(db: DB, key: string, compute: () => T): T {
  return remember(small, 500, db, key, compute);
}

/** Large results (a sorted list of a million rowids, ~4 MB): the last 16, for a few views and sorts in turn. */
export function memoLarge<T>(db: DB, key: string, compute: () => T): T {
  return remember(large, 16, db, key, compute);
}

/** memo() for a result computed asynchronously: kept only if the data did not change meanwhile. */
export async function memoAsync<T>(db: DB, key: string, compute: () => Promise<T>): Promise<T> {
  const version = dataVersion(db);
  const m = small.get(db);
  if (m?.version === version && m.byKey.has(key)) return m.byKey.get(key, () => undefined) as T;
  const value = await compute();
  if (dataVersion(db) === version) memo(db, key, () => value);
  return value;
}
