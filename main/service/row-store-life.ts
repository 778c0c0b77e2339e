/**
 * The row store's life: the current rows in memory, for pages at any depth and facets in
 * milliseconds. When the workspace opens, after each change to its data, and whenever a request
 * finds none for the current data, it is read from the workspace's sidecar file if that holds
 * the current data (a fraction of a second), else built in the background on a read-only
 * connection of its own (≈ 10 s at 1.5M rows) and then written to the sidecar for the next
 * open. SQL answers meanwhile. `source()` is where the service gets the engine of the moment.
 * A one-shot door (the CLI) turns it off: a build would cost seconds for one answer.
 */
import type { DB } from '../cache/db';
import { rowSource, type RowSource } from '../query/row-source';
import { RowStore, rowStoreKey } from '../query/row-store';
import { readSidecar, writeSidecar } from '../query/store/sidecar';
import type { Connections } from './connections';

/** How the store in use came to be, and what the sidecar did (benchmarks, tests, the log). */
export interface RowStoreStatus {
  /** 'read': from the sidecar; 'built': from the workspace; null: none yet. */
  origin: 'read' | 'built' | null;
  /** Why the sidecar was not used for the last store ('none': there was none). */
  refused: string | null;
  /** Milliseconds from the start to a usable store. */
  ms: number | null;
  /** The last sidecar written: its size and how long the write took. */
  written: { bytes: number; ms: number } | null;
}

export class RowStoreLife {
  private store: RowStore | null = null;
  private build: {
    key: string;
    cancelled: boolean;
    /** 'reading': its sidecar is being read (well under a second); 'building': from the workspace. */
    phase: 'reading' | 'building';
    /** Resolves when the sidecar's read has ended, used or refused. */
    read: Promise<void>;
    usable: Promise<void>;
    done: Promise<void>;
  } | null = null;
  private failed: string | null = null;
  private info: RowStoreStatus = { origin: null, refused: null, ms: null, written: null };

  constructor(
    private readonly conn: Connections,
    private readonly enabled: boolean,
    /** Read and write the sidecar (default: whenever the store is enabled). */
    private readonly persist: boolean = enabled,
  ) {}

  /** The engine for a request now: the row store of the current data if it is ready, else SQL. */
  source(): RowSource {
    return rowSource(this.conn.db, this.current(), (fn) => this.conn.onFacets(fn));
  }

  /**
   * The engine for a request: as source(), but while the store's sidecar is being read the
   * request waits for it. The read takes well under a second, while SQL's facets take seconds
   * and its sorted pages hundreds of milliseconds at 1.5M rows, and would hold the read up
   * meanwhile (both run on this thread): measured at 500k customers on a loaded machine, a
   * facet request answered by SQL in the first seconds took 17.8 s and delayed the read from
   * 0.7 s to 4.6 s. A build from the workspace (≈ 10 s) is not waited for: SQL answers.
   */
  async soon(): Promise<RowSource> {
    const store = this.current();
    if (!store && this.build?.phase === 'reading') await this.build.read;
    return this.source();
  }

  /** The row store of the current data if it is ready; else starts getting it and returns null. */
  current(): RowStore | null {
    if (!this.enabled) return null;
    const key = rowStoreKey(this.conn.db);
    if (this.store?.key === key) return this.store;
    this.store = null; // stale: let it go before the next one is built
    if (this.build?.key !== key && this.failed !== key) this.start(key);
    return null;
  }

  /** Starts getting the row store of the current data now, so that it is ready when asked for. */
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

  /**
   * Resolves when the row store of the current data is ready, i.e. in use (benchmarks, tests);
   * its copy may still be being written (`settled()` waits for that too).
   */
  async ready(): Promise<void> {
    while (!this.current()) {
      const build = this.build;
      if (!build) throw new Error('the row store could not be built');
      await build.usable;
      // Not in use after all (it failed, or was cancelled for newer data): the build ends first.
      if (!this.current() && this.build === build) await build.done;
    }
  }

  /**
   * The row store of the current data as soon as it is usable (before its copy is written);
   * null when it cannot be had (off, failed, or the data kept changing meanwhile).
   */
  async usable(): Promise<RowStore | null> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const store = this.current();
      if (store || !this.build) return store;
      await this.build.usable;
    }
    return null;
  }

  /** Resolves when the work under way, a sidecar's write included, is done. */
  async settled(): Promise<void> {
    while (this.build) await this.build.done;
  }

  status(): RowStoreStatus {
    return { ...this.info };
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
    let readEnded = () => {};
    const build = {
      key,
      cancelled: false,
      phase: this.persist ? ('reading' as 'reading' | 'building') : ('building' as const),
      read: new Promise<void>((resolve) => (readEnded = resolve)),
      usable: Promise.resolve(),
      done: Promise.resolve(),
    };
    const workspace = this.conn.path;
    const from = performance.now();
    const get = async (): Promise<RowStore | null> => {
      try {
        if (this.persist) {
          const read = await readSidecar(workspace, db);
          if (build.cancelled) return null;
          if ('parts' in read) {
            this.use(new RowStore(read.parts), {
              origin: 'read',
              refused: null,
              ms: performance.now() - from,
            });
            return null; // nothing to write
          }
          this.info.refused = read.refused;
        }
        build.phase = 'building';
        readEnded();
        const store = await RowStore.build(db, () => build.cancelled);
        if (!store || build.cancelled) return null;
        this.use(store, { origin: 'built', refused: this.info.refused, ms: performance.now() - from });
        return store;
      } finally {
        readEnded();
        db.close();
      }
    };
    const got = get();
    build.usable = got.then(
      () => undefined,
      () => undefined,
    );
    build.done = got
      .then(async (built) => {
        if (!built || !this.persist) return;
        const t = performance.now();
        try {
          const { bytes } = await writeSidecar(workspace, built.parts);
          this.info.written = { bytes, ms: performance.now() - t };
        } catch (e) {
          // The store is in use; only the next open pays a build. A workspace closed meanwhile
          // (its folder may be gone) is not worth a message.
          if (!build.cancelled)
            console.error(`row store: not kept beside the workspace: ${(e as Error).message}`);
        }
      })
      .catch(failed)
      .finally(() => {
        if (this.build === build) this.build = null;
      });
    this.build = build;
  }

  private use(store: RowStore, info: Omit<RowStoreStatus, 'written'>): void {
    this.store = store;
    this.info = { ...this.info, ...info };
  }
}
