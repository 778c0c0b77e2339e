/**
 * The Excel workbook: exceljs's streaming WorkbookWriter, rows committed as they are written.
 *
 * exceljs ignores back-pressure: every committed row lands in the zip entry's input buffer
 * (a PassThrough that archiver reads at its own pace) whether or not the zip has caught up,
 * which costs > 1 GB for a million rows. We therefore wait for that buffer to drain before
 * writing on (see Book.drain), and commit each worksheet before the next one starts, because
 * archiver zips entries one after another (a buffer of a later sheet only drains once the
 * earlier sheets are committed).
 *
 * Styling is shared style objects assigned per cell: exceljs memoises a style by object
 * identity (WeakMap), so a shared object costs a lookup, whereas column styles are copied into
 * a new object per cell and re-serialised each time.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { DB } from '../cache/db';
import { readSettings } from '../cache/settings';
import { iterateRows } from '../query/rows';
import { currentImports } from '../query/current';
import {
  customersInScope,
  eosRows,
  expiringAgreements,
  expiringTotals,
  matrixCells,
  movementRows,
  scopeByProductCluster,
  upsellRows,
  whitespaceRows,
  whitespaceTotals,
  type AgreementRow,
  type EosRow,
  type MovementRow,
  type OpportunityRow,
} from '../query/export-queries';
import { CLUSTER_COLORS } from '../../shared/domain/colors';
import { fiscalYearOf, isIsoDate } from '../../shared/domain/fiscal';
import { BANDS, CLUSTERS, clusterOfCell, type Band } from '../../shared/domain/matrix';
import { PRODUCTS, PRODUCT_INFO, reportName } from '../../shared/domain/products';
import type { Filters, PropensityRow } from '../../shared/filters';
import { ExportCancelled, ExportError, throwIfAborted, writeAtomically } from './atomic';

export const TAB_NAMES = [
  'Summary',
  'Propensity model',
  'Whitespace revenue',
  'Matrix',
  'Upsell',
  'End of service',
  'Expiring agreements',
  'Movement',
] as const;
export type TabName = (typeof TAB_NAMES)[number];

export interface ExportProgress {
  rows: number;
  tab: string;
}

export interface ExportOptions {
  out: string;
  /** ISO date: fiscal year, open/ended agreements. */
  asOf: string;
  filters: Filters;
  /** Tabs to write (default: all); order is always TAB_NAMES order. */
  tabs?: TabName[];
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** Data rows per sheet before a numbered continuation sheet; default 1,048,575 (Excel's limit less the header). */
  maxRowsPerSheet?: number;
}

export interface ExportResult {
  file: string;
  format: 'xlsx' | 'csv';
  /** Sheets written, in order, with their data rows (header and totals rows not counted). */
  tabs: { name: string; rows: number }[];
  /** Propensity rows in scope that were written (the "Propensity model" tab(s), or the CSV lines). */
  rows: number;
}

export const EXCEL_MAX_DATA_ROWS = 1_048_575;
const PROGRESS_EVERY = 5_000;
/** How often a wait for the zip entry's buffer looks again. */
export const DRAIN_POLL_MS = 5;
/** Bytes allowed in a zip entry's input buffer before we wait for it to drain. */
export const DRAIN_LIMIT = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Styles: shared objects (see the header comment).

type Style = Partial<ExcelJS.Style>;
const FMT = { int: '#,##0', score: '0', money: '#,##0.00', date: 'yyyy-mm-dd' } as const;
const S = {
  text: {} as Style,
  int: { numFmt: FMT.int } as Style,
  score: { numFmt: FMT.score } as Style,
  money: { numFmt: FMT.money } as Style,
  date: { numFmt: FMT.date } as Style,
  header: {
    font: { bold: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E9EE' } },
    border: { bottom: { style: 'thin', color: { argb: 'FF9AA0A6' } } },
  } as Style,
  bold: { font: { bold: true } } as Style,
  boldMoney: { font: { bold: true }, numFmt: FMT.money } as Style,
  boldInt: { font: { bold: true }, numFmt: FMT.int } as Style,
  title: { font: { bold: true, size: 14 } } as Style,
  note: { font: { italic: true, color: { argb: 'FF5F6368' } } } as Style,
};

function clusterStyle(numFmt?: string): Record<string, Style> {
  return Object.fromEntries(
    CLUSTERS.map((c) => [
      c,
      {
        ...(numFmt ? { numFmt } : {}),
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: CLUSTER_COLORS[c].argb } },
        font: { color: { argb: CLUSTER_COLORS[c].textArgb } },
      } as Style,
    ]),
  );
}
const CLUSTER_TEXT = clusterStyle();
const CLUSTER_INT = clusterStyle(FMT.int);
const CLUSTER_MONEY = clusterStyle(FMT.money);

export type Kind = 'text' | 'int' | 'score' | 'money' | 'date' | 'cluster';

export interface Column<R> {
  header: string;
  width: number;
  kind: Kind;
  value: (r: R) => unknown;
}

/** The style of every data row (none): shared, so that exceljs does not re-serialise a fresh {} per row. */
const ROW_STYLE: Style = {};
function shareRowStyle(row: ExcelJS.Row): void {
  (row as unknown as { style: Style }).style = ROW_STYLE;
}

/** ISO date → a JS Date at UTC midnight (exceljs writes it as that calendar day). Memoised. */
const dates = new Map<string, Date>();
export function excelDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  let d = dates.get(iso);
  if (!d) {
    if (!isIsoDate(iso)) return null;
    d = new Date(`${iso}T00:00:00.000Z`);
    if (dates.size > 10_000) dates.clear();
    dates.set(iso, d);
  }
  return d;
}

const yesNo = (b: boolean | number | null | undefined) =>
  b === null || b === undefined ? null : b ? 'Yes' : 'No';

// ---------------------------------------------------------------------------------------------
// The writer.

type Sheet = ExcelJS.Worksheet;

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

class Book {
  readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  readonly out: fs.WriteStream;
  readonly tabs: { name: string; rows: number }[] = [];
  private failure: Error | null = null;
  private readonly failed: Promise<never>;
  private rejectFailed!: (e: Error) => void;

  constructor(
    tmp: string,
    private readonly opts: ExportOptions,
  ) {
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
   * bold frozen header, autofilter over the data, shared per-column styles. A sheet is only
   * created once there is a first row, so an empty tab is omitted.
   */
  async table<R>(
    name: TabName,
    columns: Column<R>[],
    rows: Iterable<R>,
    totals?: (ws: Sheet, firstDataRow: number, lastDataRow: number) => void,
  ): Promise<number> {
    const max = Math.max(1, this.opts.maxRowsPerSheet ?? EXCEL_MAX_DATA_ROWS);
    const widths = columns.map((c) => c.width);
    /** Per column its shared style, or undefined for a cluster column (styled by value). */
    const styles = columns.map((c) => (c.kind === 'cluster' ? undefined : S[c.kind]));
    const n = columns.length;
    let ws: Sheet | null = null;
    let sheetRows = 0;
    let part = 0;
    let total = 0;
    const headerValues = columns.map((c) => c.header);

    const close = async (last: boolean) => {
      if (!ws) return;
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: sheetRows + 1, column: n } };
      if (last && totals) totals(ws, 2, sheetRows + 1);
      this.tabs.push({ name: ws.name, rows: sheetRows });
      await this.commitSheet(ws);
      ws = null;
    };

    const it = rows[Symbol.iterator]();
    try {
      for (let next = it.next(); !next.done; next = it.next()) {
        if (!ws || sheetRows >= max) {
          await close(false);
          part++;
          ws = this.addSheet(part === 1 ? name : `${name} (${part})`, widths, true);
          const h = ws.addRow(headerValues);
          shareRowStyle(h);
          for (let i = 1; i <= n; i++) h.getCell(i).style = S.header;
          h.commit();
          sheetRows = 0;
        }
        const r = next.value;
        const values = columns.map((c) => {
          const v = c.value(r);
          return v === null ? undefined : v;
        });
        const row = ws.addRow(values);
        // Shared style objects: exceljs memoises them by identity (a fresh {} is re-serialised).
        shareRowStyle(row);
        for (let i = 0; i < n; i++) {
          const v = values[i];
          if (v === undefined) continue;
          const fixed = styles[i];
          row.getCell(i + 1).style = fixed ?? ((typeof v === 'string' && CLUSTER_TEXT[v]) || S.text);
        }
        row.commit();
        sheetRows++;
        total++;
        if ((total & 63) === 0) await this.drain(ws);
        if (total % PROGRESS_EVERY === 0) this.progress(total, name);
      }
    } finally {
      it.return?.();
    }
    if (ws) {
      await close(true);
      this.progress(total, name);
    }
    return total;
  }
}

// ---------------------------------------------------------------------------------------------
// Tabs.

const money = (v: number | null | undefined) => (v === null || v === undefined ? null : v);

/** What every customer-and-product tab starts with; both row kinds carry these fields. */
type CustomerProductRow = Pick<
  PropensityRow,
  | 'customerId'
  | 'accountName'
  | 'country'
  | 'area'
  | 'industry'
  | 'vertical'
  | 'subSegment'
  | 'orgSize'
  | 'product'
  | 'fit'
  | 'intent'
  | 'cell'
  | 'cluster'
>;

const CUSTOMER_PRODUCT: Column<CustomerProductRow>[] = [
  { header: 'Customer ID', width: 16, kind: 'text', value: (r) => r.customerId },
  { header: 'Account name', width: 34, kind: 'text', value: (r) => r.accountName },
  { header: 'Country', width: 16, kind: 'text', value: (r) => r.country },
  { header: 'Area', width: 16, kind: 'text', value: (r) => r.area },
  { header: 'Industry', width: 22, kind: 'text', value: (r) => r.industry },
  { header: 'Vertical', width: 22, kind: 'text', value: (r) => r.vertical },
  { header: 'Subsegment', width: 26, kind: 'text', value: (r) => r.subSegment },
  { header: 'Org size', width: 10, kind: 'int', value: (r) => r.orgSize },
  { header: 'Product', width: 11, kind: 'text', value: (r) => r.product },
  { header: 'Fit', width: 7, kind: 'score', value: (r) => r.fit },
  { header: 'Intent', width: 8, kind: 'score', value: (r) => r.intent },
];
const CELL_AND_CLUSTER: Column<CustomerProductRow>[] = [
  { header: 'Cell', width: 6, kind: 'text', value: (r) => r.cell },
  { header: 'Cluster', width: 11, kind: 'cluster', value: (r) => r.cluster },
];

/** The Propensity model tab's columns (exported for the benchmark's bare writer). */
export const PROPENSITY_COLUMNS: Column<PropensityRow>[] = [
  ...CUSTOMER_PRODUCT,
  { header: 'Fit band', width: 10, kind: 'text', value: (r) => r.fitBand },
  { header: 'Intent band', width: 11, kind: 'text', value: (r) => r.intentBand },
  ...CELL_AND_CLUSTER,
  { header: 'Computed cluster', width: 17, kind: 'text', value: (r) => r.computedCluster },
  { header: 'Whitespace', width: 12, kind: 'text', value: (r) => yesNo(r.whitespace) },
  { header: 'Upsell', width: 8, kind: 'text', value: (r) => yesNo(r.upsell) },
  { header: 'Est. whitespace revenue', width: 22, kind: 'money', value: (r) => money(r.whitespaceRevenue) },
  {
    header: 'Estimated',
    width: 10,
    kind: 'text',
    value: (r) => (r.whitespaceRevenue === null ? null : yesNo(r.whitespaceEstimated)),
  },
  { header: 'Snapshot', width: 11, kind: 'date', value: (r) => excelDate(r.snapshot) },
  { header: 'Report', width: 13, kind: 'text', value: (r) => reportName(r.report) },
  { header: 'File subsegment', width: 22, kind: 'text', value: (r) => r.fileSubSegment },
];

const OPPORTUNITY_BASE: Column<OpportunityRow>[] = [...CUSTOMER_PRODUCT, ...CELL_AND_CLUSTER];
const REVENUE_COLUMNS: Column<OpportunityRow>[] = [
  { header: 'Est. whitespace revenue', width: 22, kind: 'money', value: (r) => money(r.whitespaceRevenue) },
  {
    header: 'Estimated',
    width: 10,
    kind: 'text',
    value: (r) => (r.whitespaceRevenue === null ? null : yesNo(r.whitespaceEstimated)),
  },
];
const SNAPSHOT_COLUMN: Column<OpportunityRow> = {
  header: 'Snapshot',
  width: 11,
  kind: 'date',
  value: (r) => excelDate(r.snapshot),
};

const EOS_COLUMNS: Column<EosRow>[] = [
  { header: 'Customer ID', width: 16, kind: 'text', value: (r) => r.customerId },
  { header: 'Account name', width: 34, kind: 'text', value: (r) => r.accountName },
  { header: 'Country', width: 16, kind: 'text', value: (r) => r.country },
  { header: 'Area', width: 16, kind: 'text', value: (r) => r.area },
  { header: 'Industry', width: 22, kind: 'text', value: (r) => r.industry },
  { header: 'Vertical', width: 22, kind: 'text', value: (r) => r.vertical },
  { header: 'Org size', width: 10, kind: 'int', value: (r) => r.orgSize },
  { header: 'End of service', width: 44, kind: 'text', value: (r) => r.flag },
  { header: 'Value', width: 14, kind: 'text', value: (r) => r.value ?? 'Yes' },
  { header: 'Snapshot', width: 11, kind: 'date', value: (r) => excelDate(r.snapshot) },
];

function agreementColumns(asOf: string): Column<AgreementRow>[] {
  return [
    { header: 'Customer ID', width: 16, kind: 'text', value: (r) => r.customerId },
    { header: 'Account name', width: 34, kind: 'text', value: (r) => r.accountName },
    { header: 'Country', width: 16, kind: 'text', value: (r) => r.country },
    { header: 'Agreement ID', width: 16, kind: 'text', value: (r) => r.agreementId },
    { header: 'License program', width: 18, kind: 'text', value: (r) => r.licenseProgram },
    { header: 'Product', width: 22, kind: 'text', value: (r) => r.product },
    { header: 'End date', width: 11, kind: 'date', value: (r) => excelDate(r.endDate) },
    { header: 'Status', width: 8, kind: 'text', value: (r) => (r.endDate >= asOf ? 'Open' : 'Ended') },
    { header: 'Expiration type', width: 16, kind: 'text', value: (r) => r.expirationType },
    { header: 'Expiring revenue', width: 18, kind: 'money', value: (r) => money(r.expiringRevenue) },
    { header: 'Current clusters', width: 36, kind: 'text', value: (r) => r.clusters },
    { header: 'Snapshot', width: 11, kind: 'date', value: (r) => excelDate(r.snapshot) },
  ];
}

const MOVEMENT_COLUMNS: Column<MovementRow>[] = [
  { header: 'Customer ID', width: 16, kind: 'text', value: (r) => r.customerId },
  { header: 'Account name', width: 34, kind: 'text', value: (r) => r.accountName },
  { header: 'Country', width: 16, kind: 'text', value: (r) => r.country },
  { header: 'Area', width: 16, kind: 'text', value: (r) => r.area },
  { header: 'Industry', width: 22, kind: 'text', value: (r) => r.industry },
  { header: 'Vertical', width: 22, kind: 'text', value: (r) => r.vertical },
  { header: 'Product', width: 11, kind: 'text', value: (r) => r.product },
  { header: 'From', width: 11, kind: 'cluster', value: (r) => r.fromCluster },
  { header: 'To', width: 11, kind: 'cluster', value: (r) => r.toCluster },
  { header: 'Previous fit', width: 12, kind: 'score', value: (r) => r.fromFit },
  { header: 'Previous intent', width: 15, kind: 'score', value: (r) => r.fromIntent },
  { header: 'Fit', width: 7, kind: 'score', value: (r) => r.fit },
  { header: 'Intent', width: 8, kind: 'score', value: (r) => r.intent },
  { header: 'Previous snapshot', width: 17, kind: 'date', value: (r) => excelDate(r.fromSnapshot) },
  { header: 'Snapshot', width: 11, kind: 'date', value: (r) => excelDate(r.snapshot) },
];

const LIST_LABELS: [keyof Filters, string][] = [
  ['product', 'Product'],
  ['cluster', 'Cluster'],
  ['country', 'Country'],
  ['area', 'Area'],
  ['industry', 'Industry'],
  ['vertical', 'Vertical'],
  ['subSegment', 'Subsegment'],
  ['cell', 'Cell'],
  ['computedCluster', 'Computed cluster'],
  ['flag', 'Flags'],
];

/** The filters in words: "Product: M365, Azure; Country: Netherlands; Search: "contoso"". */
export function describeFilters(f: Filters): string {
  const parts: string[] = [];
  for (const [key, label] of LIST_LABELS) {
    const v = f[key] as string[] | undefined;
    if (v && v.length) parts.push(`${label}: ${v.join(', ')}`);
  }
  const bool = (v: boolean | undefined, yes: string, no: string) => {
    if (v !== undefined) parts.push(v ? yes : no);
  };
  bool(f.whitespace, 'Whitespace only', 'No whitespace');
  bool(f.upsell, 'Upsell only', 'No upsell');
  bool(f.eos, 'With end-of-service flags', 'Without end-of-service flags');
  bool(f.mismatch, 'File cluster differs from computed cluster', 'File cluster agrees with computed cluster');
  bool(f.movedIntoActNow, 'Moved into Act Now', 'Did not move into Act Now');
  if (f.search?.trim()) parts.push(`Search: "${f.search.trim()}"`);
  return parts.length ? parts.join('; ') : 'None (all customers in the current snapshots)';
}

/**
 * A free-form tab (Summary, Matrix): rows of values with a style per cell, committed as they are
 * added; `finish` records the tab and commits the sheet.
 */
function freeSheet(book: Book, name: string, widths: number[]) {
  const ws = book.addSheet(name, widths, false);
  let rows = 0;
  return {
    add(values: unknown[], styles: (Style | undefined)[] = []): void {
      const row = ws.addRow(values.map((v) => (v === null ? undefined : v)));
      values.forEach((v, i) => {
        const s = styles[i];
        if (s && v !== null && v !== undefined) row.getCell(i + 1).style = s;
      });
      row.commit();
      rows++;
    },
    async finish(): Promise<void> {
      book.tabs.push({ name, rows });
      await book.commitSheet(ws);
      book.progress(rows, name);
    },
  };
}

async function summaryTab(book: Book, db: DB, opts: ExportOptions): Promise<void> {
  const fy = fiscalYearOf(opts.asOf);
  const cells = scopeByProductCluster(db, opts.filters, opts.asOf);
  const agreements = expiringTotals(db, opts.filters, opts.asOf);
  const customers = customersInScope(db, opts.filters, opts.asOf);
  const snapshots = currentImports(db, opts.asOf)
    .map((c) => `${reportName(c.report)} ${c.snapshot}`)
    .join('; ');
  book.check();

  const { add, finish } = freeSheet(book, 'Summary', [34, 16, 16, 16, 16, 16, 16, 16, 16]);
  add(['Ascent Workbench export'], [S.title]);
  add(['As of', excelDate(opts.asOf)], [S.bold, S.date]);
  add(['Fiscal year', `${fy.name} (${fy.start} – ${fy.end})`], [S.bold]);
  add(['Filters', describeFilters(opts.filters)], [S.bold]);
  add(['Snapshots', snapshots || 'none'], [S.bold]);
  add(['SMC customers', customers], [S.bold, S.int]);
  add(['Expiring agreements', agreements.count], [S.bold, S.int]);
  add(['Open expiring revenue', agreements.openCents / 100], [S.bold, S.money]);
  add([]);

  const products = PRODUCTS.filter((p) => cells.some((c) => c.product === p));
  const grid = (title: string, pick: (c: (typeof cells)[number]) => number, fmt: 'int' | 'money') => {
    const cellStyle = fmt === 'int' ? S.int : S.money;
    const totalStyle = fmt === 'int' ? S.boldInt : S.boldMoney;
    const conv = (v: number) => (fmt === 'money' ? v / 100 : v);
    add([title], [S.bold]);
    add(['Product', ...CLUSTERS, '(no cluster)', 'Total'], Array(CLUSTERS.length + 3).fill(S.header));
    const colTotals = Array(CLUSTERS.length + 2).fill(0) as number[];
    for (const p of products) {
      const per = [...CLUSTERS, null].map((cl) =>
        cells.filter((c) => c.product === p && c.cluster === cl).reduce((s, c) => s + pick(c), 0),
      );
      // Clusters outside the four (should not happen) count with "(no cluster)".
      per[CLUSTERS.length]! += cells
        .filter(
          (c) =>
            c.product === p && c.cluster !== null && !(CLUSTERS as readonly string[]).includes(c.cluster),
        )
        .reduce((s, c) => s + pick(c), 0);
      const sum = per.reduce((a, b) => a + b, 0);
      per.forEach((v, i) => (colTotals[i]! += v));
      colTotals[CLUSTERS.length + 1]! += sum;
      add(
        [`${PRODUCT_INFO[p].name} (${p})`, ...per.map(conv), conv(sum)],
        [undefined, ...per.map(() => cellStyle), totalStyle],
      );
    }
    // Across products a customer counts once per product: the bottom line adds rows, not customers.
    add(
      [fmt === 'int' ? 'Total (customer × product rows)' : 'Total', ...colTotals.map(conv)],
      [S.bold, ...colTotals.map(() => totalStyle)],
    );
    add([]);
  };
  grid('Customers per product × cluster', (c) => c.customers, 'int');
  grid('Estimated whitespace revenue per product × cluster', (c) => c.cents, 'money');
  const estimated = cells.reduce((s, c) => s + c.estimatedCents, 0);
  add(
    [
      `Whitespace revenue includes ${(estimated / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} estimated by the app (OrgSize × share × price) where the file has no figure; such rows are marked "Estimated: Yes".`,
    ],
    [S.note],
  );
  await finish();
}

async function matrixTab(book: Book, db: DB, opts: ExportOptions): Promise<void> {
  const cells = matrixCells(db, opts.filters, opts.asOf);
  const products = PRODUCTS.filter((p) => cells.some((c) => c.product === p));
  if (!products.length) return;
  const matrix = readSettings(db).matrix;
  book.check();
  const { add, finish } = freeSheet(book, 'Matrix', [22, 12, 12, 12, 12, 12, 4, 22, 14, 14, 14, 14, 16]);
  for (const p of products) {
    const mine = cells.filter((c) => c.product === p);
    add([`${PRODUCT_INFO[p].name} (${p})`], [S.title]);
    const head = ['Fit \\ Intent', ...BANDS, 'Total'];
    add(
      [
        ...head.map((h, i) => (i === 0 ? 'Customers: ' + h : h)),
        null,
        ...head.map((h, i) => (i === 0 ? 'Revenue: ' + h : h)),
      ],
      [...head.map(() => S.header), undefined, ...head.map(() => S.header)],
    );
    const colN = Array(BANDS.length + 1).fill(0) as number[];
    const colC = Array(BANDS.length + 1).fill(0) as number[];
    for (const fit of BANDS) {
      const n: number[] = [];
      const cents: number[] = [];
      const styleN: Style[] = [];
      const styleC: Style[] = [];
      for (const intent of BANDS) {
        const c = mine.find((x) => x.fitBand === fit && x.intentBand === intent);
        n.push(c?.customers ?? 0);
        cents.push(c?.cents ?? 0);
        const cluster = clusterOfCell(matrix.cells[fit as Band][intent as Band], matrix);
        styleN.push((cluster && CLUSTER_INT[cluster]) || S.int);
        styleC.push((cluster && CLUSTER_MONEY[cluster]) || S.money);
      }
      const sn = n.reduce((a, b) => a + b, 0);
      const sc = cents.reduce((a, b) => a + b, 0);
      [...n, sn].forEach((v, i) => (colN[i]! += v));
      [...cents, sc].forEach((v, i) => (colC[i]! += v));
      add(
        [`Fit ${fit}`, ...n, sn, null, `Fit ${fit}`, ...cents.map((c) => c / 100), sc / 100],
        [S.bold, ...styleN, S.boldInt, undefined, S.bold, ...styleC, S.boldMoney],
      );
    }
    add(
      ['Total', ...colN, null, 'Total', ...colC.map((c) => c / 100)],
      [S.bold, ...colN.map(() => S.boldInt), undefined, S.bold, ...colC.map(() => S.boldMoney)],
    );
    const unscored = mine.filter((c) => !c.fitBand || !c.intentBand).reduce((s, c) => s + c.customers, 0);
    if (unscored)
      add([`${unscored} customer(s) without a Fit or Intent score are not in the grid.`], [S.note]);
    add([]);
  }
  add(['Cells are coloured by cluster:'], [S.note]);
  add(
    CLUSTERS.map((c) => c),
    CLUSTERS.map((c) => CLUSTER_TEXT[c]),
  );
  add(['Revenue: estimated whitespace revenue of the whitespace customers in each cell.'], [S.note]);
  await finish();
}

function totalsRow(label: string, moneyCol: number, cents: number, extra?: { col: number; value: string }) {
  return (ws: Sheet) => {
    ws.addRow([]).commit();
    const row = ws.addRow([label]);
    row.getCell(1).style = S.bold;
    row.getCell(moneyCol).value = cents / 100;
    row.getCell(moneyCol).style = S.boldMoney;
    if (extra) {
      row.getCell(extra.col).value = extra.value;
      row.getCell(extra.col).style = S.note;
    }
    row.commit();
  };
}

/** Writes the workbook atomically (temporary file beside the target, renamed when complete). */
export async function exportWorkbook(db: DB, opts: ExportOptions): Promise<ExportResult> {
  if (!isIsoDate(opts.asOf)) throw new ExportError(`as-of date must be YYYY-MM-DD, not "${opts.asOf}"`);
  const unknown = (opts.tabs ?? []).filter((t) => !(TAB_NAMES as readonly string[]).includes(t));
  if (unknown.length) throw new ExportError(`unknown tab "${unknown[0]}" (one of ${TAB_NAMES.join(', ')})`);
  const want = new Set<TabName>(opts.tabs ?? TAB_NAMES);
  throwIfAborted(opts.signal);

  const { file, value } = await writeAtomically(opts.out, async (tmp) => {
    const book = new Book(tmp, opts);
    try {
      let rows = 0;
      if (want.has('Summary')) await summaryTab(book, db, opts);
      if (want.has('Propensity model'))
        rows = await book.table(
          'Propensity model',
          PROPENSITY_COLUMNS,
          iterateRows(db, opts.filters, undefined, opts.asOf),
        );
      if (want.has('Whitespace revenue')) {
        const t = whitespaceTotals(db, opts.filters, opts.asOf);
        const revenueCol = OPPORTUNITY_BASE.length + 1;
        await book.table(
          'Whitespace revenue',
          [...OPPORTUNITY_BASE, ...REVENUE_COLUMNS, SNAPSHOT_COLUMN],
          whitespaceRows(db, opts.filters, opts.asOf),
          totalsRow(`Total (${t.rows.toLocaleString('en-US')} opportunities)`, revenueCol, t.cents, {
            col: revenueCol + 1,
            value: `of which estimated: ${(t.estimatedCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
          }),
        );
      }
      if (want.has('Matrix')) await matrixTab(book, db, opts);
      if (want.has('Upsell'))
        await book.table(
          'Upsell',
          [...OPPORTUNITY_BASE, SNAPSHOT_COLUMN],
          upsellRows(db, opts.filters, opts.asOf),
        );
      if (want.has('End of service'))
        await book.table('End of service', EOS_COLUMNS, eosRows(db, opts.filters, opts.asOf));
      if (want.has('Expiring agreements')) {
        const t = expiringTotals(db, opts.filters, opts.asOf);
        await book.table(
          'Expiring agreements',
          agreementColumns(opts.asOf),
          expiringAgreements(db, opts.filters, opts.asOf),
          totalsRow(`Total (${t.count.toLocaleString('en-US')} agreements)`, 10, t.cents, {
            col: 11,
            value: `open on ${opts.asOf}: ${(t.openCents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
          }),
        );
      }
      if (want.has('Movement'))
        await book.table('Movement', MOVEMENT_COLUMNS, movementRows(db, opts.filters, opts.asOf));
      if (!book.tabs.length) throw new ExportError('nothing to export: no rows in scope for the chosen tabs');
      await book.finish();
      return { tabs: book.tabs, rows };
    } catch (e) {
      await book.abandon();
      throw e;
    }
  });
  return { file, format: 'xlsx', tabs: value.tabs, rows: value.rows };
}
