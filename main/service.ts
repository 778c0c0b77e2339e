/**
 * The one object that implements the contract of shared/api.ts. The doors (Electron IPC,
 * browser mode's HTTP server) validate input with the contract's schemas and call this.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Api, ExportResultOut, In, JobOut, Out, SettingsInput, WorkspaceOut } from '../shared/api';
import { todayIso } from '../shared/domain/fiscal';
import type { Filters } from '../shared/filters';
import { cacheErrorOf, openCache, type DB } from './cache/db';
import { forgetImport, importIssues, listImports } from './cache/imports';
import { DEFAULT_SETTINGS, readSettings, writeSettings, type Settings } from './cache/settings';
import { deleteView, listViews, renameView, saveView, viewFilters, ViewError } from './cache/views';
import { runExport } from './export/index';
import { downloadsIn } from './ingest/downloads';
import { importFile, type ImportResult } from './ingest/import';
import { agreements } from './query/agreements';
import { FACET_LIMIT, facets } from './query/facets';
import { matrix, whitespaceGroups } from './query/groups';
import { queryRows } from './query/rows';
import { RowStore, rowStoreKey } from './query/row-store';
import { summary } from './query/summary';
import { customersInScope } from './query/export-queries';
import { filterWarnings } from './query/filter-warnings';

/** An error whose message is meant for the user (HTTP 400 / a dialog), not a crash. */
export class ServiceError extends Error {}

export interface ServiceOptions {
  dbPath: string;
  /** Where "Open sample data" keeps its own cache, apart from the user's. */
  sampleDbPath: string;
  sampleDir: string;
  /** Folder for export files before they are handed to the user. */
  exportDir?: string;
}

interface Job {
  out: JobOut;
  controller: AbortController;
  started: number;
  filePath?: string;
}

const FINISHED_JOBS_KEPT = 50;

export class Service implements Api {
  private db: DB;
  private dbPath: string;
  private readonly jobs = new Map<string, Job>();
  private busy: Promise<unknown> = Promise.resolve();
  /**
   * Facets count on a connection of their own, one request at a time: their scan gives the
   * event loop a turn every few thousand rows, so rows requests are answered meanwhile, and the
   * statement it keeps open must not be on the connection those requests use.
   */
  private facetsDb: DB | null = null;
  private facetsQueue: Promise<unknown> = Promise.resolve();
  /**
   * The current rows in memory, for pages at any depth and facets in milliseconds. Built in the
   * background, on a connection of its own, when the workspace opens, after each change to its
   * data, and whenever a request finds none for the current data; SQL answers meanwhile.
   */
  private store: RowStore | null = null;
  private storeBuild: { key: string; cancelled: boolean; done: Promise<void> } | null = null;
  private storeFailed: string | null = null;

  constructor(private readonly opts: ServiceOptions) {
    this.dbPath = opts.dbPath;
    this.db = openCache(opts.dbPath);
    this.prepareRowStore();
  }

  close(): void {
    for (const j of this.jobs.values()) j.controller.abort();
    this.dropRowStore();
    this.closeFacets();
    this.db.close();
  }

  /** Closes the facets connection once the facets in progress are done. */
  private closeFacets(): void {
    const old = this.facetsDb;
    this.facetsDb = null;
    if (old) void this.facetsQueue.then(() => old.close());
  }

  private ws(): WorkspaceOut {
    const n = this.db.prepare('SELECT COUNT(*) AS n FROM imports').get() as { n: number };
    return { path: this.dbPath, isSample: this.dbPath === this.opts.sampleDbPath, empty: n.n === 0 };
  }

  private switchTo(p: string): void {
    const next = openCache(p);
    this.dropRowStore();
    this.closeFacets();
    this.db.close();
    this.db = next;
    this.dbPath = p;
    this.prepareRowStore();
  }

  async workspace(): Promise<WorkspaceOut> {
    return this.ws();
  }

  async openSample(): Promise<WorkspaceOut> {
    this.switchTo(this.opts.sampleDbPath);
    const files = downloadsIn(this.opts.sampleDir);
    // Already-imported files are skipped by hash, so reopening is cheap. Its own connection,
    // as for any import: requests answered meanwhile see only whole snapshots.
    const db = openCache(this.opts.sampleDbPath);
    try {
      for (const f of files) await importFile(db, f);
    } finally {
      db.close();
    }
    return this.ws();
  }

  async openDefaultWorkspace(): Promise<WorkspaceOut> {
    this.switchTo(this.opts.dbPath);
    return this.ws();
  }

  /** Opens any cache file (desktop: File ▸ Open workspace…). */
  openWorkspace(p: string): WorkspaceOut {
    this.switchTo(p);
    return this.ws();
  }

  async summary(input: In<'summary'>): Promise<Out<'summary'>> {
    return summary(this.db, input.asOf ?? todayIso());
  }

  async rows(input: In<'rows'>): Promise<Out<'rows'>> {
    return queryRows(
      this.db,
      { filters: input.filters ?? {}, sort: input.sort, offset: input.offset, limit: input.limit },
      this.rowStore(),
    );
  }

  /** The row store of the current data if it is built; else starts building it and returns null. */
  private rowStore(): RowStore | null {
    const key = rowStoreKey(this.db);
    if (this.store?.key === key) return this.store;
    this.store = null; // stale: let it go before the next one is built
    if (this.storeBuild?.key !== key && this.storeFailed !== key) this.buildRowStore(key);
    return null;
  }

  /** Starts building the row store of the current data now, so that it is ready when asked for. */
  private prepareRowStore(): void {
    if (this.db.open) this.rowStore();
  }

  private buildRowStore(key: string): void {
    if (this.storeBuild) this.storeBuild.cancelled = true;
    // SQL keeps answering; a store that cannot be built is not retried for the same data.
    const failed = (e: unknown) => {
      this.storeFailed = key;
      console.error(`row store: ${(e as Error).message}`);
    };
    let db: DB;
    try {
      db = openCache(this.dbPath, { readonly: true });
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
        if (this.storeBuild === build) this.storeBuild = null;
      });
    this.storeBuild = build;
  }

  private dropRowStore(): void {
    if (this.storeBuild) this.storeBuild.cancelled = true;
    this.storeBuild = null;
    this.store = null;
    this.storeFailed = null;
  }

  /** Resolves when the row store of the current data is built (benchmarks, tests). */
  async rowStoreReady(): Promise<void> {
    while (!this.rowStore()) {
      if (!this.storeBuild) throw new Error('the row store could not be built');
      await this.storeBuild.done;
    }
  }

  async facets(input: In<'facets'>): Promise<Out<'facets'>> {
    const filters = input.filters ?? {};
    const store = this.rowStore();
    if (store) return store.facets(this.db, filters, FACET_LIMIT);
    const run = this.facetsQueue.then(() => facets((this.facetsDb ??= openCache(this.dbPath)), filters));
    this.facetsQueue = run.catch(() => undefined);
    return run;
  }

  async matrix(input: In<'matrix'>): Promise<Out<'matrix'>> {
    return matrix(this.db, input.product, input.filters ?? {});
  }

  async whitespace(input: In<'whitespace'>): Promise<Out<'whitespace'>> {
    return whitespaceGroups(this.db, input.by, input.filters ?? {});
  }

  async agreements(input: In<'agreements'>): Promise<Out<'agreements'>> {
    return agreements(this.db, input);
  }

  async imports(): Promise<Out<'imports'>> {
    return listImports(this.db);
  }

  async importIssues(input: In<'importIssues'>): Promise<Out<'importIssues'>> {
    return importIssues(this.db, input.importId, input.offset ?? 0, input.limit ?? 500);
  }

  async forgetImport(input: In<'forgetImport'>): Promise<Out<'forgetImport'>> {
    const removed = forgetImport(this.db, input.importId);
    this.prepareRowStore();
    return { removed };
  }

  /** Imports files one after another as one job; each file is its own transaction. */
  async importPaths(input: In<'importPaths'>, names?: string[]): Promise<JobOut> {
    const paths = input.paths;
    const label = paths.length === 1 ? path.basename(names?.[0] ?? paths[0]!) : `${paths.length} files`;
    const job = this.newJob('import', label);
    const totalBytes = paths.reduce((s, p) => s + (fs.statSync(p, { throwIfNoEntry: false })?.size ?? 0), 0);
    let doneBytes = 0;
    const results: ImportResult[] = [];
    job.out.result = results;
    this.exclusive(async () => {
      // A connection of its own: the file's transaction stays open across many turns of the
      // event loop, and requests answered meanwhile must see the cache as it was before, not a
      // half-loaded snapshot whose indexes are being rebuilt.
      let db: DB | null = null;
      try {
        db = openCache(this.dbPath);
        for (let k = 0; k < paths.length; k++) {
          if (job.controller.signal.aborted) break;
          const p = paths[k]!;
          const r = await importFile(db, p, {
            signal: job.controller.signal,
            allowShrink: input.allowShrink,
            onProgress: (pr) =>
              this.progress(job, pr.rows, totalBytes ? (doneBytes + pr.bytesRead) / totalBytes : null),
          });
          doneBytes += fs.statSync(p, { throwIfNoEntry: false })?.size ?? 0;
          results.push({ ...r, file: names?.[k] ?? r.file });
        }
        const cancelled = job.controller.signal.aborted;
        this.finish(
          job,
          cancelled ? 'cancelled' : results.every((r) => r.status !== 'failed') ? 'done' : 'failed',
          results.find((r) => r.status === 'failed')?.error ?? null,
        );
      } catch (e) {
        // Not a bad file but a failing cache (disk full, locked): the file's transaction was
        // rolled back; the job says so instead of leaving a promise nobody handles.
        this.finish(
          job,
          'failed',
          String((cacheErrorOf(e, this.dbPath) as Error).message ?? e).split('\n')[0]!,
        );
      } finally {
        db?.close();
      }
    });
    return job.out;
  }

  async job(input: In<'job'>): Promise<JobOut> {
    const j = this.jobs.get(input.id);
    if (!j) throw new ServiceError(`no job ${input.id}`);
    return j.out;
  }

  async cancelJob(input: In<'cancelJob'>): Promise<JobOut> {
    const j = this.jobs.get(input.id);
    if (!j) throw new ServiceError(`no job ${input.id}`);
    j.controller.abort();
    return j.out;
  }

  /** The file an export job wrote, for the door to hand over (download or save dialog). */
  exportFile(id: string): { path: string; name: string } | null {
    const j = this.jobs.get(id);
    if (!j || j.out.kind !== 'export' || j.out.state !== 'done' || !j.filePath) return null;
    return { path: j.filePath, name: (j.out.result as ExportResultOut).name };
  }

  async views(): Promise<Out<'views'>> {
    return listViews(this.db);
  }

  async saveView(input: In<'saveView'>): Promise<Out<'saveView'>> {
    try {
      return saveView(this.db, input.name.trim(), input.state as Out<'saveView'>['state'], !!input.replace);
    } catch (e) {
      throw e instanceof ViewError ? new ServiceError(e.message) : e;
    }
  }

  async renameView(input: In<'renameView'>): Promise<Out<'renameView'>> {
    try {
      return renameView(this.db, input.id, input.name.trim());
    } catch (e) {
      throw new ServiceError((e as Error).message);
    }
  }

  async deleteView(input: In<'deleteView'>): Promise<Out<'deleteView'>> {
    return { deleted: deleteView(this.db, input.id) };
  }

  async settings(): Promise<SettingsInput> {
    return readSettings(this.db) as SettingsInput;
  }

  async saveSettings(input: In<'saveSettings'>): Promise<SettingsInput> {
    try {
      await this.exclusive(async () => writeSettings(this.db, input as Settings));
    } catch (e) {
      throw new ServiceError((e as Error).message);
    }
    this.prepareRowStore();
    return this.settings();
  }

  async resetSettings(): Promise<SettingsInput> {
    await this.exclusive(async () => writeSettings(this.db, DEFAULT_SETTINGS));
    this.prepareRowStore();
    return this.settings();
  }

  async startExport(input: In<'startExport'>): Promise<JobOut> {
    let filters: Filters = input.filters ?? {};
    if (input.view) filters = this.viewOrError(input.view);
    const asOf = input.asOf ?? todayIso();
    const name = `Ascent Workbench ${asOf}.${input.format}`;
    const dir = this.opts.exportDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-export-'));
    fs.mkdirSync(dir, { recursive: true });
    const out = path.join(dir, `${crypto.randomUUID()}.${input.format}`);
    const job = this.newJob('export', name);
    job.filePath = out;
    job.out.result = {
      file: out,
      name,
      rows: 0,
      customers: 0,
      tabs: [],
      warnings: [],
    };
    // Its own connection: an export holds a query open while the file catches up, and the
    // UI must keep querying meanwhile (better-sqlite3 refuses a busy connection).
    const dbPath = this.dbPath;
    this.exclusive(async () => {
      const exportDb = openCache(dbPath);
      try {
        // On the export's connection, in the job: a DISTINCT per free-text filter named.
        (job.out.result as ExportResultOut).warnings = filterWarnings(exportDb, filters);
        const written = await runExport(exportDb, {
          out,
          format: input.format,
          asOf,
          filters,
          tabs: input.tabs as never,
          signal: job.controller.signal,
          onProgress: (p) => this.progress(job, p.rows, null),
        });
        job.out.result = {
          ...(job.out.result as ExportResultOut),
          rows: written.rows,
          tabs: written.tabs,
          customers: customersInScope(exportDb, filters, asOf),
        };
        job.out.rows = written.rows; // the rows in scope, not the last tab's progress
        this.finish(job, 'done', null);
      } catch (e) {
        this.finish(
          job,
          job.controller.signal.aborted ? 'cancelled' : 'failed',
          (e as Error).message.split('\n')[0]!,
        );
      } finally {
        exportDb.close();
      }
    });
    return job.out;
  }

  private viewOrError(name: string): Filters {
    try {
      const f = viewFilters(this.db, name);
      if (!f) throw new ServiceError(`no saved view named "${name}"`);
      return f;
    } catch (e) {
      throw e instanceof ViewError ? new ServiceError(e.message) : e;
    }
  }

  // ---- jobs ----------------------------------------------------------------------------

  /** Long writes run one at a time, so an import never interleaves with another import's transaction. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn, fn);
    this.busy = run.catch(() => undefined);
    return run;
  }

  private newJob(kind: JobOut['kind'], label: string): Job {
    const id = crypto.randomUUID();
    const job: Job = {
      out: {
        id,
        kind,
        state: 'running',
        label,
        rows: 0,
        fraction: null,
        rowsPerSecond: null,
        secondsLeft: null,
        error: null,
        result: null,
      },
      controller: new AbortController(),
      started: Date.now(),
    };
    this.jobs.set(id, job);
    if (this.jobs.size > FINISHED_JOBS_KEPT)
      for (const [k, j] of this.jobs)
        if (j.out.state !== 'running' && this.jobs.size > FINISHED_JOBS_KEPT) this.jobs.delete(k);
    return job;
  }

  private progress(job: Job, rows: number, fraction: number | null): void {
    const secs = (Date.now() - job.started) / 1000;
    job.out.rows = rows;
    job.out.fraction = fraction;
    job.out.rowsPerSecond = secs > 0 ? Math.round(rows / secs) : null;
    job.out.secondsLeft =
      fraction && fraction > 0 && secs > 0.5
        ? Math.max(0, Math.round((secs / fraction) * (1 - fraction)))
        : null;
  }

  private finish(job: Job, state: JobOut['state'], error: string | null): void {
    job.out.state = state;
    job.out.error = error;
    if (state === 'done') job.out.fraction = 1;
    job.out.secondsLeft = 0;
    if (state === 'done') this.prepareRowStore();
  }
}
