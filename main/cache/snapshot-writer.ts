/**
 * The last stage of an import: binds and steps the statements that store one snapshot, inside
 * the importer's transaction (ingest/import.ts opens, commits and rolls it back). What a row
 * holds is decided before (ingest/map-record.ts); here only what SQLite must tell: whether a
 * CustomerID is already stored.
 */
import { PROPENSITY_REPORTS, type ReportKind } from '../../shared/domain/products';
import { AGREEMENT_COLUMNS, CUSTOMER_COLUMNS, PROPENSITY_COLUMNS, binder, insertSql } from './columns';
import type { AgreementRecord, CustomerRecord, PropensityRecord } from './columns';
import { bumpDataVersion } from './data-version';
import type { DB } from './db';
import { countFacets, markFacetsCounted } from './facet-counts';
import { issueText } from '../../shared/i18n/issues';

export interface ImportIssue {
  line: number;
  column: string | null;
  value: string | null;
  message: string;
}

/** A play/EOS/renewal flag set on the customer: `flag` indexes the file's flag columns; value null is a plain yes. */
export interface FlagValue {
  flag: number;
  value: string | null;
}

/** The rows of a customer record. */
export interface RecordRows {
  customer: CustomerRecord;
  /** Stored with the customer only (an agreements file repeats its customers). */
  flags: FlagValue[];
  propensity: PropensityRecord[];
  agreement: AgreementRecord | null;
  /** Issues of the product rows: stored with them, so not for a duplicate CustomerID. */
  productIssues: ImportIssue[];
}

/** One record of a file, mapped (ingest/map-record.ts mapRecord). */
export interface MappedRecord {
  /** row: a customer; blank: an empty line; ignored: totals or a note; rejected: not stored and counted. */
  kind: 'row' | 'blank' | 'ignored' | 'rejected';
  rows: RecordRows | null;
  /** Issues of the record and its customer, in the order they were found. */
  issues: ImportIssue[];
}

/** The imports row of a snapshot, as the reader found the file. */
export interface SnapshotMeta {
  file: string;
  path: string;
  sha256: string;
  report: ReportKind;
  snapshot: string;
  snapshotSource: string;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
}

const bindCustomer = binder<CustomerRecord>(CUSTOMER_COLUMNS);
const bindAgreement = binder<AgreementRecord>(AGREEMENT_COLUMNS);
const PROPENSITY_KEYS = PROPENSITY_COLUMNS.map((c) => c.key);
/** Parameters of one propensity row: the import id and its columns. */
const PROPENSITY_WIDTH = PROPENSITY_KEYS.length + 1;

/**
 * Propensity rows per INSERT statement. #16's sketch measured 100-row statements faster once the
 * indexes are built after the load (they lost only while a UNIQUE index was kept up row by row,
 * which propensity no longer has since schema 2). Measured again here on 200k rows, indexes
 * dropped, at a load average of ≈ 27: 1.09–1.54 s of CPU one row per statement, 1.08–1.30 s
 * 100 rows per statement: within the noise, kept for the sketch's gain on a quiet machine.
 */
export const PROPENSITY_ROWS_PER_INSERT = 100;

/** `INSERT INTO propensity (…) VALUES (…), (…)…` for `rows` rows. */
function propensityInsertSql(rows: number): string {
  const one = insertSql('INSERT', 'propensity', PROPENSITY_COLUMNS);
  const values = one.slice(one.indexOf('VALUES (') + 7);
  return `${one}${`, ${values}`.repeat(rows - 1)}`;
}

/** Stores the records of one file as one snapshot. */
export class SnapshotWriter {
  /** Customers (propensity reports) or agreement lines stored. */
  rows = 0;
  rejected = 0;
  issueCount = 0;
  /** The first `keepIssues` issues; all of them are stored. */
  readonly issues: ImportIssue[] = [];
  private importId = 0;
  private readonly insertCustomer;
  private readonly insertPropensity;
  private readonly insertPropensityMany;
  /** Propensity rows waiting for the next multi-row statement, laid out as its parameters. */
  private readonly pending: unknown[] = new Array(PROPENSITY_ROWS_PER_INSERT * PROPENSITY_WIDTH);
  private pendingRows = 0;
  private readonly insertAgreement;
  private readonly insertFlag;
  private readonly insertIssue;
  private readonly firstLine;
  private readonly flagIds: number[] = [];
  /** File clusters per product, counted as rows are stored (for cluster_counts). */
  private readonly clusterCounts = new Map<string, Map<string, number>>();
  /** Rowid of the snapshot's first propensity row: its rows follow it. */
  private firstRowid: number | null = null;

  constructor(
    private readonly db: DB,
    private readonly report: ReportKind,
    /** The file's flag columns, in the order FlagValue.flag counts them. */
    private readonly flags: readonly { name: string; kind: string }[],
    private readonly keepIssues: number,
    /** The file's CustomerID header, which a duplicate's issue names. */
    private readonly idColumn: string | null,
  ) {
    // An agreements file repeats a customer on each of its agreement lines: its first row stores it.
    this.insertCustomer = db.prepare(
      insertSql(report === 'agreements' ? 'INSERT OR IGNORE' : 'INSERT', 'customers', CUSTOMER_COLUMNS),
    );
    this.insertPropensity = db.prepare(insertSql('INSERT', 'propensity', PROPENSITY_COLUMNS));
    this.insertPropensityMany = db.prepare(propensityInsertSql(PROPENSITY_ROWS_PER_INSERT));
    this.insertAgreement = db.prepare(insertSql('INSERT', 'agreements', AGREEMENT_COLUMNS));
    this.insertFlag = db.prepare(
      'INSERT OR IGNORE INTO flags (import_id, flag_id, customer_id, value) VALUES (?, ?, ?, ?)',
    );
    this.firstLine = db.prepare('SELECT line FROM customers WHERE import_id = ? AND customer_id = ?');
    this.insertIssue = db.prepare(
      'INSERT INTO import_issues (import_id, line, "column", value, message) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** Writes the imports row and the flag names; returns the snapshot's import id. */
  begin(meta: SnapshotMeta, importedAt: string): number {
    this.importId = Number(
      this.db
        .prepare(
          `INSERT INTO imports (file, path, sha256, report, snapshot, snapshot_source, format, encoding, delimiter, sheet, imported_at, rows, rejected, issue_count)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0)`,
        )
        .run(
          meta.file,
          meta.path,
          meta.sha256,
          meta.report,
          meta.snapshot,
          meta.snapshotSource,
          meta.format,
          meta.encoding,
          meta.delimiter,
          meta.sheet,
          importedAt,
        ).lastInsertRowid,
    );
    const upsert = this.db.prepare(
      'INSERT INTO flag_names (name, kind) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET kind = excluded.kind RETURNING id',
    );
    for (const f of this.flags) this.flagIds.push((upsert.get(f.name, f.kind) as { id: number }).id);
    return this.importId;
  }

  private issue(i: ImportIssue): void {
    this.issueCount++;
    if (this.issues.length < this.keepIssues) this.issues.push(i);
    this.insertIssue.run(this.importId, i.line, i.column, i.value, i.message);
  }

  store(m: MappedRecord): void {
    for (const i of m.issues) this.issue(i);
    if (m.kind === 'rejected') this.rejected++;
    const r = m.rows;
    if (m.kind !== 'row' || !r) return;
    const c = r.customer;
    if (this.report === 'agreements') {
      if (this.insertCustomer.run(bindCustomer(this.importId, c)).changes > 0) this.storeFlags(r);
      this.insertAgreement.run(bindAgreement(this.importId, r.agreement!));
      this.rows++;
      return;
    }
    // The customers key catches a duplicate ID; no JS-side set of IDs (cell strings are
    // slices of whole decoded chunks, so keeping them would keep every chunk alive).
    try {
      this.insertCustomer.run(bindCustomer(this.importId, c));
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e;
      const first = this.firstLine.get(this.importId, c.customerId) as { line: number };
      this.rejected++;
      this.issue({
        line: c.line,
        column: this.idColumn,
        value: c.customerId,
        message: issueText({ kind: 'duplicateId', firstLine: first.line }),
      });
      return;
    }
    this.storeFlags(r);
    this.rows++;
    for (const i of r.productIssues) this.issue(i);
    for (const p of r.propensity) {
      if (p.cluster !== null) {
        let byCluster = this.clusterCounts.get(p.product);
        if (!byCluster) this.clusterCounts.set(p.product, (byCluster = new Map<string, number>()));
        byCluster.set(p.cluster, (byCluster.get(p.cluster) ?? 0) + 1);
      }
      const out = this.pending;
      let o = this.pendingRows * PROPENSITY_WIDTH;
      out[o++] = this.importId;
      for (let k = 0; k < PROPENSITY_KEYS.length; k++)
        out[o++] = (p as Record<string, unknown>)[PROPENSITY_KEYS[k]!];
      if (++this.pendingRows === PROPENSITY_ROWS_PER_INSERT) this.flushPropensity();
    }
  }

  /** Stores the pending propensity rows: one multi-row statement when full, else row by row. */
  private flushPropensity(): void {
    const n = this.pendingRows;
    if (n === 0) return;
    let last: number | bigint;
    if (n === PROPENSITY_ROWS_PER_INSERT) last = this.insertPropensityMany.run(this.pending).lastInsertRowid;
    else {
      last = 0;
      for (let r = 0; r < n; r++)
        last = this.insertPropensity.run(
          this.pending.slice(r * PROPENSITY_WIDTH, (r + 1) * PROPENSITY_WIDTH),
        ).lastInsertRowid;
    }
    // A rowid table appends: the statement's rows took the rowids up to its last one.
    this.firstRowid ??= Number(last) - n + 1;
    this.pendingRows = 0;
  }

  private storeFlags(r: RecordRows): void {
    for (const f of r.flags)
      this.insertFlag.run(this.importId, this.flagIds[f.flag], r.customer.customerId, f.value);
  }

  /** Counts what the snapshot's rows add up to, completes its imports row and bumps the data version. */
  finish(): void {
    this.flushPropensity();
    const count = this.db.prepare(
      'INSERT INTO cluster_counts (import_id, product, cluster, n) VALUES (?, ?, ?, ?)',
    );
    for (const [product, byCluster] of this.clusterCounts)
      for (const [cluster, n] of byCluster) count.run(this.importId, product, cluster, n);
    if (this.firstRowid !== null) countFacets(this.db, this.importId, this.firstRowid);
    else if (PROPENSITY_REPORTS.includes(this.report)) markFacetsCounted(this.db, this.importId);
    this.db
      .prepare('UPDATE imports SET rows = ?, rejected = ?, issue_count = ? WHERE id = ?')
      .run(this.rows, this.rejected, this.issueCount, this.importId);
    bumpDataVersion(this.db);
  }
}

/** The snapshot already imported from a file of this content, if any. */
export function importOfHash(
  db: DB,
  sha256: string,
): { id: number; report: ReportKind; snapshot: string } | undefined {
  return db.prepare('SELECT id, report, snapshot FROM imports WHERE sha256 = ?').get(sha256) as
    { id: number; report: ReportKind; snapshot: string } | undefined;
}

/** SQLite page cache while a snapshot loads (KiB). */
const IMPORT_CACHE_KIB = 64 * 1024;

/** Sets the connection up for a load, outside a transaction; returns what puts it back. */
export function loadPragmas(db: DB): () => void {
  // Index pages of a big snapshot must stay in memory while it loads: SQLite's default 2 MB
  // cache makes every insert into the secondary indexes a page spill.
  const cacheSize = db.pragma('cache_size', { simple: true });
  // Every row written references the imports row the writer creates: foreign key checks could
  // only cost time (measured ≈ 10% of a row insert).
  const foreignKeys = db.pragma('foreign_keys', { simple: true });
  db.pragma(`cache_size = -${IMPORT_CACHE_KIB}`);
  db.pragma('foreign_keys = OFF');
  return () => {
    db.pragma(`cache_size = ${Number(cacheSize)}`);
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  };
}

/** SQLite page cache while indexes and aggregates are built (KiB). */
const BUILD_CACHE_KIB = 4 * 1024;

/**
 * Runs `build` (index builds, the facet GROUP BY) with SQLite's sorter on two threads and a small
 * page cache, then puts both back. Measured on this 2-core machine: each build about halved
 * (2.0–2.6 s → 1.0–1.2 s); a large cache or temp_store=MEMORY made them slower. Both settings
 * are the connection's, allowed inside the import's transaction, and change no data.
 */
export function withBuildPragmas<T>(db: DB, build: () => T): T {
  const cacheSize = db.pragma('cache_size', { simple: true });
  const threads = db.pragma('threads', { simple: true });
  db.pragma('threads = 2');
  db.pragma(`cache_size = -${BUILD_CACHE_KIB}`);
  try {
    return build();
  } finally {
    db.pragma(`cache_size = ${Number(cacheSize)}`);
    db.pragma(`threads = ${Number(threads)}`);
  }
}

/**
 * Keeping an index up to date row by row costs a random B-tree insert per row, and far more
 * once the index outgrows the page cache; building it after the load sorts once. Measured on
 * 500k customers (1.5M propensity rows), schema 1's indexes: 27 s of upkeep, ≈ 10 s to build.
 * A build covers the whole table, so it pays while the new snapshot at least doubles the
 * table. Drops the propensity indexes and the flags' customer index (a flag row per set flag
 * of the same customers; its key stays, since OR IGNORE needs it), inside the import's
 * transaction, so a rollback brings them back, and returns the statements that recreate them,
 * as stored in the schema.
 */
export function dropIndexesIfCheaper(db: DB, newRows: number): string[] {
  const existing = (db.prepare('SELECT COALESCE(MAX(rowid), 0) AS n FROM propensity').get() as { n: number })
    .n;
  if (newRows === 0 || existing > newRows) return [];
  const indexes = db
    .prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name IN ('propensity', 'flags') AND sql IS NOT NULL",
    )
    .all() as { name: string; sql: string }[];
  for (const i of indexes) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
  return indexes.map((i) => i.sql);
}

/**
 * The customers of the report's current snapshot and of the one just written, when the new one
 * becomes current and holds fewer than `ratio` of them: a cut or partial download would
 * otherwise replace good data without a word.
 */
export function shrinkOf(
  db: DB,
  report: ReportKind,
  snapshot: string,
  importId: number,
  ratio: number,
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
  return after < before * ratio ? { before, after } : null;
}
