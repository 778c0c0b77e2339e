/**
 * Exporting: the scope of an export (`exportScope`) and writing it (`writeExport`), shared by
 * the export job and the CLI, and the export job, which writes to a folder of its own for the
 * door to hand over (a download, a save dialog).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FilterMiss, In, JobOut } from '../../shared/api';
import { todayIso } from '../../shared/domain/fiscal';
import { problemOf } from '../../shared/i18n/problems';
import type { Filters } from '../../shared/filters';
import { openCache, type DB } from '../cache/db';
import { viewFilters, ViewError } from '../cache/views';
import type { ExportFormat, ExportProgress, ExportResult, TabName } from '../export/index';
import type { Locale } from '../../shared/i18n/locales';
import { EmptyExportError } from '../export/empty';
import { exportFileName } from '../export/file-name';
import { viewListFileName } from '../export/view-lists';
import type { CustomerBook } from '../query/customer-book';
import { lendBook } from '../query/customers';
import { customersInScope } from '../query/export-queries';
import { filterMisses, missInWords } from '../query/filter-warnings';
import type { Connections } from './connections';
import { ServiceError } from './errors';
import type { Jobs } from './jobs';

/**
 * The filters of an export: a saved view's, with each filter given too replacing the view's
 * filter of that key; without a view, the filters given.
 */
export function exportScope(db: DB, filters: Filters | undefined, view: string | undefined): Filters {
  if (view === undefined) return filters ?? {};
  let saved: Filters | null;
  try {
    saved = viewFilters(db, view);
  } catch (e) {
    throw e instanceof ViewError ? new ServiceError(e.message) : e;
  }
  if (!saved) throw new ServiceError(`no saved view named "${view}"`);
  return { ...saved, ...filters };
}

export interface ExportRequest {
  out: string;
  format: ExportFormat;
  asOf: string;
  filters: Filters;
  /** Workbook tabs to write (default all); a name that is no tab fails the export. */
  tabs?: string[];
  /** The CSV list's grain (default customers) and columns (default all of the grain). */
  rows?: 'customers' | 'products';
  columns?: string[];
  /** The language of the workbook and of the CSV headers (default English). */
  lang?: Locale;
  /** The saved view the scope comes from (named on the Summary). */
  view?: string;
  /** Write the file even when the scope holds no rows. */
  allowEmpty?: boolean;
  /** A CSV of the Whitespace view's grouping, or of the Agreements view's list (view-lists.ts). */
  whitespaceBy?: In<'startExport'>['whitespaceBy'];
  agreements?: In<'startExport'>['agreements'];
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** Called with the filter values that match nothing (in words and as data), before the file is written. */
  onWarnings?: (warnings: string[], misses: FilterMiss[]) => void;
}

/**
 * Writes the export on `db` (the file atomically) and names the filter values that match nothing.
 * An empty scope is refused with those names (EmptyExportError) unless `allowEmpty`.
 */
export async function writeExport(
  db: DB,
  req: ExportRequest,
): Promise<{ result: ExportResult; warnings: string[] }> {
  // Loaded when an export is written: the workbook writer is not needed to answer requests.
  const { runExport, checkTarget, TAB_NAMES, ExportError, csvColumns, customerCount, propensityCount } =
    await import('../export/index');
  // A target that can never be written is refused before the scope is counted (which may build
  // the call list); runExport checks it again, and again just before the rename.
  checkTarget(req.out, { protect: db.memory ? [] : [db.name] });
  // A DISTINCT per free-text filter named, on the export's connection.
  const misses = filterMisses(db, req.filters);
  const warnings = misses.map(missInWords);
  req.onWarnings?.(warnings, misses);
  if (req.whitespaceBy || req.agreements) {
    if (req.format !== 'csv')
      throw new ExportError('the whitespace grouping and the agreements list are CSV');
    const { exportViewList } = await import('../export/view-lists');
    const result = await exportViewList(db, { ...req, warnings });
    return { result, warnings };
  }
  let tabs: TabName[] | undefined;
  if (req.tabs && req.format === 'xlsx') {
    const isTab = (t: string): t is TabName => (TAB_NAMES as readonly string[]).includes(t);
    const unknown = req.tabs.find((t) => !isTab(t));
    if (unknown !== undefined)
      throw new ExportError(`unknown tab "${unknown}" (one of ${TAB_NAMES.join(', ')})`);
    tabs = req.tabs.filter(isTab);
  }
  const grain = req.rows ?? 'customers';
  if (req.format === 'csv') csvColumns(grain, req.columns); // an unknown column fails before anything else
  if (!req.allowEmpty) {
    // The call list holds every customer of the current data (agreements included): none in
    // scope is an empty workbook; a product list is empty without propensity rows.
    const n =
      req.format === 'csv' && grain === 'products'
        ? propensityCount(db, req.filters, req.asOf)
        : customerCount(db, req.filters, req.asOf);
    if (n === 0) throw new EmptyExportError(warnings);
  }
  const result = await runExport(db, {
    out: req.out,
    format: req.format,
    asOf: req.asOf,
    filters: req.filters,
    tabs,
    rows: grain,
    columns: req.columns,
    lang: req.lang,
    view: req.view,
    signal: req.signal,
    onProgress: req.onProgress,
  });
  return { result, warnings };
}

/**
 * Starts an export job. The scope is read now, on the request's connection (so that a missing
 * view is the request's error); the file is written on a connection of its own, since an export
 * holds a query open while the file catches up and the UI must keep querying meanwhile. That
 * connection borrows the service's call-list book (`books`: built in turns, shared with the row
 * store) while it is of the data the export reads, rather than building a second one at once.
 */
export function startExportJob(
  conn: Connections,
  jobs: Jobs,
  input: In<'startExport'>,
  exportDir: string | undefined,
  onDone: () => void,
  books?: (asOf: string) => Promise<CustomerBook>,
): JobOut {
  const filters = exportScope(conn.db, input.filters, input.view || undefined);
  const asOf = input.asOf ?? todayIso();
  const name =
    input.whitespaceBy || input.agreements
      ? viewListFileName({ whitespaceBy: input.whitespaceBy, filters, asOf, lang: input.lang })
      : exportFileName({
          view: input.view || undefined,
          filters,
          asOf,
          format: input.format,
          lang: input.lang,
        });
  const dir = exportDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-export-'));
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${crypto.randomUUID()}.${input.format}`);
  const job = jobs.startExport(name, { file: out, name, rows: 0, customers: 0, tabs: [], warnings: [] }, out);
  const dbPath = conn.path;
  void jobs.exclusive(async () => {
    let exportDb: DB | null = null;
    try {
      exportDb = openCache(dbPath); // the workspace the request was made in
      // Every export but a view's list reads the call list (its count, its tabs, its columns).
      if (books && !input.whitespaceBy && !input.agreements) {
        const book = await books(asOf).catch(() => null); // a failed build: the export builds its own
        if (book) lendBook(exportDb, book);
      }
      const { result } = await writeExport(exportDb, {
        out,
        format: input.format,
        asOf,
        filters,
        tabs: input.tabs,
        rows: input.rows,
        columns: input.columns,
        lang: input.lang,
        view: input.view || undefined,
        allowEmpty: input.allowEmpty,
        whitespaceBy: input.whitespaceBy,
        agreements: input.agreements,
        signal: job.controller.signal,
        onProgress: (p) => jobs.progress(job, p.rows, null),
        onWarnings: (warnings, misses) => Object.assign(job.out.result, { warnings, misses }),
      });
      job.out.result = {
        ...job.out.result,
        rows: result.rows,
        tabs: result.tabs,
        customers: customersInScope(exportDb, filters, asOf),
      };
      job.out.rows = result.rows; // the rows in scope, not the last tab's progress
      jobs.finish(job, 'done', null);
      onDone();
    } catch (e) {
      // The door offers to write it anyway (allowEmpty); the reason is in the warnings.
      if (e instanceof EmptyExportError) job.out.result.emptyScope = true;
      jobs.finish(
        job,
        job.controller.signal.aborted ? 'cancelled' : 'failed',
        (e as Error).message.split('\n')[0]!,
        problemOf(e),
      );
    } finally {
      exportDb?.close();
    }
  });
  return job.out;
}
