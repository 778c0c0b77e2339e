/**
 * The one object that implements the contract of shared/api.ts, as a small composition: the
 * workspace's connections (connections.ts), the row store's life (row-store-life.ts), the job
 * registry (jobs.ts), and the API methods below, which are thin calls into main/cache and
 * main/query, or start a job (imports.ts, exports.ts). Doors reach it through `dispatch`
 * (dispatch.ts), which validates input with the contract's schemas; the extra methods after
 * the contract's are for doors only (a file to hand over, an upload's name, the CLI).
 */
import path from 'node:path';
import {
  SETTINGS_PARTS,
  type Api,
  type ImportFileResult,
  type In,
  type JobOut,
  type Out,
  type SettingsInput,
  type WorkspaceOut,
} from '../../shared/api';
import { todayIso } from '../../shared/domain/fiscal';
import type { Filters, PropensityRow, RowsQuery } from '../../shared/filters';
import { userDataDir } from '../cache/db';
import { forgetImport, importIssues, listImports } from '../cache/imports';
import { DEFAULT_SETTINGS, readSettings, writeSettings } from '../cache/settings';
import { deleteView, listViews, renameView, saveView, ViewError } from '../cache/views';
import { downloadsIn } from '../ingest/downloads';
import { agreements } from '../query/agreements';
import { CustomerNotFound, queryCustomers } from '../query/customers';
import { customerDetail } from '../query/customer-detail';
import { customerFacets } from '../query/customer-facets';
import { FACET_LIMIT } from '../query/facets';
import { filterWarnings, type WarningOptions } from '../query/filter-warnings';
import { iterateRows } from '../query/rows';
import { summary } from '../query/summary';
import { scopedSummary } from '../query/scoped-summary';
import { Connections } from './connections';
import { ServiceError } from './errors';
import { exportScope, startExportJob, writeExport, type ExportRequest } from './exports';
import { importOne, startImportJob, type ImportOneOptions, type ImportTarget } from './imports';
import { Jobs } from './jobs';
import { PreferencesStore } from './preferences';
import { RowStoreLife, type RowStoreStatus } from './row-store-life';
import { CustomerBookLife } from './customer-book-life';

export interface ServiceOptions {
  dbPath: string;
  /** Where "Open sample data" keeps its own cache, apart from the user's. */
  sampleDbPath: string;
  sampleDir: string;
  /** Folder for export files before they are handed to the user. */
  exportDir?: string;
  /**
   * false: never build the in-memory row store (a one-shot door such as the CLI, where the
   * build would cost seconds for one answer); SQL answers every request. Default true.
   */
  rowStore?: boolean;
  /**
   * false: neither read nor write the row store's sidecar file beside the workspace (its
   * persisted copy, read on open instead of a build). Default: as `rowStore`.
   */
  persistRowStore?: boolean;
  /** The user's preferences file (language); by default preferences.json in the user-data folder. */
  preferencesPath?: string;
}

/** A synchronous answer as the contract's promise: a throw becomes a rejection, as from an async method. */
function answer<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => resolve(fn()));
}

export class Service implements Api {
  private readonly conn: Connections;
  private readonly store: RowStoreLife;
  private readonly book: CustomerBookLife;
  private readonly jobs = new Jobs();
  private readonly prefs: PreferencesStore;

  constructor(private readonly opts: ServiceOptions) {
    this.conn = new Connections(opts.dbPath, opts.sampleDbPath);
    this.prefs = new PreferencesStore(opts.preferencesPath ?? path.join(userDataDir(), 'preferences.json'));
    const rowStore = opts.rowStore ?? true;
    this.store = new RowStoreLife(this.conn, rowStore, opts.persistRowStore ?? rowStore);
    this.store.prepare();
    this.book = new CustomerBookLife(this.conn, rowStore, this.store);
    this.book.prepare(todayIso());
  }

  close(): void {
    this.jobs.abortAll();
    this.store.drop();
    this.book.drop();
    this.conn.close();
  }

  /** The current data changed (an import, a removal, settings): the row store and the call list follow. */
  private readonly changed = (): void => {
    this.store.prepare();
    this.book.prepare(todayIso());
  };

  private switchTo(p: string): void {
    this.conn.switchTo(p);
    this.store.drop();
    this.store.prepare();
    this.book.drop();
    this.book.prepare(todayIso());
  }

  // ---- the contract ----------------------------------------------------------------------

  workspace(): Promise<WorkspaceOut> {
    return answer(() => this.conn.describe());
  }

  async openSample(): Promise<WorkspaceOut> {
    this.switchTo(this.opts.sampleDbPath);
    const files = downloadsIn(this.opts.sampleDir);
    // Already-imported files are skipped by hash, so reopening is cheap. Its own connection,
    // as for any import: requests answered meanwhile see only whole snapshots.
    const db = this.conn.fresh();
    try {
      for (const f of files) await importOne(db, { path: f });
    } finally {
      db.close();
    }
    return this.conn.describe();
  }

  openDefaultWorkspace(): Promise<WorkspaceOut> {
    return answer(() => this.openWorkspace(this.opts.dbPath));
  }

  summary(input: In<'summary'>): Promise<Out<'summary'>> {
    const asOf = input.asOf ?? todayIso();
    return answer(() =>
      input.filters ? scopedSummary(this.conn.db, asOf, input.filters) : summary(this.conn.db, asOf),
    );
  }

  // Pages, facets and groups come from the source of the moment (row-store-life.ts): the row
  // store once it holds the current data, else SQL.
  async rows(input: In<'rows'>): Promise<Out<'rows'>> {
    const source = await this.store.soon();
    return answer(() =>
      source.page({
        filters: input.filters ?? {},
        sort: input.sort,
        offset: input.offset,
        limit: input.limit,
      }),
    );
  }

  async facets(input: In<'facets'>): Promise<Out<'facets'>> {
    return (await this.store.soon()).facets(input.filters ?? {}, FACET_LIMIT);
  }

  // The call list answers from its book (customer-book-life.ts), waiting for it if it is being built.
  customers(input: In<'customers'>): Promise<Out<'customers'>> {
    return this.book.withBook(input.asOf ?? todayIso(), (book) =>
      queryCustomers(this.conn.db, { ...input, filters: input.filters ?? {} }, book),
    );
  }

  customer(input: In<'customer'>): Promise<Out<'customer'>> {
    const asOf = input.asOf ?? todayIso();
    return this.book.withBook(asOf, (book) => {
      try {
        return customerDetail(this.conn.db, input.customerId, asOf, book, input.lang);
      } catch (e) {
        if (e instanceof CustomerNotFound) throw new ServiceError(e.message);
        throw e;
      }
    });
  }

  customerFacets(input: In<'customerFacets'>): Promise<Out<'customerFacets'>> {
    const asOf = input.asOf ?? todayIso();
    return this.book.withBook(asOf, (book) =>
      customerFacets(this.conn.db, input.filters ?? {}, asOf, undefined, book),
    );
  }

  /** Resolves when the call list's book of the current data is built (benchmarks, tests). */
  async customerBookReady(asOf: string = todayIso()): Promise<void> {
    await this.book.get(asOf);
  }

  matrix(input: In<'matrix'>): Promise<Out<'matrix'>> {
    return answer(() => this.store.source().matrix(input.product, input.filters ?? {}));
  }

  whitespace(input: In<'whitespace'>): Promise<Out<'whitespace'>> {
    return answer(() => this.store.source().whitespace(input.by, input.filters ?? {}));
  }

  agreements(input: In<'agreements'>): Promise<Out<'agreements'>> {
    return answer(() => agreements(this.conn.db, input));
  }

  imports(): Promise<Out<'imports'>> {
    return answer(() => listImports(this.conn.db));
  }

  importIssues(input: In<'importIssues'>): Promise<Out<'importIssues'>> {
    return answer(() => importIssues(this.conn.db, input.importId, input.offset ?? 0, input.limit ?? 500));
  }

  forgetImport(input: In<'forgetImport'>): Promise<Out<'forgetImport'>> {
    return answer(() => {
      const removed = forgetImport(this.conn.db, input.importId);
      this.changed();
      return { removed };
    });
  }

  /** Imports files one after another as one job; each file is its own transaction. */
  importPaths(input: In<'importPaths'>): Promise<JobOut> {
    return this.importFiles(
      input.paths.map((p) => ({ path: p })),
      { allowShrink: input.allowShrink },
    );
  }

  job(input: In<'job'>): Promise<JobOut> {
    return answer(() => this.jobs.get(input.id));
  }

  cancelJob(input: In<'cancelJob'>): Promise<JobOut> {
    return answer(() => this.jobs.cancel(input.id));
  }

  views(): Promise<Out<'views'>> {
    return answer(() => listViews(this.conn.db));
  }

  saveView(input: In<'saveView'>): Promise<Out<'saveView'>> {
    return answer(() => {
      try {
        return saveView(this.conn.db, input.name.trim(), input.state, !!input.replace);
      } catch (e) {
        throw e instanceof ViewError ? new ServiceError(e.message) : e;
      }
    });
  }

  renameView(input: In<'renameView'>): Promise<Out<'renameView'>> {
    return answer(() => {
      try {
        return renameView(this.conn.db, input.id, input.name.trim());
      } catch (e) {
        throw new ServiceError((e as Error).message);
      }
    });
  }

  deleteView(input: In<'deleteView'>): Promise<Out<'deleteView'>> {
    return answer(() => {
      try {
        return { deleted: deleteView(this.conn.db, input.id) };
      } catch (e) {
        throw e instanceof ViewError ? new ServiceError(e.message) : e;
      }
    });
  }

  settings(): Promise<SettingsInput> {
    return answer(() => readSettings(this.conn.db));
  }

  /** Saves the parts given; a refusal (invalid weights, say) changes nothing. The call list follows. */
  saveSettings(input: In<'saveSettings'>): Promise<SettingsInput> {
    return this.writeSettings(input);
  }

  resetSettings(input: In<'resetSettings'> = {}): Promise<SettingsInput> {
    const parts = input.parts ?? SETTINGS_PARTS;
    return this.writeSettings(Object.fromEntries(parts.map((p) => [p, DEFAULT_SETTINGS[p]])));
  }

  private async writeSettings(parts: Partial<SettingsInput>): Promise<SettingsInput> {
    let written: boolean;
    try {
      written = await this.jobs.exclusive(() => answer(() => writeSettings(this.conn.db, parts)));
    } catch (e) {
      throw new ServiceError((e as Error).message);
    }
    if (written) this.changed();
    return this.settings();
  }

  startExport(input: In<'startExport'>): Promise<JobOut> {
    return answer(() =>
      startExportJob(this.conn, this.jobs, input, this.opts.exportDir, this.changed, (asOf) =>
        this.book.get(asOf),
      ),
    );
  }

  preferences(): Promise<Out<'preferences'>> {
    return answer(() => this.prefs.read());
  }

  setPreferences(input: In<'setPreferences'>): Promise<Out<'setPreferences'>> {
    return answer(() => this.prefs.write(input));
  }

  // ---- for the doors only (not in the contract, never reachable as a method name) --------

  /** Opens any cache file (desktop: File ▸ Open workspace…). */
  openWorkspace(p: string): WorkspaceOut {
    this.switchTo(p);
    return this.conn.describe();
  }

  /** An import job over files each reported by its own name (browser mode's upload keeps the original name). */
  importFiles(targets: ImportTarget[], opts: { allowShrink?: boolean } = {}): Promise<JobOut> {
    return answer(() => {
      if (!targets.length) throw new ServiceError('import: name at least one file');
      return startImportJob(this.conn, this.jobs, targets, opts, this.changed);
    });
  }

  /** The file an export job wrote, for the door to hand over (download or save dialog). */
  exportFile(id: string): { path: string; name: string } | null {
    return this.jobs.exportFile(id);
  }

  /** Resolves when the row store of the current data is built (benchmarks, tests). */
  rowStoreReady(): Promise<void> {
    return this.store.ready();
  }

  /** Resolves when the row store's work under way (a sidecar's write included) is done. */
  rowStoreSettled(): Promise<void> {
    return this.store.settled();
  }

  /** Where the row store in use came from (its sidecar or a build) and what its sidecar cost. */
  rowStoreStatus(): RowStoreStatus {
    return this.store.status();
  }

  /**
   * One file now, on the request connection (the CLI imports file by file and reports each; a
   * failing workspace throws, and the door decides whether to go on).
   */
  async importNow(target: ImportTarget, opts: ImportOneOptions = {}): Promise<ImportFileResult> {
    const r = await importOne(this.conn.db, target, opts);
    this.changed();
    return r;
  }

  /** Writes an export to `req.out` now (the CLI), scoped as `startExport` scopes it. */
  async exportNow(
    req: Omit<ExportRequest, 'filters'> & { filters?: Filters; view?: string },
  ): ReturnType<typeof writeExport> {
    return await writeExport(this.conn.db, {
      ...req,
      filters: exportScope(this.conn.db, req.filters, req.view),
    });
  }

  /** Filter values that match nothing in the current data, each with the nearest existing value. */
  filterWarnings(filters: Filters, opts?: WarningOptions): string[] {
    return filterWarnings(this.conn.db, filters, opts);
  }

  /**
   * The rows in scope in the order asked, streamed, from `offset` on and at most `limit` of
   * them (the CLI's `rows --csv`, which has no page size limit).
   */
  *allRows(
    filters: Filters,
    sort?: RowsQuery['sort'],
    page: { offset?: number; limit?: number } = {},
  ): Generator<PropensityRow> {
    const offset = page.offset ?? 0;
    const end = offset + (page.limit ?? Infinity);
    let i = 0;
    for (const r of iterateRows(this.conn.db, filters, sort)) {
      if (i >= end) break;
      if (i++ >= offset) yield r;
    }
  }
}
