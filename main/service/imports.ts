/**
 * Importing files: one file on a given connection (`importOne`, shared by the import job and the
 * CLI), and the import job, which imports files one after another, each in its own transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ImportFileResult, JobOut } from '../../shared/api';
import { problemOf } from '../../shared/i18n/problems';
import { cacheErrorOf, type DB } from '../cache/db';
import type { Connections } from './connections';
import type { Jobs } from './jobs';

/** A file to import, and the name to report it by (an upload's original name; else its path). */
export interface ImportTarget {
  path: string;
  name?: string;
}

export interface ImportOneOptions {
  /** YYYY-MM-DD; else a date in the file name, else the file's modification date. */
  snapshot?: string | null;
  allowShrink?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: { rows: number; bytesRead: number }) => void;
}

/** Imports one file in one transaction on `db`; a failing workspace throws, a bad file does not. */
export async function importOne(
  db: DB,
  target: ImportTarget,
  opts: ImportOneOptions = {},
): Promise<ImportFileResult> {
  // Loaded on first use: the readers (exceljs among them) are not needed to answer requests.
  const { importFile } = await import('../ingest/import');
  const r = await importFile(db, target.path, {
    snapshot: opts.snapshot,
    allowShrink: opts.allowShrink,
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
  return { ...r, file: target.name ?? r.file };
}

const sizeOf = (p: string): number => fs.statSync(p, { throwIfNoEntry: false })?.size ?? 0;

/**
 * Starts an import job over `targets`; the job's result lists each file once it is done.
 * `onDone`: the data changed (the row store follows).
 */
export function startImportJob(
  conn: Connections,
  jobs: Jobs,
  targets: ImportTarget[],
  opts: { allowShrink?: boolean },
  onDone: () => void,
): JobOut {
  const first = targets[0]!;
  const label = targets.length === 1 ? path.basename(first.name ?? first.path) : `${targets.length} files`;
  const results: ImportFileResult[] = [];
  const job = jobs.startImport(label, results);
  const totalBytes = targets.reduce((s, t) => s + sizeOf(t.path), 0);
  let doneBytes = 0;
  const dbPath = conn.path;
  void jobs.exclusive(async () => {
    // A connection of its own: the file's transaction stays open across many turns of the
    // event loop, and requests answered meanwhile must see the cache as it was before, not a
    // half-loaded snapshot whose indexes are being rebuilt.
    let db: DB | null = null;
    try {
      db = conn.fresh();
      for (const t of targets) {
        if (job.controller.signal.aborted) break;
        const r = await importOne(db, t, {
          signal: job.controller.signal,
          allowShrink: opts.allowShrink,
          onProgress: (pr) =>
            jobs.progress(job, pr.rows, totalBytes ? (doneBytes + pr.bytesRead) / totalBytes : null),
        });
        doneBytes += sizeOf(t.path);
        results.push(r);
      }
      const cancelled = job.controller.signal.aborted;
      const failed = results.find((r) => r.status === 'failed');
      jobs.finish(
        job,
        cancelled ? 'cancelled' : failed ? 'failed' : 'done',
        failed?.error ?? null,
        failed?.problem,
      );
      if (job.out.state === 'done') onDone();
    } catch (e) {
      // Not a bad file but a failing cache (disk full, locked): the file's transaction was
      // rolled back; the job says so instead of leaving a promise nobody handles.
      const mapped = cacheErrorOf(e, dbPath);
      jobs.finish(job, 'failed', String((mapped as Error).message ?? e).split('\n')[0]!, problemOf(mapped));
    } finally {
      db?.close();
    }
  });
  return job.out;
}
