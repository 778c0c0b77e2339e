/**
 * The row store's life: the current rows in memory, for pages at any depth and facets in
 * milliseconds. Built in the background, on a read-only connection of its own, when the
 * workspace opens, after each change to its data, and whenever a request finds none for the
 * current data; SQL answers meanwhile. A one-shot door (the CLI) turns it off: building it
 * would cost seconds for one answer.
 */
import type { DB } from '../cache/db';
import { RowStore, rowStoreKey } from '../query/row-store';
import type { Connections } from './connections';

export class RowStoreLife {
  private store: RowStore | null = null;
  private build: { key: string; cancelled: boolean; done: Promise<void> } | null = null;
  private failed: string | null = null;

  constructor(
    private readonly conn: Connections,
    private readonly enabled: boolean,
  ) {}

  /** The row store of the current data if it is built; else starts building it and returns null. */
  current(): RowStore | null {
    if (!this.enabled) return null;
    const key = rowStoreKey(this.conn.db);
    if (this.store?.key === key) return this.store;
    this.store = null; // stale: let it go before the next one is built
    if (this.build?.key !== key && this.failed !== key) this.start(key);
    return null;
  }

  /** Starts building the row store of the current data now, so that it is ready when asked for. */
  prepare(): void {
    if (this.enabled && this.conn.open) this.current();
  }

  /** Forgets the store and any build (the workspace is switched or closed). */
  drop(): void {
    if (this.build) this.build.cancelled = true;
    this.build = null;
    this.store = null;
    this.failed = null;
  }

  /** Resolves when the row store of the current data is built (benchmarks, tests). */
  async ready(): Promise<void> {
    while (!this.current()) {
      if (!this.build) throw new Error('the row store could not be built');
      await this.build.done;
    }
  }

  private start(key: string): void {
    if (this.build) this.build.cancelled = true;
    // SQL keeps answering; a store that cannot be built is not retried for the same data.
    const failed = (e: unknown) => {
      this.failed = key;
      console.error(`row store: ${(e as Error).message}`);
    };
    let db: DB;
    try {
      db = this.conn.fresh({ readonly: true });
    } catch (e) {
      failed(e);
      return;
    }
    const build = { key, cancelled: false, done: Promise.resolve() };
    build.done = RowStore.build(db, () => build.cancelled)
      .then((store) => {
        if (store && !build.cancelled) this.store = store;
      })
      .catch(failed)
      .finally(() => {
        db.close();
        if (this.build === build) this.build = null;
      });
    this.build = build;
  }
}
