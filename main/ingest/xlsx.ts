import type { EventEmitter } from 'node:events';
import type { ReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ProblemOf } from '../../shared/i18n/problems';
import { checkSignal, IngestError, ReadCancelled, fsErrorProblem } from './errors';
import { openRegular } from './files';
import type { CellValue, RawRecord, RecordSource } from './records';
import { Budget, prescan, readZipParts, workbookStream, type ZipPart } from './zip-guard';

const BATCH = 1000;

const READER_OPTIONS = {
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  worksheets: 'emit',
  styles: 'cache', // number formats are needed to turn date serials into Dates
  entries: 'emit',
} as const;

interface OpenXlsxOptions {
  preferSheet?: (names: string[]) => string | undefined;
  /** Stops a running read: the read under way, or the next batch, rejects with ReadCancelled. */
  signal?: AbortSignal | undefined;
}

/**
 * Streams the first worksheet that has data (or the one preferSheet names, when present).
 * The zip guard (zip-guard.ts) checks the whole workbook first, inflating without parsing, so a
 * bomb is refused before exceljs sees a byte; exceljs then reads the guard's own stream of the
 * parts, in an order that needs no temp file. The first batch is read before returning, so a
 * corrupt workbook rejects here and `sheet` is known; the file then stays open until `records`
 * is consumed or broken out of.
 */
export async function openXlsx(path: string, opts?: OpenXlsxOptions): Promise<RecordSource> {
  const signal = opts?.signal;
  const handle = await openRegular(path);
  let parts: ZipPart[];
  try {
    checkSignal(signal);
    parts = await readZipParts(handle);
    await prescan(handle, parts, signal);
  } catch (err) {
    await handle.close().catch(() => {});
    throw toXlsxError(err);
  }
  const state: SheetState = { budget: new Budget(signal) };
  const gen = readWorkbook(handle, parts, opts?.preferSheet, state, signal);
  const first = await gen.next();
  if (first.done) throw new IngestError(state.empty ?? { kind: 'noWorksheetData' });
  let primed: RawRecord[] | null = first.value;
  const iterator: AsyncIterator<RawRecord[]> = {
    next: async () => {
      if (primed) {
        const value = primed;
        primed = null;
        return { done: false, value };
      }
      return gen.next();
    },
    return: async () => {
      primed = null;
      await gen.return(undefined);
      return { done: true, value: undefined };
    },
  };
  return {
    format: 'xlsx',
    delimiter: null,
    encoding: null,
    ...(state.sheet !== undefined ? { sheet: state.sheet } : {}),
    records: { [Symbol.asyncIterator]: () => iterator },
    bytesRead: () => state.budget.compressedRead,
  };
}

interface SheetState {
  sheet?: string;
  empty?: ProblemOf<'worksheetEmpty'>;
  budget: Budget;
}

type SheetReader = AsyncIterable<ExcelJS.Row> & { name: string; iterator?: unknown };

async function* readWorkbook(
  handle: FileHandle,
  parts: ZipPart[],
  preferSheet: OpenXlsxOptions['preferSheet'],
  state: SheetState,
  signal: AbortSignal | undefined,
): AsyncGenerator<RawRecord[]> {
  const stream: Readable = workbookStream(handle, parts, state.budget);
  // exceljs's iterators hang when unzipper fails mid-archive (e.g. "invalid distance too
  // far back" on damaged deflate data): the zip stream emits 'error' while exceljs awaits
  // something else. Every await on exceljs is therefore raced against these errors.
  let rejectFailed: (err: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    rejectFailed = reject;
  });
  failed.catch(() => {}); // observed via race(); never an unhandled rejection
  const race = <T>(p: Promise<T>): Promise<T> => Promise.race([p, failed]);
  stream.on('error', rejectFailed);
  // A cancel must stop exceljs mid-part too (shared strings are read in one await).
  const onAbort = () => {
    rejectFailed(new ReadCancelled());
    stream.destroy();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  // exceljs pipes our stream into unzipper's Parse without exposing it; hooking pipe() on
  // this one stream instance is the only way to see the zip stream's and entries' errors.
  const pipe = stream.pipe.bind(stream);
  stream.pipe = <T extends NodeJS.WritableStream>(dest: T, options?: { end?: boolean }): T => {
    const emitter = dest as unknown as EventEmitter;
    emitter.on('error', rejectFailed);
    emitter.on('entry', (entry: EventEmitter) => entry.on('error', rejectFailed));
    return pipe(dest, options);
  };

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, READER_OPTIONS);
  // Only read() emits 'error'; we iterate, so errors arrive as throws. A no-op listener
  // still guards against an emitted 'error' crashing the process.
  (reader as unknown as EventEmitter).on('error', () => {});
  const internals = reader as unknown as {
    model?: { sheets?: { name: string }[] };
    properties?: { model?: { date1904?: boolean } };
  };
  const sheets = (reader as unknown as AsyncIterable<SheetReader>)[Symbol.asyncIterator]();
  let chosen: string | undefined | null = null; // null: not resolved yet
  let done = false;
  try {
    for (;;) {
      const next = await race(sheets.next());
      if (next.done) break;
      const ws = next.value;
      if (done) {
        // Keep iterating instead of stopping so exceljs deletes its temp copies of the
        // remaining sheets; close their file streams without reading them.
        skipSheet(ws);
        continue;
      }
      if (chosen === null) {
        const names = (internals.model?.sheets ?? []).map((s) => s.name);
        const wanted = preferSheet?.(names);
        chosen = wanted !== undefined && names.includes(wanted) ? wanted : undefined;
      }
      if (chosen !== undefined && ws.name !== chosen) {
        skipSheet(ws);
        continue;
      }
      state.sheet = ws.name;
      const date1904 = internals.properties?.model?.date1904 === true;
      const rows = ws[Symbol.asyncIterator]();
      let batch: RawRecord[] = [];
      let hasData = false;
      for (;;) {
        const r = await race(rows.next());
        if (r.done) break;
        const row = r.value;
        const cells = rowCells(row, date1904);
        if (!hasData) hasData = cells.some((c) => c !== null && c !== '');
        batch.push({ line: row.number, cells });
        if (hasData && batch.length >= BATCH) {
          yield batch;
          batch = [];
          checkSignal(signal);
        }
      }
      if (hasData) {
        if (batch.length > 0) yield batch;
        done = true;
      } else if (chosen !== undefined) {
        state.empty = { kind: 'worksheetEmpty', sheet: ws.name };
        done = true;
      }
    }
  } catch (err) {
    throw toXlsxError(err);
  } finally {
    // Not sheets.return(): after a failure exceljs's generator may be stuck mid-await and
    // a queued return() would never settle. Destroying the source releases the file.
    signal?.removeEventListener('abort', onAbort);
    stream.destroy();
    await handle.close().catch(() => {});
  }
}

function skipSheet(ws: SheetReader): void {
  // Sheets parked in temp files come with an fs.ReadStream that was opened eagerly.
  // exceljs deletes the temp file as soon as we move on, which can beat the stream's own
  // asynchronous open: that late ENOENT must not become an uncaught 'error' event.
  const it = ws.iterator as Partial<ReadStream> | undefined;
  if (it && typeof it.destroy === 'function') {
    it.on?.('error', () => {});
    it.destroy();
  }
}

function rowCells(row: ExcelJS.Row, date1904: boolean): CellValue[] {
  const cells: CellValue[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    while (cells.length < col - 1) cells.push(null);
    cells[col - 1] = cellValue(cell.value, cell.numFmt, date1904);
  });
  return cells;
}

function cellValue(v: unknown, numFmt: string | undefined, date1904: boolean): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (typeof v !== 'object') return typeof v === 'bigint' ? v.toString() : null;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
  if ('formula' in o || 'sharedFormula' in o) {
    const r = o.result;
    // exceljs's streaming reader gives a formula's result as a plain number even in a
    // date-formatted cell, and NaN for an error result (the error text is lost).
    if (typeof r === 'number') {
      if (Number.isNaN(r)) return null;
      return isDateFormat(numFmt) ? excelToDate(r, date1904) : r;
    }
    return cellValue(r, numFmt, date1904);
  }
  if (typeof o.error === 'string') return o.error;
  if ('text' in o) return cellValue(o.text, numFmt, date1904); // hyperlink
  return null;
}

/** Same rule as exceljs: any y/m/d/h/s outside quotes and [..] makes a date format. */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - (date1904 ? -1462 : 25569)) * 86_400_000));
}

function toXlsxError(err: unknown): IngestError {
  if (err instanceof IngestError) return err;
  const problem = fsErrorProblem(err);
  if (problem) return new IngestError(problem, { cause: err });
  const msg = err instanceof Error ? err.message : String(err);
  const line = (msg.split('\n')[0] ?? '').trim().slice(0, 120) || 'unreadable workbook';
  return new IngestError({ kind: 'xlsxUnreadable', detail: line }, { cause: err });
}
