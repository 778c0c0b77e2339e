/**
 * An import in stages: a reader (./open, ./records) yields records; mapRecord (./map-record)
 * turns each into rows and issues; the snapshot writer (cache/snapshot-writer) stores them.
 * This module finds the header row, decides the hints, and holds the one transaction.
 */
import path from 'node:path';
import type { DB } from '../cache/db';
import { readSettings } from '../cache/settings';
import {
  SnapshotWriter,
  dropIndexesIfCheaper,
  importOfHash,
  loadPragmas,
  shrinkOf,
  withBuildPragmas,
} from '../cache/snapshot-writer';
import type { ReportKind } from '../../shared/domain/products';
import { isIsoDate } from '../../shared/domain/fiscal';
import { attachProblem, problemText, type Problem } from '../../shared/i18n/problems';
import { IngestError } from './errors';
import type { ImportIssue } from './map-record';
import { openMapped } from './mapped-source';
import { openMappedInWorker, parseWorkerFor } from './parse-thread';
import { sniffFile } from './sniff';

export type { ImportIssue };

export type ImportStatus = 'imported' | 'skipped' | 'failed';

export interface ImportResult {
  file: string;
  report: ReportKind | null;
  snapshot: string | null;
  status: ImportStatus;
  rows: number;
  rejected: number;
  /** The first MAX_RETURNED_ISSUES issues; all of them are stored in the cache. */
  issues: ImportIssue[];
  issueCount: number;
  error: string | null;
  /** The failure as data (`error` is its English words), when it is one a user can meet. */
  problem?: Problem;
  importId: number | null;
  /**
   * Set when the file was held back because, as the new current snapshot of its report, it
   * would replace a snapshot with far more customers: import it again with allowShrink.
   */
  shrink?: { before: number; after: number };
}

export interface ImportProgress {
  file: string;
  rows: number;
  bytesRead: number;
  bytesTotal: number;
}

export interface ImportOptions {
  /** YYYY-MM-DD; else a date in the file name, else the file's modification date. */
  snapshot?: string | null;
  signal?: AbortSignal;
  /** Import a file even when it would replace its report's current snapshot with less than half the customers. */
  allowShrink?: boolean;
  onProgress?: (p: ImportProgress) => void;
  /** Test hook: called after each stored batch, to inject failures mid-file. */
  afterBatch?: (rowsSoFar: number) => void;
  /** Filled with the milliseconds each phase took (the benchmark prints them). */
  timings?: ImportTimings;
}

/** Wall milliseconds per phase of an import. */
export interface ImportTimings {
  /** The first pass: hash and encoding evidence. */
  sniff: number;
  /** Reading, decoding, splitting and mapping, as far as the storing waited for it. */
  parse: number;
  /** Binding and stepping the INSERT statements. */
  load: number;
  /** Cluster and facet counts (the GROUP BY over the new rows). */
  facets: number;
  /** Building the indexes dropped for the load. */
  indexes: number;
  commit: number;
}

export const MAX_RETURNED_ISSUES = 1000;

/** A new current snapshot with fewer customers than this share of the one it replaces is held back. */
export const SHRINK_RATIO = 0.5;

export class ImportCancelled extends Error {
  declare readonly problem?: Problem;
  constructor() {
    const problem: Problem = { kind: 'importCancelled' };
    super(problemText(problem));
    attachProblem(this, problem);
  }
}

/** Snapshot date from a file name: YYYY-MM-DD, YYYYMMDD or YYYY-MM (first of the month). */
export function snapshotFromFileName(file: string): string | null {
  const base = path.basename(file);
  const candidates: string[] = [];
  for (const m of base.matchAll(/(?<!\d)(20\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)/g))
    candidates.push(`${m[1]}-${m[2]}-${m[3]}`);
  for (const c of candidates) if (isIsoDate(c)) return c;
  const ym = /(?<!\d)(20\d{2})[-_.](\d{2})(?![-_.]?\d)/.exec(base);
  if (ym && isIsoDate(`${ym[1]}-${ym[2]}-01`)) return `${ym[1]}-${ym[2]}-01`;
  return null;
}

function localIso(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** A failed result with nothing stored: the start of every import, and a file that failed outside it. */
export function emptyResult(file: string): ImportResult {
  return {
    file,
    report: null,
    snapshot: null,
    status: 'failed',
    rows: 0,
    rejected: 0,
    issues: [],
    issueCount: 0,
    error: null,
    importId: null,
  };
}

/** Imports one file as one snapshot, in one transaction: all of it or nothing. Never throws for bad input. */
export async function importFile(db: DB, file: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const result = emptyResult(file);
  try {
    return await runImport(db, file, opts, result);
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    result.status = 'failed';
    result.rows = 0;
    result.rejected = 0;
    result.importId = null;
    if (e instanceof IngestError || e instanceof ImportCancelled) {
      result.error = e.message;
      if (e.problem) result.problem = e.problem;
    } else throw e;
    return result;
  }
}

async function runImport(
  db: DB,
  file: string,
  opts: ImportOptions,
  result: ImportResult,
): Promise<ImportResult> {
  if (opts.snapshot && !isIsoDate(opts.snapshot))
    throw new IngestError({ kind: 'badSnapshotDate', date: opts.snapshot });
  const t = opts.timings;
  let mark = performance.now();
  /** Adds the time since the last lap to a phase. */
  const lap = (phase: keyof ImportTimings) => {
    const now = performance.now();
    if (t) t[phase] += now - mark;
    mark = now;
  };
  const sniff = await sniffFile(file, opts.signal);
  lap('sniff');
  const seen = importOfHash(db, sniff.sha256);
  if (seen) {
    Object.assign(result, {
      status: 'skipped',
      report: seen.report,
      snapshot: seen.snapshot,
      importId: seen.id,
    });
    return result;
  }
  const settings = readSettings(db);
  const entry = parseWorkerFor(sniff.size);
  const source = entry
    ? await openMappedInWorker(entry, file, sniff, settings, opts.signal)
    : await openMapped(file, sniff, settings, opts.signal);
  let restorePragmas = () => {};
  try {
    const { header } = source;
    result.report = header.report;
    const snapshot = opts.snapshot ?? snapshotFromFileName(file) ?? localIso(sniff.mtime ?? new Date());
    const snapshotSource = opts.snapshot ? 'option' : snapshotFromFileName(file) ? 'file name' : 'modified';
    result.snapshot = snapshot;
    const writer = new SnapshotWriter(db, header.report, header.flags, MAX_RETURNED_ISSUES, header.idColumn);
    restorePragmas = loadPragmas(db);
    db.exec('BEGIN IMMEDIATE');
    const rebuild = dropIndexesIfCheaper(db, header.estimatedRows);
    const importId = writer.begin(
      {
        file: path.basename(file),
        path: path.resolve(file),
        sha256: sniff.sha256,
        report: header.report,
        snapshot,
        snapshotSource,
        format: header.format,
        encoding: header.encoding,
        delimiter: header.delimiter,
        sheet: header.sheet,
      },
      new Date().toISOString(),
    );
    lap('parse');
    for (;;) {
      const next = await source.batches.next();
      lap('parse');
      if (next.done) break;
      if (opts.signal?.aborted) throw new ImportCancelled();
      for (const m of next.value) writer.store(m);
      opts.afterBatch?.(writer.rows);
      opts.onProgress?.({ file, rows: writer.rows, bytesRead: source.bytesRead(), bytesTotal: sniff.size });
      lap('load');
    }
    if (opts.signal?.aborted) throw new ImportCancelled();
    if (writer.rows === 0)
      throw new IngestError(
        writer.rejected ? { kind: 'allRowsRejected', rejected: writer.rejected } : { kind: 'noDataRows' },
      );
    const shrink = shrinkOf(db, header.report, snapshot, importId, SHRINK_RATIO);
    if (shrink && !opts.allowShrink) {
      result.shrink = shrink;
      throw new IngestError({ kind: 'shrink', before: shrink.before, after: shrink.after });
    }
    lap('load');
    withBuildPragmas(db, () => {
      writer.finish();
      lap('facets');
      for (const sql of rebuild) db.exec(sql);
      lap('indexes');
    });
    db.exec('COMMIT');
    lap('commit');
    Object.assign(result, {
      status: 'imported',
      rows: writer.rows,
      rejected: writer.rejected,
      issues: writer.issues,
      issueCount: writer.issueCount,
      importId,
    });
    return result;
  } finally {
    // Roll back before restoring: foreign_keys cannot change inside a transaction.
    if (db.inTransaction) db.exec('ROLLBACK');
    restorePragmas();
    await source.close();
  }
}
