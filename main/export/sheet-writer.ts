/**
 * The streaming sheet writer under every tab: exceljs's streaming WorkbookWriter, rows
 * committed as they are written, a table writer and a free-form sheet writer.
 *
 * exceljs ignores back-pressure: every committed row lands in the zip entry's input buffer
 * (a PassThrough that archiver reads at its own pace) whether or not the zip has caught up,
 * which costs > 1 GB for a million rows. We therefore wait for that buffer to drain before
 * writing on (see Book.drain), and commit each worksheet before the next one starts, because
 * archiver zips entries one after another (a buffer of a later sheet only drains once the
 * earlier sheets are committed).
 *
 * Cells get shared style objects (see styles.ts). Column widths are fitted to the header and
 * the first rows (held back until the widths are known: a streamed sheet writes its columns
 * before its first row); every sheet is set up to print landscape, one page wide, with its
 * first row repeated on each page.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { Turns } from '../query/turns';
import { ExportCancelled, throwIfAborted } from './atomic';
import type { ExportOptions } from './options';
import { clusterName } from '../../shared/i18n/terms';
import type { Locale } from '../../shared/i18n/locales';
import { MAX_WIDTH, PAGE_SETUP, WIDTH_SAMPLE, fitted, shownLength } from './layout';
import { stylesFor, type Column, type Kind, type Style, type Styles } from './styles';

export const EXCEL_MAX_DATA_ROWS = 1_048_575;
const PROGRESS_EVERY = 5_000;
/** How often a wait for the zip entry's buffer looks again. */
export const DRAIN_POLL_MS = 5;
/** Bytes allowed in a zip entry's input buffer before we wait for it to drain. */
export const DRAIN_LIMIT = 1 << 20;

export type Sheet = ExcelJS.Worksheet;

/** What the writer needs of the export's options. */
export type BookOptions = Pick<ExportOptions, 'signal' | 'onProgress' | 'maxRowsPerSheet' | 'lang'>;

/** The style of every data row (none): shared, so that exceljs does not re-serialise a fresh {} per row. */
const ROW_STYLE: Style = {};
function shareRowStyle(row: ExcelJS.Row): void {
  (row as unknown as { style: Style }).style = ROW_STYLE;
}

/** Archiver's PassThrough in front of a sheet's zip entry (exceljs StreamBuf → pipes[0]). */
export interface EntryBuffer {
  _writableState?: { length: number };
  once(event: 'drain', fn: () => void): unknown;
  removeListener(event: 'drain', fn: () => void): unknown;
}

/**
 * The buffer in front of a streamed sheet's zip entry and the bytes waiting in it (exceljs
 * internals: WorksheetWriter._stream is a StreamBuf whose pipes[0] is archiver's PassThrough).
 */
export function entryBuffer(ws: ExcelJS.Worksheet): { entry: EntryBuffer; pending: number } | null {
  const entry = (ws as unknown as { _stream?: { pipes?: EntryBuffer[] } })._stream?.pipes?.[0];
  const st = entry?._writableState;
  return entry && st ? { entry, pending: st.length } : null;
}

/**
 * Waits until a streamed sheet's zip entry buffer is below DRAIN_LIMIT. 'drain' only fires after
 * a write() that returned false, which exceljs may never have seen, so the buffer is also looked
 * at again every few milliseconds: waiting on the event alone hung an export for good.
 */
export async function drainEntry(ws: Sheet, failed: Promise<never>, check: () => void): Promise<void> {
  for (;;) {
    check();
    const buf = entryBuffer(ws);
    if (!buf || buf.pending < DRAIN_LIMIT) return;
    const { entry } = buf;
    let onDrain!: () => void;
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<void>((resolve) => {
      onDrain = resolve;
      entry.once('drain', onDrain);
      timer = setTimeout(resolve, DRAIN_POLL_MS);
    });
    try {
      await Promise.race([drained, failed]);
    } finally {
      clearTimeout(timer);
      entry.removeListener('drain', onDrain);
    }
  }
}

/** Called once a table's last sheet is written, with its first and last data row: adds totals rows. */
export type TotalsWriter = (ws: Sheet, firstDataRow: number, lastDataRow: number) => void;

/** One workbook being streamed into `tmp`; `tabs` lists the sheets committed so far. */
export class Book {
  readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  readonly out: fs.WriteStream;
  readonly tabs: { name: string; rows: number }[] = [];
  readonly lang: Locale;
  /** The language's shared styles (money in its currency format). */
  readonly S: Styles;
  /** Turns for the event loop while rows are made and written (a service answers the UI meanwhile). */
  readonly turns = new Turns();
  private failure: Error | null = null;
  private readonly failed: Promise<never>;
  private rejectFailed!: (e: Error) => void;

  constructor(
    tmp: string,
    private readonly opts: BookOptions,
  ) {
    this.lang = opts.lang ?? 'en';
    this.S = stylesFor(this.lang);
    this.out = fs.createWriteStream(tmp, { flags: 'wx' });
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: this.out,
      useStyles: true,
      useSharedStrings: false,
    });
    this.wb.creator = 'Ascent Workbench';
    this.failed = new Promise<never>((_, reject) => (this.rejectFailed = reject));
    this.failed.catch(() => {});
    const fail = (e: Error) => {
      this.failure ??= e;
      this.rejectFailed(e);
    };
    this.out.on('error', fail);
    this.zip.on('error', fail);
    if (opts.signal) {
      const onAbort = () => fail(new ExportCancelled());
      if (opts.signal.aborted) onAbort();
      else opts.signal.addEventListener('abort', onAbort, { once: true });
    }
  }

  private get zip(): NodeJS.EventEmitter & { abort(): unknown } {
    return (this.wb as unknown as { zip: NodeJS.EventEmitter & { abort(): unknown } }).zip;
  }

  check(): void {
    if (this.failure) throw this.failure;
    throwIfAborted(this.opts.signal);
  }

  /** Waits until the sheet's zip entry buffer is (nearly) empty: exceljs's missing back-pressure. */
  drain(ws: Sheet): Promise<void> {
    return drainEntry(ws, this.failed, () => this.check());
  }

  progress(rows: number, tab: string): void {
    this.check();
    this.opts.onProgress?.({ rows, tab });
  }

  addSheet(name: string, widths: number[], frozen: boolean): Sheet {
    const ws = this.wb.addWorksheet(name, {
      views: frozen ? [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] : [],
      pageSetup: PAGE_SETUP,
    });
    ws.columns = widths.map((width) => ({ width }));
    return ws;
  }

  /** Commits a sheet and waits until its zip entry has been written. */
  async commitSheet(ws: Sheet): Promise<void> {
    ws.commit();
    await this.drain(ws);
  }

  async finish(): Promise<void> {
    this.check();
    await Promise.race([this.wb.commit(), this.failed]);
    if (!this.out.closed)
      await Promise.race([new Promise<void>((r) => this.out.once('close', () => r())), this.failed]);
  }

  /** Stops writing and closes the file (the caller removes it). Never throws. */
  async abandon(): Promise<void> {
    const noop = () => {};
    this.out.on('error', noop);
    this.zip.on('error', noop);
    try {
      this.zip.abort();
    } catch {
      // already finished or aborted
    }
    if (!this.out.closed) {
      const closed = new Promise<void>((r) => this.out.once('close', () => r()));
      this.out.destroy();
      await closed;
    }
  }

  /**
   * Streams `rows` into a table sheet (and numbered continuation sheets past the row limit):
   * bold frozen header, autofilter over the data, shared per-column styles, widths fitted to the
   * header and the first WIDTH_SAMPLE rows. A cluster column shows the language's cluster name,
   * coloured by the stored one. A sheet is only created once there is a first row, so an empty
   * tab is omitted. Returns the rows written.
   */
  async table<R>(
    name: string,
    columns: Column<R>[],
    rows: Iterable<R>,
    totals?: TotalsWriter,
  ): Promise<number> {
    const max = Math.max(1, this.opts.maxRowsPerSheet ?? EXCEL_MAX_DATA_ROWS);
    const S = this.S;
    /** Per column its shared style, or undefined for a cluster column (styled by value). */
    const styles = columns.map((c) => (c.kind === 'cluster' ? undefined : S[c.kind]));
    const clusterCols = columns.map((c) => c.kind === 'cluster');
    const n = columns.length;
    const lang = this.lang;
    let widths: number[] | null = null;
    let ws: Sheet | null = null;
    let sheetRows = 0;
    let part = 0;
    let total = 0;
    const headerValues = columns.map((c) => c.header);
    const held: unknown[][] = [];

    const close = async (last: boolean) => {
      if (!ws) return;
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: sheetRows + 1, column: n } };
      if (last && totals) totals(ws, 2, sheetRows + 1);
      this.tabs.push({ name: ws.name, rows: sheetRows });
      await this.commitSheet(ws);
      ws = null;
    };

    const write = async (values: unknown[]) => {
      if (!ws || sheetRows >= max) {
        await close(false);
        part++;
        widths ??= columns.map((c, i) =>
          fitted(
            c.header.length,
            held.reduce((m, v) => Math.max(m, shownLength(v[i], c.kind)), 0),
            c.width,
          ),
        );
        ws = this.addSheet(part === 1 ? name : `${name} (${part})`, widths, true);
        const h = ws.addRow(headerValues);
        shareRowStyle(h);
        for (let i = 1; i <= n; i++) h.getCell(i).style = S.header;
        h.commit();
        sheetRows = 0;
      }
      const row = ws.addRow(values);
      // Shared style objects: exceljs memoises them by identity (a fresh {} is re-serialised).
      shareRowStyle(row);
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (v === undefined) continue;
        const fixed = styles[i];
        if (fixed) row.getCell(i + 1).style = fixed;
        else {
          const cell = row.getCell(i + 1);
          cell.style = (typeof v === 'string' && S.clusterText[v]) || S.text;
          if (clusterCols[i] && lang !== 'en') cell.value = clusterName(lang, v as string);
        }
      }
      row.commit();
      sheetRows++;
      total++;
      if ((total & 63) === 0) {
        await this.drain(ws);
        // The wait above only yields when the zip falls behind: take a turn at least every TURN_MS.
        await this.turns.turn();
      }
      if (total % PROGRESS_EVERY === 0) this.progress(total, name);
    };

    const it = rows[Symbol.iterator]();
    try {
      for (let next = it.next(); !next.done; next = it.next()) {
        const r = next.value;
        const values = columns.map((c) => {
          const v = c.value(r);
          return v === null ? undefined : v;
        });
        if (held.length < WIDTH_SAMPLE && !widths) {
          held.push(values);
          continue;
        }
        if (held.length) {
          for (const v of held) await write(v);
          held.length = 0;
        }
        await write(values);
      }
      for (const v of held) await write(v);
      held.length = 0;
    } finally {
      it.return?.();
    }
    if (ws) {
      await close(true);
      this.progress(total, name);
    }
    return total;
  }

  /**
   * A free-form sheet (Summary, Matrix, Territories): rows of values with a style per cell, held
   * until `finish` (these sheets are small) so that the column widths fit every row (up to
   * MAX_WIDTH); a text alone in its row (a title, a note) runs over the cells beside it instead.
   */
  freeSheet(name: string, opts: { minWidths?: number[]; frozen?: boolean } = {}): FreeSheet {
    const rows: { values: unknown[]; styles: (Style | undefined)[] }[] = [];
    return {
      add: (values: unknown[], styles: (Style | undefined)[] = []): void => {
        rows.push({ values: values.map((v) => (v === null ? undefined : v)), styles });
      },
      finish: async (dataRows?: number): Promise<number> => {
        this.check();
        const cols = rows.reduce((m, r) => Math.max(m, r.values.length), 0);
        const widths = Array.from({ length: cols }, (_, i) => {
          let longest = 0;
          for (const r of rows) {
            // A lone text in its row (a title, a note) runs over the empty cells beside it.
            const alone = r.values.filter((v) => v !== undefined).length === 1;
            if (typeof r.values[i] === 'string' && (alone || r.styles[i] === this.S.note)) continue;
            const kind: Kind | 'free' = r.styles[i]?.numFmt?.includes('$') ? 'money' : 'free';
            longest = Math.max(longest, Math.min(MAX_WIDTH, shownLength(r.values[i], kind)));
          }
          return fitted(0, longest, opts.minWidths?.[i]);
        });
        const ws = this.addSheet(name, widths, opts.frozen ?? false);
        for (const r of rows) {
          const row = ws.addRow(r.values);
          r.values.forEach((v, i) => {
            const s = r.styles[i];
            if (s && v !== undefined) row.getCell(i + 1).style = s;
          });
          row.commit();
        }
        const n = dataRows ?? rows.length;
        this.tabs.push({ name, rows: n });
        await this.commitSheet(ws);
        this.progress(n, name);
        return n;
      },
    };
  }
}

export interface FreeSheet {
  /** Adds a row; a null or undefined value leaves its cell empty and unstyled. */
  add: (values: unknown[], styles?: (Style | undefined)[]) => void;
  /** Writes and commits the sheet and records the tab with `dataRows` (default: every row); answers that. */
  finish: (dataRows?: number) => Promise<number>;
}

/**
 * Totals below a table: an empty row, then `label` in bold with the sum of `cents` in
 * `moneyCol`, and optionally a note and an amount (its own cell, money format) further right.
 */
export function totalsRow(
  S: Styles,
  label: string,
  moneyCol: number,
  cents: number,
  extra?: { col: number; label: string; cents: number },
): TotalsWriter {
  return (ws: Sheet) => {
    ws.addRow([]).commit();
    const row = ws.addRow([label]);
    row.getCell(1).style = S.bold;
    row.getCell(moneyCol).value = cents / 100;
    row.getCell(moneyCol).style = S.boldMoney;
    if (extra) {
      row.getCell(extra.col).value = extra.label;
      row.getCell(extra.col).style = S.note;
      row.getCell(extra.col + 1).value = extra.cents / 100;
      row.getCell(extra.col + 1).style = S.noteMoney;
    }
    row.commit();
  };
}
