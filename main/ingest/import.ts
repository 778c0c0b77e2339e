import path from 'node:path';
import type { DB } from '../cache/db';
import { countFacets } from '../cache/facet-counts';
import { readSettings, type Settings } from '../cache/settings';
import { classify, normaliseCluster } from '../../shared/domain/matrix';
import type { Product, ReportKind } from '../../shared/domain/products';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { canonicalSegment, deriveSubSegment } from '../../shared/domain/segments';
import { estimateWhitespace, isWhitespace } from '../../shared/domain/whitespace';
import { isIsoDate } from '../../shared/domain/fiscal';
import { IngestError } from './errors';
import {
  knownHeaderCount,
  mapColumns,
  productFromText,
  productsIn,
  reportKind,
  type ColumnMap,
  type CustomerField,
} from './headers';
import { openRecords } from './open';
import type { CellValue, RawRecord } from './records';
import { sniffFile } from './sniff';
import {
  detectDateOrder,
  detectDecimalComma,
  parseBool,
  parseDate,
  parseInteger,
  parseNumber,
  parseScore,
  type DateOrder,
  type Parsed,
} from './values';

export interface ImportIssue {
  line: number;
  column: string | null;
  value: string | null;
  message: string;
}

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
/** SQLite page cache while a snapshot loads (KiB). */
const IMPORT_CACHE_KIB = 64 * 1024;

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
  const seen = db.prepare('SELECT id, report, snapshot FROM imports WHERE sha256 = ?').get(sniff.sha256) as
    { id: number; report: ReportKind; snapshot: string } | undefined;
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

    const settings = readSettings(db);
    const writer = new SnapshotWriter(db, map, report, hints, settings, sniff.invalidUtf8Sequences > 0);
    // Index pages of a big snapshot must stay in memory while it loads: SQLite's default 2 MB
    // cache makes every insert into the secondary indexes a page spill.
    const cacheSize = db.pragma('cache_size', { simple: true });
    // Every row written references the imports row created below: foreign key checks could
    // only cost time (measured ≈ 10% of a row insert).
    const foreignKeys = db.pragma('foreign_keys', { simple: true });
    db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
    db.pragma('foreign_keys = OFF');
    restorePragmas = () => {
      db.pragma(`cache_size = ${Number(cacheSize)}`);
      db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    };
    db.exec('BEGIN IMMEDIATE');
    const rebuild = writer.products.length
      ? dropIndexesIfCheaper(db, estimateRows(pending, sniff.size) * writer.products.length)
      : [];
    const importId = Number(
      db
        .prepare(
          `INSERT INTO imports (file, path, sha256, report, snapshot, snapshot_source, format, encoding, delimiter, sheet, imported_at, rows, rejected, issue_count)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)`,
        )
        .run(
          path.basename(file),
          path.resolve(file),
          sniff.sha256,
          report,
          snapshot,
          snapshotSource,
          source.format,
          source.encoding,
          source.delimiter,
          source.sheet ?? null,
          new Date().toISOString(),
        ).lastInsertRowid,
    );
    writer.begin(importId);
    const progress = () =>
      opts.onProgress?.({
        file,
        rows: writer.rows,
        bytesRead: source.bytesRead?.() ?? 0,
        bytesTotal: sniff.size,
      });
    const take = (batch: RawRecord[]) => {
      if (opts.signal?.aborted) throw new ImportCancelled();
      for (const rec of batch) writer.row(rec);
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
    const shrink = shrinkOf(db, report, snapshot, importId);
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
      issues: writer.issues.slice(0, MAX_RETURNED_ISSUES),
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

/**
 * The customers of the report's current snapshot and of the one just written, when the new one
 * becomes current and holds fewer than SHRINK_RATIO of them: a cut or partial download would
 * otherwise replace good data without a word.
 */
function shrinkOf(
  db: DB,
  report: ReportKind,
  snapshot: string,
  importId: number,
): { before: number; after: number } | null {
  const current = db
    .prepare(
      `SELECT id, snapshot FROM imports WHERE report = ? AND id <> ? ORDER BY snapshot DESC, id DESC LIMIT 1`,
    )
    .get(report, importId) as { id: number; snapshot: string } | undefined;
  if (!current || snapshot < current.snapshot) return null;
  const customers = db.prepare('SELECT COUNT(*) FROM customers WHERE import_id = ?').pluck();
  const before = customers.get(current.id) as number;
  const after = customers.get(importId) as number;
  return after < before * SHRINK_RATIO ? { before, after } : null;
}

/** Rows in a file, estimated from the text of the rows read ahead. */
function estimateRows(sample: RawRecord[], fileBytes: number): number {
  let chars = 0;
  for (const rec of sample) for (const c of rec.cells) chars += typeof c === 'string' ? c.length + 1 : 8;
  return sample.length && chars ? Math.round((fileBytes / chars) * sample.length) : 0;
}

/**
 * Keeping an index up to date row by row costs a random B-tree insert per row, and far more
 * once the index outgrows the page cache; building it after the load sorts once. Measured on
 * 500k customers (1.5M propensity rows), schema 1's indexes: 27 s of upkeep, ≈ 10 s to build.
 * A build covers the whole table, so it pays while the new snapshot at least doubles the
 * table. Drops the propensity indexes (inside the import's transaction, so a rollback brings
 * them back) and returns the statements that recreate them, as stored in the schema.
 */
function dropIndexesIfCheaper(db: DB, newRows: number): string[] {
  const existing = (db.prepare('SELECT COALESCE(MAX(rowid), 0) AS n FROM propensity').get() as { n: number })
    .n;
  if (newRows === 0 || existing > newRows) return [];
  const indexes = db
    .prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'propensity' AND sql IS NOT NULL",
    )
    .all() as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
  return indexes.map((i) => i.sql);
}

interface Hints {
  dateOrder: Map<number, DateOrder | null>;
  decimalComma: Map<number, boolean>;
}

function decideHints(map: ColumnMap, rows: RawRecord[], semicolon: boolean): Hints {
  const hints: Hints = { dateOrder: new Map(), decimalComma: new Map() };
  const texts = (i: number) => {
    const out: string[] = [];
    for (const r of rows) {
      const v = r.cells[i];
      if (typeof v === 'string' && v.trim()) out.push(v.trim());
    }
    return out;
  };
  if (map.agreement.endDate !== undefined)
    hints.dateOrder.set(map.agreement.endDate, detectDateOrder(texts(map.agreement.endDate)));
  const money: number[] = [];
  for (const slot of Object.values(map.products)) if (slot?.revenue !== undefined) money.push(slot.revenue);
  for (const i of [map.genericRevenue, map.agreement.expiringRevenue, map.customer.azurePotential])
    if (i !== null && i !== undefined) money.push(i);
  for (const i of money) hints.decimalComma.set(i, detectDecimalComma(texts(i)) ?? semicolon);
  return hints;
}

function text(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v).trim();
  return s === '' ? null : s;
}

function display(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : String(v);
}

const FOOTER =
  /^(total|totals|grand total|sum|subtotal|note|notes|source|data provided|generated|exported|\*)/i;

const CUSTOMER_TEXT: [CustomerField, string][] = [
  ['accountName', 'account_name'],
  ['domain', 'domain'],
  ['mpnId', 'mpn_id'],
  ['partnerName', 'partner_name'],
  ['duns', 'duns'],
  ['country', 'country'],
  ['area', 'area'],
  ['subsidiary', 'subsidiary'],
  ['salesTerritory', 'sales_territory'],
  ['city', 'city'],
  ['state', 'state'],
  ['postalCode', 'postal_code'],
  ['industry', 'industry'],
  ['vertical', 'vertical'],
  ['segment', 'segment'],
  ['smcType', 'smc_type'],
  ['offers', 'offers'],
];
const CUSTOMER_BOOL: [CustomerField, string][] = [
  ['isNonprofit', 'is_nonprofit'],
  ['hasGoogle', 'has_google'],
  ['hasAws', 'has_aws'],
  ['hasEa', 'has_ea'],
  ['hasOpen', 'has_open'],
  ['hasAzure', 'has_azure'],
  ['hasD365', 'has_d365'],
  ['hasM365', 'has_m365'],
  ['transacted36', 'transacted_36m'],
];
const BOOL_INDEX = Object.fromEntries(CUSTOMER_BOOL.map(([f], i) => [f, i])) as Record<CustomerField, number>;
const boolOf = (v: 0 | 1 | null | undefined): boolean | null =>
  v === null || v === undefined ? null : v === 1;

const CUSTOMER_COLUMNS = [
  'import_id',
  'customer_id',
  'line',
  ...CUSTOMER_TEXT.map((c) => c[1]),
  ...CUSTOMER_BOOL.map((c) => c[1]),
  'org_size',
  'azure_potential',
  'sub_segment',
  'sub_segment_file',
  'sub_segment_derived',
  'extra',
];

interface CustomerRow {
  id: string;
  values: unknown[];
  accountName: string | null;
  domain: string | null;
  country: string | null;
  area: string | null;
  industry: string | null;
  vertical: string | null;
  /** The canonical segment (canonicalSegment). */
  subSegment: string | null;
  /** The file's own subsegment label. */
  fileSubSegment: string | null;
  orgSize: number | null;
  azurePotential: number | null;
  owns: { M365: boolean | null; Azure: boolean | null; D365: boolean | null };
  transacted36: boolean | null;
}

/** Turns the rows of one file into rows of one snapshot, inside the caller's transaction. */
class SnapshotWriter {
  rows = 0;
  rejected = 0;
  issueCount = 0;
  readonly issues: ImportIssue[] = [];
  private importId = 0;
  readonly products: Product[];
  private readonly insertCustomer;
  private readonly insertPropensity;
  private readonly insertAgreement;
  private readonly insertFlag;
  private readonly insertIssue;
  private readonly firstLine;
  private readonly flagIds: number[] = [];
  /** File clusters per product, counted as rows are stored (for cluster_counts). */
  private readonly clusterCounts = new Map<Product, Map<string, number>>();
  /** Rowid of the snapshot's first propensity row: its rows follow it. */
  private firstRowid: number | null = null;

  constructor(
    private readonly db: DB,
    private readonly map: ColumnMap,
    private readonly report: ReportKind,
    private readonly hints: Hints,
    private readonly settings: Settings,
    /** The file is UTF-8 with some invalid bytes: rows holding U+FFFD get an issue. */
    private readonly invalidText = false,
  ) {
    this.products = PROPENSITY_REPORTS.includes(report) ? productsIn(map) : [];
    const verb = report === 'agreements' ? 'INSERT OR IGNORE' : 'INSERT';
    this.insertCustomer = db.prepare(
      `${verb} INTO customers (${CUSTOMER_COLUMNS.join(', ')}) VALUES (${CUSTOMER_COLUMNS.map(() => '?').join(', ')})`,
    );
    this.insertPropensity = db.prepare(
      `INSERT INTO propensity (import_id, customer_id, product, account_name, domain, country, area, industry, vertical,
         sub_segment, org_size, fit, intent, fit_band, intent_band, cell, cluster, computed_cluster, whitespace, upsell,
         ws_revenue, ws_estimated, file_sub_segment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAgreement = db.prepare(
      `INSERT INTO agreements (import_id, line, customer_id, agreement_id, license_program, end_date, expiration_type,
         expiring_revenue, product, upsell, clusters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertFlag = db.prepare(
      'INSERT OR IGNORE INTO flags (import_id, flag_id, customer_id, value) VALUES (?, ?, ?, ?)',
    );
    this.firstLine = db.prepare('SELECT line FROM customers WHERE import_id = ? AND customer_id = ?');
    this.insertIssue = db.prepare(
      'INSERT INTO import_issues (import_id, line, "column", value, message) VALUES (?, ?, ?, ?, ?)',
    );
  }

  begin(importId: number): void {
    this.importId = importId;
    const upsert = this.db.prepare(
      'INSERT INTO flag_names (name, kind) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET kind = excluded.kind RETURNING id',
    );
    for (const f of this.map.flags) this.flagIds.push((upsert.get(f.name, f.kind) as { id: number }).id);
  }

  private issue(line: number, column: string | null, value: string | null, message: string): void {
    this.issueCount++;
    if (this.issues.length < MAX_RETURNED_ISSUES) this.issues.push({ line, column, value, message });
    this.insertIssue.run(this.importId, line, column, value, message);
  }

  private parsed<T>(rec: RawRecord, index: number | undefined, p: (v: CellValue) => Parsed<T>): T | null {
    if (index === undefined) return null;
    const v = rec.cells[index] ?? null;
    const r = p(v);
    if (r.ok) return r.value;
    this.issue(rec.line, this.map.headers[index] ?? null, display(v), r.message);
    return null;
  }

  row(rec: RawRecord): void {
    const cells = rec.cells;
    const idIndex = this.map.customer.customerId!;
    const id = text(cells[idIndex]);
    let filled = 0;
    let first: string | null = null;
    for (const c of cells) {
      const t = text(c);
      if (t === null) continue;
      filled++;
      first ??= t;
    }
    if (filled === 0) return; // blank line
    // Totals and notes below the data: a "Total…" row or a sparse row without an ID.
    const sparse = filled < Math.max(3, this.map.headers.length / 3);
    if (sparse && (id === null || FOOTER.test(first!))) {
      this.issue(rec.line, null, first!.slice(0, 200), 'not a customer row (totals or note): ignored');
      return;
    }
    if (id === null) {
      this.rejected++;
      this.issue(
        rec.line,
        this.map.headers[idIndex] ?? 'CustomerID',
        null,
        'row without CustomerID: rejected',
      );
      return;
    }
    // A download cut off mid-transfer ends inside its last row: that row is not a customer.
    if (rec.unterminated && cells.length < this.map.headers.length) {
      this.rejected++;
      this.issue(
        rec.line,
        null,
        display(cells[cells.length - 1])?.slice(0, 200) ?? null,
        `the file ends inside this row: it looks cut off (${cells.length} of ${this.map.headers.length} fields): rejected`,
      );
      return;
    }
    if (this.invalidText && cells.some((c) => typeof c === 'string' && c.includes('\uFFFD')))
      this.issue(rec.line, null, null, 'bytes that are not valid UTF-8 were read as \uFFFD');
    if (cells.length > this.map.headers.length) {
      const extra = cells.slice(this.map.headers.length).filter((c) => text(c) !== null);
      if (extra.length)
        this.issue(
          rec.line,
          null,
          extra
            .map((c) => display(c))
            .join(' | ')
            .slice(0, 200),
          `row has ${cells.length} fields, the header ${this.map.headers.length}: extra fields ignored`,
        );
    }
    if (this.report === 'agreements') return this.agreementRow(rec, id);
    const c = this.customer(rec, id);
    // The customers key catches a duplicate ID; no JS-side set of IDs (cell strings are
    // slices of whole decoded chunks, so keeping them would keep every chunk alive).
    try {
      this.insertCustomer.run(c.values);
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e;
      const first = this.firstLine.get(this.importId, id) as { line: number };
      this.rejected++;
      this.issue(
        rec.line,
        this.map.headers[idIndex] ?? null,
        id,
        `duplicate CustomerID (first on line ${first.line}): rejected`,
      );
      return;
    }
    this.flags(rec, id);
    this.rows++;
    this.propensityRows(rec, c);
  }

  private customer(rec: RawRecord, id: string): CustomerRow {
    const m = this.map.customer;
    const cells = rec.cells;
    const t = (f: CustomerField) => (m[f] === undefined ? null : text(cells[m[f]!]));
    const orgSize = this.parsed(rec, m.orgSize, parseInteger);
    const azurePotential = this.parsed(rec, m.azurePotential, (v) =>
      parseNumber(v, { decimalComma: this.hints.decimalComma.get(m.azurePotential!) ?? false }),
    );
    const subFile = t('subSegment') ?? t('smcType');
    const subDerived = deriveSubSegment(orgSize, azurePotential);
    const segment = canonicalSegment(orgSize, azurePotential, subFile);
    const bools: (0 | 1 | null)[] = [];
    for (const [f] of CUSTOMER_BOOL) {
      const v = this.parsed(rec, m[f], parseBool);
      bools.push(v === null ? null : v ? 1 : 0);
    }
    const extra: Record<string, string> = {};
    let anyExtra = false;
    for (const e of this.map.extra) {
      const v = display(cells[e.index]);
      if (v !== null && v !== '') {
        extra[e.name] = v;
        anyExtra = true;
      }
    }
    const values = [
      this.importId,
      id,
      rec.line,
      ...CUSTOMER_TEXT.map(([f]) => t(f)),
      ...bools,
      orgSize,
      azurePotential,
      segment,
      subFile,
      subDerived,
      anyExtra ? JSON.stringify(extra) : null,
    ];
    return {
      id,
      values,
      accountName: t('accountName'),
      domain: t('domain'),
      country: t('country'),
      area: t('area'),
      industry: t('industry'),
      vertical: t('vertical'),
      subSegment: segment,
      fileSubSegment: subFile,
      orgSize,
      azurePotential,
      owns: {
        M365: boolOf(bools[BOOL_INDEX.hasM365]),
        Azure: boolOf(bools[BOOL_INDEX.hasAzure]),
        D365: boolOf(bools[BOOL_INDEX.hasD365]),
      },
      transacted36: boolOf(bools[BOOL_INDEX.transacted36]),
    };
  }

  private flags(rec: RawRecord, id: string): void {
    this.map.flags.forEach((f, k) => {
      const v = rec.cells[f.index];
      const s = text(v);
      if (s === null) return;
      const b = parseBool(v ?? null);
      if (b.ok && b.value === false) return;
      this.insertFlag.run(this.importId, this.flagIds[k], id, b.ok ? null : s);
    });
  }

  private propensityRows(rec: RawRecord, c: CustomerRow): void {
    const upsell: Product[] = [];
    for (const u of this.map.upsell)
      if (this.parsed(rec, u.index, parseBool)) for (const p of u.products) upsell.push(p);
    let genericProduct: Product | null = null;
    if (this.map.genericRevenue !== null) {
      if (this.map.productColumn !== null)
        genericProduct = productFromText(text(rec.cells[this.map.productColumn]) ?? '');
      else if (this.products.length === 1) genericProduct = this.products[0]!;
    }
    for (const p of this.products) {
      const slot = this.map.products[p]!;
      const rawCluster = slot.cluster === undefined ? null : text(rec.cells[slot.cluster]);
      const fitCell = slot.fit === undefined ? null : text(rec.cells[slot.fit]);
      const intentCell = slot.intent === undefined ? null : text(rec.cells[slot.intent]);
      if (rawCluster === null && fitCell === null && intentCell === null) continue;
      const fit = this.parsed(rec, slot.fit, parseScore);
      const intent = this.parsed(rec, slot.intent, parseScore);
      let cluster = normaliseCluster(rawCluster);
      if (rawCluster !== null && cluster === null) {
        this.issue(rec.line, this.map.headers[slot.cluster!] ?? null, rawCluster, 'unknown cluster');
        cluster = null;
      }
      const k = classify(fit, intent, this.settings.matrix);
      const whitespace = isWhitespace(p, c.owns, c.transacted36);
      const revIndex = slot.revenue ?? (genericProduct === p ? this.map.genericRevenue! : undefined);
      let revenue =
        revIndex === undefined
          ? null
          : this.parsed(rec, revIndex, (v) =>
              parseNumber(v, { decimalComma: this.hints.decimalComma.get(revIndex) ?? false }),
            );
      let estimated = 0;
      if (revenue === null && whitespace) {
        revenue = estimateWhitespace(p, c.orgSize, c.azurePotential, this.settings.estimates);
        estimated = revenue === null ? 0 : 1;
      }
      if (cluster !== null) {
        let byCluster = this.clusterCounts.get(p);
        if (!byCluster) this.clusterCounts.set(p, (byCluster = new Map()));
        byCluster.set(cluster, (byCluster.get(cluster) ?? 0) + 1);
      }
      const stored = this.insertPropensity.run(
        this.importId,
        c.id,
        p,
        c.accountName,
        c.domain,
        c.country,
        c.area,
        c.industry,
        c.vertical,
        c.subSegment,
        c.orgSize,
        fit,
        intent,
        k.fitBand,
        k.intentBand,
        k.cell,
        cluster,
        k.computedCluster,
        whitespace ? 1 : 0,
        upsell.includes(p) ? 1 : 0,
        revenue,
        estimated,
        c.fileSubSegment,
      );
      this.firstRowid ??= Number(stored.lastInsertRowid);
    }
  }

  private agreementRow(rec: RawRecord, id: string): void {
    const a = this.map.agreement;
    const c = this.customer(rec, id);
    // INSERT OR IGNORE: a customer's first agreement row stores the customer and its flags.
    if (this.insertCustomer.run(c.values).changes > 0) this.flags(rec, id);
    const order = a.endDate === undefined ? null : (this.hints.dateOrder.get(a.endDate) ?? null);
    const endDate = this.parsed(rec, a.endDate, (v) => parseDate(v, order));
    const revenue = this.parsed(rec, a.expiringRevenue, (v) =>
      parseNumber(v, { decimalComma: this.hints.decimalComma.get(a.expiringRevenue!) ?? false }),
    );
    const upsell = this.parsed(rec, a.upsell, parseBool);
    const clusters: Record<string, string> = {};
    for (const [p, slot] of Object.entries(this.map.products)) {
      if (slot?.cluster === undefined) continue;
      const v = normaliseCluster(text(rec.cells[slot.cluster]));
      if (v) clusters[p] = v;
    }
    const t = (i: number | undefined) => (i === undefined ? null : text(rec.cells[i]));
    this.insertAgreement.run(
      this.importId,
      rec.line,
      id,
      t(a.agreementId),
      t(a.licenseProgram),
      endDate,
      t(a.expirationType),
      revenue,
      t(a.product),
      upsell === null ? null : upsell ? 1 : 0,
      Object.keys(clusters).length ? JSON.stringify(clusters) : null,
    );
    this.rows++;
  }

  finish(): void {
    const count = this.db.prepare(
      'INSERT INTO cluster_counts (import_id, product, cluster, n) VALUES (?, ?, ?, ?)',
    );
    for (const [product, byCluster] of this.clusterCounts)
      for (const [cluster, n] of byCluster) count.run(this.importId, product, cluster, n);
    if (this.firstRowid !== null) countFacets(this.db, this.importId, this.firstRowid);
    this.db
      .prepare('UPDATE imports SET rows = ?, rejected = ?, issue_count = ? WHERE id = ?')
      .run(this.rows, this.rejected, this.issueCount, this.importId);
    this.db.exec('DELETE FROM derived_cache');
  }
}
