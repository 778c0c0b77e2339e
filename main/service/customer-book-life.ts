/**
 * The call list's book's life (query/customer-book.ts): built in turns on a read-only connection
 * of its own, inside one read transaction, when the workspace opens and after each change to
 * its data or settings (so the landing view's first answer finds it ready), and whenever a
 * request finds none for the current data version. Today's book is built from the row store's
 * parts once the store of the same data is ready (row-store-life.ts), sharing its arrays; a book
 * of another as-of date, or one whose store cannot be had, builds parts of its own first. A call-list request waits for the book while
 * every other request is answered meanwhile: there is no cheaper exact answer to wait on instead
 * (a priority needs every customer's whitespace rank), and a book is used only while its key is
 * the current data version, so an answer is never stale. A one-shot door (the CLI) builds it at once.
 */
import type { DB } from '../cache/db';
import { todayIso } from '../../shared/domain/fiscal';
import { dataVersionKey } from '../query/current';
import { buildBook, type CustomerBook } from '../query/customer-book';
import { runInTurns } from '../query/turns';
import { readPriorityWeights } from '../cache/settings';
import { bookFor } from '../query/customers';
import { rowStoreKey } from '../query/store/key';
import { partsSteps } from '../query/store/build';
import type { Connections } from './connections';
import { ServiceError } from './errors';
import type { RowStoreLife } from './row-store-life';

interface Build {
  key: string;
  cancelled: boolean;
  done: Promise<CustomerBook | null>;
}

/** Books kept: today's and one other as-of date. */
const KEEP = 2;

export class CustomerBookLife {
  private readonly books = new Map<string, CustomerBook>();
  private readonly builds = new Map<string, Build>();

  constructor(
    private readonly conn: Connections,
    /** false: build at once on the request connection (a one-shot door). */
    private readonly inTurns: boolean,
    /** The row store today's book is built from. */
    private readonly store: RowStoreLife,
  ) {}

  /** The book of the current data as of `asOf`: the one kept, else the one being built, else a new build. */
  async get(asOf: string): Promise<CustomerBook> {
    if (!this.conn.open) throw new ServiceError('no workspace is open');
    if (!this.inTurns) return bookFor(this.conn.db, asOf);
    // The data may change while a book is built: then the next one is awaited (a few times at most).
    for (let attempt = 0; attempt < 5; attempt++) {
      const key = dataVersionKey(this.conn.db, asOf);
      const kept = this.books.get(asOf);
      if (kept?.key === key) return kept;
      if (kept) this.books.delete(asOf); // stale: let it go before the next one is built
      let build = this.builds.get(asOf);
      if (build?.key !== key) build = this.start(asOf);
      const book = await build.done;
      if (book && book.key === dataVersionKey(this.conn.db, asOf)) {
        this.keep(asOf, book);
        return book;
      }
    }
    throw new ServiceError('the call list could not be built: the data kept changing while it was read');
  }

  /**
   * `fn` over the book of the current data: run in the same turn as the check that the book is
   * current, so no write can come in between.
   */
  async withBook<T>(asOf: string, fn: (book: CustomerBook) => T): Promise<T> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const book = await this.get(asOf);
      if (book.key === dataVersionKey(this.conn.db, asOf)) return fn(book);
    }
    throw new ServiceError('the call list could not be built: the data kept changing while it was read');
  }

  /** Starts building today's book of the current data, so that the call list is ready when asked for. */
  prepare(asOf: string): void {
    if (!this.inTurns || !this.conn.open) return;
    // Without reading the key on the request connection: the build reads it on its own.
    const build = this.builds.get(asOf) ?? this.start(asOf);
    build.done
      .then((book) => {
        if (book && !build.cancelled) this.keep(asOf, book);
      })
      .catch((e: unknown) => {
        if (!build.cancelled) console.error(`call list: ${(e as Error).message}`);
      });
  }

  /** Forgets every book and build (the workspace is switched or closed). */
  drop(): void {
    // A build that is dropped ends at its next turn, quietly.
    for (const b of this.builds.values()) b.cancelled = true;
    this.builds.clear();
    this.books.clear();
  }

  private keep(asOf: string, book: CustomerBook): void {
    this.books.delete(asOf);
    this.books.set(asOf, book);
    while (this.books.size > KEEP) this.books.delete(this.books.keys().next().value!);
  }

  /** A build of the data as of `asOf`; its key is read (in its transaction) before this returns. */
  private start(asOf: string): Build {
    const previous = this.builds.get(asOf);
    if (previous) previous.cancelled = true;
    const build: Build = { key: '', cancelled: false, done: Promise.resolve(null) };
    build.done = (async () => {
      const db: DB = this.conn.fresh({ readonly: true });
      db.exec('BEGIN');
      try {
        build.key = dataVersionKey(db, asOf);
        const cancelled = () => build.cancelled;
        let parts = null;
        if (asOf === todayIso()) {
          const store = await this.store.usable();
          // A store of other (newer) data than this transaction's: this build is stale, get() starts the next.
          if (store && store.key !== rowStoreKey(db)) return null;
          parts = store?.parts ?? null;
        }
        parts ??= await runInTurns(partsSteps(db, asOf), cancelled);
        if (!parts || build.cancelled) return null;
        return await runInTurns(buildBook(db, asOf, readPriorityWeights(db), parts), cancelled);
      } finally {
        db.exec('COMMIT');
        db.close();
        if (this.builds.get(asOf) === build) this.builds.delete(asOf);
      }
    })();
    this.builds.set(asOf, build);
    return build;
  }
}
