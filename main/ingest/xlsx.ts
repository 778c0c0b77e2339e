import type { EventEmitter } from 'node:events';
import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { IngestError, fsErrorReason } from './errors';
import type { CellValue, RawRecord, RecordSource } from './records';

const BATCH = 1000;
const READ_CHUNK = 1 << 20;

const READER_OPTIONS = {
  sharedStrings: 'cache',
  hyperlinks: 'ignore',
  worksheets: 'emit',
  styles: 'cache', // number formats are needed to turn date serials into Dates
  entries: 'emit',
} as const;

interface OpenXlsxOptions {
  preferSheet?: (names: string[]) => string | undefined;
}

/**
 * Streams the first worksheet that has data (or the one preferSheet names, when present).
 * The first batch is read before returning, so a corrupt workbook rejects here and
 * `sheet` is known; the file then stays open until `records` is consumed or broken out of.
 */
export async function openXlsx(path: string, opts?: OpenXlsxOptions): Promise<RecordSource> {
  await checkZipDirectory(path);
  const state: SheetState = {};
  const gen = readWorkbook(path, opts?.preferSheet, state);
  const first = await gen.next();
  if (first.done) throw new IngestError(state.empty ?? 'no data in any worksheet');
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
    bytesRead: () => state.stream?.bytesRead ?? 0,
  };
}

interface SheetState {
  sheet?: string;
  empty?: string;
  stream?: ReadStream;
}

type SheetReader = AsyncIterable<ExcelJS.Row> & { name: string; iterator?: unknown };

async function* readWorkbook(
  path: string,
  preferSheet: OpenXlsxOptions['preferSheet'],
  state: SheetState,
): AsyncGenerator<RawRecord[]> {
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK });
  state.stream = stream;
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
  // exceljs pipes our stream into unzipper's Parse without exposing it; hooking pipe() on
  // this one stream instance is the only way to see the zip stream's and entries' errors.
  const pipe = stream.pipe.bind(stream);
  stream.pipe = (<T extends NodeJS.WritableStream>(dest: T, options?: { end?: boolean }): T => {
    const emitter = dest as unknown as EventEmitter;
    emitter.on('error', rejectFailed);
    emitter.on('entry', (entry: EventEmitter) => entry.on('error', rejectFailed));
    return pipe(dest, options);
  }) as typeof stream.pipe;

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
        }
      }
      if (hasData) {
        if (batch.length > 0) yield batch;
        done = true;
      } else if (chosen !== undefined) {
        state.empty = `worksheet "${ws.name}" is empty`;
        done = true;
      }
    }
  } catch (err) {
    throw toXlsxError(err);
  } finally {
    // Not sheets.return(): after a failure exceljs's generator may be stuck mid-await and
    // a queued return() would never settle. Destroying the source releases the file.
    stream.destroy();
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
  if (typeof v !== 'object') return String(v);
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
  const reason = fsErrorReason(err);
  if (reason) return new IngestError(reason, { cause: err });
  const msg = err instanceof Error ? err.message : String(err);
  const line = (msg.split('\n')[0] ?? '').trim().slice(0, 120) || 'unreadable workbook';
  return new IngestError(`corrupt XLSX: ${line}`, { cause: err });
}

const EOCD_SIG = 0x06054b50;
const CD_SIG = 0x02014b50;

/**
 * Reads the zip's central directory before streaming. unzipper, which exceljs streams
 * through, can stall on a truncated archive instead of failing; the directory at the end
 * of the file tells us up front whether the archive is whole and is a workbook.
 */
async function checkZipDirectory(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await handle.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIG) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new IngestError('corrupt XLSX: truncated or not a ZIP archive');
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff) return; // ZIP64: let exceljs decide
    if (cdOffset + cdSize > size) throw new IngestError('corrupt XLSX: truncated ZIP archive');
    const cd = Buffer.alloc(cdSize);
    await handle.read(cd, 0, cdSize, cdOffset);
    let hasWorkbook = false;
    let hasSheet = false;
    for (let p = 0; p + 46 <= cd.length;) {
      if (cd.readUInt32LE(p) !== CD_SIG) throw new IngestError('corrupt XLSX: damaged ZIP directory');
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      if (name === 'xl/workbook.xml') hasWorkbook = true;
      if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) hasSheet = true;
      p += 46 + nameLen + extraLen + commentLen;
    }
    if (!hasWorkbook) throw new IngestError('corrupt XLSX: not an Excel workbook (no xl/workbook.xml)');
    if (!hasSheet) throw new IngestError('corrupt XLSX: workbook has no worksheets');
  } catch (err) {
    throw toXlsxError(err);
  } finally {
    await handle?.close();
  }
}
