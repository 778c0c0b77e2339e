/**
 * The open workspace and its connections: the one every request reads on, the facets' own
 * (one scan at a time), and fresh ones for jobs and the row store's build. Switching the
 * workspace swaps them all; `onSwitch` lets the row store's life follow.
 */
import type { WorkspaceOut } from '../../shared/api';
import { openCache, type DB } from '../cache/db';
import { currentImports } from '../query/current';

export class Connections {
  private current: DB;
  private currentPath: string;
  /**
   * Facets count on a connection of their own, one request at a time: their scan gives the
   * event loop a turn every few thousand rows, so rows requests are answered meanwhile, and the
   * statement it keeps open must not be on the connection those requests use.
   */
  private facetsDb: DB | null = null;
  private facetsQueue: Promise<unknown> = Promise.resolve();

  constructor(
    dbPath: string,
    private readonly sampleDbPath: string,
  ) {
    this.currentPath = dbPath;
    this.current = openCache(dbPath);
  }

  /** The connection requests are answered on. */
  get db(): DB {
    return this.current;
  }

  get path(): string {
    return this.currentPath;
  }

  get open(): boolean {
    return this.current.open;
  }

  /**
   * A connection of its own to the current workspace: for a job whose transaction or query
   * stays open across turns of the event loop, or (read-only) for the row store's build.
   */
  fresh(opts: { readonly?: boolean } = {}): DB {
    return openCache(this.currentPath, opts);
  }

  /** Runs `fn` on the facets' connection once the facets before it are done. */
  onFacets<T>(fn: (db: DB) => Promise<T>): Promise<T> {
    const run = this.facetsQueue.then(() => fn((this.facetsDb ??= openCache(this.currentPath))));
    this.facetsQueue = run.catch(() => undefined);
    return run;
  }

  describe(): WorkspaceOut {
    const n = this.current.prepare('SELECT COUNT(*) AS n FROM imports').get() as { n: number };
    return {
      path: this.currentPath,
      isSample: this.currentPath === this.sampleDbPath,
      empty: n.n === 0,
      current: n.n > 0 && currentImports(this.current).length > 0,
    };
  }

  /** Opens `p` (which may fail, leaving everything as it was), then closes the old connections. */
  switchTo(p: string): void {
    const next = openCache(p);
    this.closeFacets();
    this.current.close();
    this.current = next;
    this.currentPath = p;
  }

  close(): void {
    this.closeFacets();
    this.current.close();
  }

  /** Closes the facets connection once the facets in progress are done. */
  private closeFacets(): void {
    const old = this.facetsDb;
    this.facetsDb = null;
    if (old) void this.facetsQueue.then(() => old.close());
  }
}
