import fs from 'node:fs';
import type { DB } from '../cache/db';
import { iterateRows } from '../query/rows';
import { PROVENANCE_FIELDS, ROW_FIELDS, type Filters } from '../../shared/filters';
import { ExportCancelled, throwIfAborted, writeAtomically } from './atomic';
import { csvLine } from './csv';
import type { ExportProgress, ExportResult } from './options';

export interface CsvExportOptions {
  out: string;
  filters: Filters;
  /** Current as of this date (default today). */
  asOf?: string;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** SQLite files the target must not be (the workspace); `db`'s own file is always protected. */
  protect?: readonly string[];
}

/**
 * Header of a CSV target list: the row keys of `ascent rows`, whether the revenue is an
 * estimate, then the row's provenance (report, the file's own subsegment label).
 */
export const CSV_FIELDS = [...ROW_FIELDS, 'whitespaceEstimated', ...PROVENANCE_FIELDS] as const;

const CHUNK = 64 * 1024;
const PROGRESS_EVERY = 5_000;
const TAB = 'CSV';

/**
 * The propensity rows in scope as a CSV target list: UTF-8 with BOM, RFC 4180 quoting, CRLF,
 * formula-like text neutralised (csv.ts). Written atomically, with back-pressure.
 */
export async function exportCsv(db: DB, opts: CsvExportOptions): Promise<ExportResult> {
  throwIfAborted(opts.signal);
  const protect = [...(db.memory ? [] : [db.name]), ...(opts.protect ?? [])];
  const { file, value: rows } = await writeAtomically(
    opts.out,
    async (tmp) => {
      const out = fs.createWriteStream(tmp, { flags: 'wx' });
      let failure: Error | null = null;
      const failed = new Promise<never>((_, reject) => {
        out.on('error', (e) => {
          failure ??= e;
          reject(e);
        });
        opts.signal?.addEventListener(
          'abort',
          () => {
            failure ??= new ExportCancelled();
            reject(failure);
          },
          { once: true },
        );
      });
      failed.catch(() => {});
      const check = () => {
        if (failure) throw failure;
        throwIfAborted(opts.signal);
      };
      const write = async (chunk: string) => {
        check();
        if (!out.write(chunk)) {
          let onDrain!: () => void;
          const drained = new Promise<void>((r) => out.once('drain', (onDrain = r)));
          try {
            await Promise.race([drained, failed]);
          } finally {
            out.removeListener('drain', onDrain);
          }
        }
      };
      try {
        let n = 0;
        let buf = '\ufeff' + csvLine([...CSV_FIELDS]);
        const it = iterateRows(db, opts.filters, undefined, opts.asOf);
        try {
          for (const r of it) {
            buf += csvLine(CSV_FIELDS.map((k) => r[k]));
            n++;
            if (buf.length >= CHUNK) {
              await write(buf);
              buf = '';
            }
            if (n % PROGRESS_EVERY === 0) {
              check();
              opts.onProgress?.({ rows: n, tab: TAB });
            }
          }
        } finally {
          it.return(undefined);
        }
        if (buf) await write(buf);
        check();
        opts.onProgress?.({ rows: n, tab: TAB });
        await Promise.race([new Promise<void>((resolve) => out.end(resolve)), failed]);
        if (!out.closed) await Promise.race([new Promise<void>((r) => out.once('close', () => r())), failed]);
        return n;
      } catch (e) {
        out.on('error', () => {});
        if (!out.closed) {
          const closed = new Promise<void>((r) => out.once('close', () => r()));
          out.destroy();
          await closed;
        }
        throw e;
      }
    },
    { protect },
  );
  return { file, format: 'csv', tabs: [{ name: TAB, rows }], rows };
}
