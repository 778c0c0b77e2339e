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
} from '../cache/snapshot-writer';
import type { ReportKind } from '../../shared/domain/products';
import { isIsoDate } from '../../shared/domain/fiscal';
import { IngestError } from './errors';
import { knownHeaderCount, mapColumns, reportKind } from './headers';
import { decideHints, mapContext, mapRecord, type ImportIssue } from './map-record';
import { openRecords } from './open';
import type { RawRecord } from './records';
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
}

export const MAX_RETURNED_ISSUES = 1000;
/** Data rows read before deciding per-column date order and decimal separator. */
const LOOKAHEAD_ROWS = 2000;
/** Rows searched for the header row (title rows and notes sit above it). */
const HEADER_SEARCH_ROWS = 100;

/** A new current snapshot with fewer customers than this share of the one it replaces is held back. */
export const SHRINK_RATIO = 0.5;

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled');
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
    if (e instanceof IngestError || e instanceof ImportCancelled) result.error = e.message;
    else throw e;
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
    throw new IngestError(`snapshot date ${opts.snapshot} is not YYYY-MM-DD`);
  const sniff = await sniffFile(file, opts.signal);
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
  const source = await openRecords(file, sniff, opts.signal);
  const iterator = source.records[Symbol.asyncIterator]();
  let restorePragmas = () => {};
  try {
    // Find the header row: the first row naming CustomerID among other known columns.
    const pending: RawRecord[] = [];
    let header: RawRecord | null = null;
    let scanned = 0;
    while (!header) {
      const next = await iterator.next();
      if (next.done) break;
      for (let i = 0; i < next.value.length; i++) {
        const rec = next.value[i]!;
        if (header) {
          pending.push(rec);
          continue;
        }
        if (++scanned > HEADER_SEARCH_ROWS) break;
        const k = knownHeaderCount(rec.cells);
        if (k.hasCustomerId && k.known >= 3) header = rec;
      }
      if (scanned > HEADER_SEARCH_ROWS) break;
    }
    if (!header) {
      if (scanned === 0) throw new IngestError('file is empty');
      throw new IngestError('not a CloudAscent report: no header row with CustomerID and report columns');
    }
    const map = mapColumns(header.cells);
    const report = reportKind(map);
    if (!report)
      throw new IngestError('not a CloudAscent report: no product Cluster/Fit/Intent or agreement columns');
    result.report = report;
    const snapshot = opts.snapshot ?? snapshotFromFileName(file) ?? localIso(sniff.mtime ?? new Date());
    const snapshotSource = opts.snapshot ? 'option' : snapshotFromFileName(file) ? 'file name' : 'modified';
    result.snapshot = snapshot;

    // Look ahead to decide each column's date order and decimal separator from its data.
    let exhausted = false;
    while (pending.length < LOOKAHEAD_ROWS && !exhausted) {
      const next = await iterator.next();
      if (next.done) exhausted = true;
      else pending.push(...next.value);
    }
    const hints = decideHints(map, pending, source.delimiter === ';');

    const ctx = mapContext(map, report, hints, readSettings(db), sniff.invalidUtf8Sequences > 0);
    const writer = new SnapshotWriter(
      db,
      report,
      map.flags,
      MAX_RETURNED_ISSUES,
      map.headers[map.customer.customerId!] ?? null,
    );
    restorePragmas = loadPragmas(db);
    db.exec('BEGIN IMMEDIATE');
    const rebuild = ctx.products.length
      ? dropIndexesIfCheaper(db, estimateRows(pending, sniff.size) * ctx.products.length)
      : [];
    const importId = writer.begin(
      {
        file: path.basename(file),
        path: path.resolve(file),
        sha256: sniff.sha256,
        report,
        snapshot,
        snapshotSource,
        format: source.format,
        encoding: source.encoding,
        delimiter: source.delimiter,
        sheet: source.sheet ?? null,
      },
      new Date().toISOString(),
    );
    const progress = () =>
      opts.onProgress?.({
        file,
        rows: writer.rows,
        bytesRead: source.bytesRead?.() ?? 0,
        bytesTotal: sniff.size,
      });
    const take = (batch: RawRecord[]) => {
      if (opts.signal?.aborted) throw new ImportCancelled();
      for (const rec of batch) writer.store(mapRecord(rec, ctx));
      opts.afterBatch?.(writer.rows);
      progress();
    };
    for (let i = 0; i < pending.length; i += 1000) take(pending.slice(i, i + 1000));
    pending.length = 0;
    if (!exhausted) {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        take(next.value);
      }
    }
    if (opts.signal?.aborted) throw new ImportCancelled();
    if (writer.rows === 0)
      throw new IngestError(
        writer.rejected ? `no data rows: all ${writer.rejected} rows were rejected` : 'no data rows',
      );
    const shrink = shrinkOf(db, report, snapshot, importId, SHRINK_RATIO);
    if (shrink && !opts.allowShrink) {
      result.shrink = shrink;
      throw new IngestError(
        `would replace ${shrink.before.toLocaleString('en-US')} customers with ${shrink.after.toLocaleString('en-US')}: use --allow-shrink if the book really shrank`,
      );
    }
    writer.finish();
    for (const sql of rebuild) db.exec(sql);
    db.exec('COMMIT');
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
    await iterator.return?.();
  }
}

/** Rows in a file, estimated from the text of the rows read ahead. */
function estimateRows(sample: RawRecord[], fileBytes: number): number {
  let chars = 0;
  for (const rec of sample) for (const c of rec.cells) chars += typeof c === 'string' ? c.length + 1 : 8;
  return sample.length && chars ? Math.round((fileBytes / chars) * sample.length) : 0;
}
