import { APP_VERSION, dataGeneration, settingsDigest } from '../cache/data-version';
import type { DB } from '../cache/db';
import { todayIso } from '../../shared/domain/fiscal';
import {
  DEDICATED_REPORT,
  PROPENSITY_REPORTS,
  PRODUCTS,
  type Product,
  type ReportKind,
} from '../../shared/domain/products';

export interface ImportRef {
  id: number;
  report: ReportKind;
  snapshot: string;
}

/**
 * "Current" data: the latest snapshot of each report kind dated on or before the as-of date
 * (today unless given), whatever order files were imported in. Two files of one kind and date:
 * the one imported last wins. A snapshot dated after the as-of date is not current for it.
 */
export function currentImports(db: DB, asOf: string = todayIso()): ImportRef[] {
  return db
    .prepare(`SELECT id, report, snapshot FROM imports i WHERE ${CURRENT} ORDER BY report`)
    .all(asOf) as ImportRef[];
}

/** The one test of a current import `i`, for the as-of date bound to its `?`. */
const CURRENT = `id = (SELECT id FROM imports j WHERE j.report = i.report AND j.snapshot <= ?
                   ORDER BY snapshot DESC, id DESC LIMIT 1)`;

/** The snapshot before the current one of the same report kind (for movement). */
export function previousImport(db: DB, current: ImportRef): ImportRef | null {
  return (
    (db
      .prepare(
        `SELECT id, report, snapshot FROM imports WHERE report = ? AND snapshot < ?
         ORDER BY snapshot DESC, id DESC LIMIT 1`,
      )
      .get(current.report, current.snapshot) as ImportRef | undefined) ?? null
  );
}

export function currentPropensityIds(db: DB, asOf?: string): number[] {
  return currentImports(db, asOf)
    .filter((i) => PROPENSITY_REPORTS.includes(i.report))
    .map((i) => i.id);
}

/**
 * A product that two current reports both carry (the M365 report's Surface columns and the
 * Surface report): the loser's rows of that product are not current where the winner has a row
 * for the same customer. One entry per (loser, winner, product).
 */
export interface Shadow {
  loser: number;
  winner: number;
  product: Product;
}

/** Products with rows in a snapshot. A snapshot never changes, so they are kept by its file's hash. */
const productsByHash = new Map<string, Product[]>();

function productsOf(db: DB, importId: number): Product[] {
  const sha = db.prepare('SELECT sha256 FROM imports WHERE id = ?').pluck().get(importId) as
    string | undefined;
  const hit = sha === undefined ? undefined : productsByHash.get(sha);
  if (hit) return hit;
  // One seek per product on an index led by (import_id, product): no scan of the snapshot.
  const has = db.prepare('SELECT 1 FROM propensity WHERE import_id = ? AND product = ? LIMIT 1').pluck();
  const out = PRODUCTS.filter((p) => has.get(importId, p) !== undefined);
  if (sha !== undefined) productsByHash.set(sha, out);
  return out;
}

/**
 * Which current report's row wins for a product (domain.md, "One customer, one product, one
 * answer"): the later snapshot; on the same date, the report dedicated to the product; then the
 * later import. Negative when a wins over b.
 */
function precedence(a: ImportRef, b: ImportRef, product: Product): number {
  if (a.snapshot !== b.snapshot) return a.snapshot > b.snapshot ? -1 : 1;
  const da = DEDICATED_REPORT[product] === a.report;
  const db = DEDICATED_REPORT[product] === b.report;
  if (da !== db) return da ? -1 : 1;
  return b.id - a.id;
}

export function shadowsOf(db: DB, asOf?: string, imports = currentImports(db, asOf)): Shadow[] {
  const current = imports.filter((i) => PROPENSITY_REPORTS.includes(i.report));
  if (current.length < 2) return [];
  const products = new Map(current.map((i) => [i.id, productsOf(db, i.id)]));
  const out: Shadow[] = [];
  for (const product of PRODUCTS) {
    const carriers = current.filter((i) => products.get(i.id)!.includes(product));
    if (carriers.length < 2) continue;
    carriers.sort((a, b) => precedence(a, b, product));
    for (let l = 1; l < carriers.length; l++)
      for (let w = 0; w < l; w++) out.push({ loser: carriers[l]!.id, winner: carriers[w]!.id, product });
  }
  return out;
}

export interface Where {
  sql: string;
  params: unknown[];
}

/**
 * The one definition of current propensity rows, as a WHERE over `propensity <alias>`: rows of
 * the current snapshots, less those a winning report replaces. The shadow test is a plain
 * `customer_id IN (…)` per pair, which SQLite evaluates once into a keyed set; `+` keeps the
 * planner from turning it into lookups by customer. With no product carried twice (the usual
 * case) it adds nothing.
 */
export function currentRowsWhere(
  db: DB,
  alias = 'p',
  asOf?: string,
  opts: { oneCustomer?: boolean } = {},
): Where {
  const imports = currentImports(db, asOf);
  const ids = imports.filter((i) => PROPENSITY_REPORTS.includes(i.report)).map((i) => i.id);
  const shadows = shadowsOf(db, asOf, imports);
  const params: unknown[] = [...ids];
  // `oneCustomer`: the caller adds `customer_id = ?`; `+` keeps SQLite on the key index then, not
  // on an import_id-led one that would scan a whole import per customer.
  let sql = `${opts.oneCustomer ? '+' : ''}${alias}.import_id IN (${placeholders(ids.length)})`;
  if (shadows.length) {
    const shadowed = shadowedSql(alias, shadows, params);
    sql += ` AND NOT ${shadowed}`;
  }
  return { sql, params };
}

/** The rows of current snapshots that a winning report replaces (see currentRowsWhere). */
export function shadowedRowsWhere(db: DB, alias = 'p', asOf?: string): Where | null {
  const shadows = shadowsOf(db, asOf);
  if (!shadows.length) return null;
  const params: unknown[] = [];
  return { sql: shadowedSql(alias, shadows, params), params };
}

function shadowedSql(alias: string, shadows: Shadow[], params: unknown[]): string {
  const tests = shadows.map((s) => {
    params.push(s.loser, s.product, s.winner, s.product);
    return `(${alias}.import_id = ? AND ${alias}.product = ? AND +${alias}.customer_id IN (SELECT sq.customer_id FROM propensity sq WHERE sq.import_id = ? AND sq.product = ?))`;
  });
  return `(${tests.join(' OR ')})`;
}

/**
 * The one key of every cache over the data (memo, derived_cache, the call list's book, the row
 * store): the app version that computes, the workspace's data generation (bumped by every
 * writer through cache/data-version.ts bumpDataVersion), the settings, and the current imports
 * as of `asOf` (by id, content and date: today's set moves with the date alone). `rows`: the
 * key of what the rows hold, without the settings no row depends on (the priority weights), so
 * that the row store outlives a change of the call list's ranking. Outside a transaction it
 * is read again only when this connection wrote (total_changes()), another one committed
 * (PRAGMA data_version) or the date moved; so memo, asked with every block the grid pages in,
 * costs two small reads, as before.
 */
export function dataVersionKey(db: DB, asOf?: string, scope: 'all' | 'rows' = 'all'): string {
  if (db.inTransaction) return readDataVersionKey(db, asOf, scope);
  const version = db.pragma('data_version', { simple: true }) as number;
  const changes = db.prepare('SELECT total_changes()').pluck().get() as number;
  const probe = `${version}:${changes}:${todayIso()}`;
  let kept = keys.get(db);
  if (kept?.probe !== probe) keys.set(db, (kept = { probe, byAsOf: new Map() }));
  const at = `${scope}\u0000${asOf ?? ''}`;
  let key = kept.byAsOf.get(at);
  if (key === undefined) kept.byAsOf.set(at, (key = readDataVersionKey(db, asOf, scope)));
  return key;
}

const keys = new WeakMap<DB, { probe: string; byAsOf: Map<string, string> }>();

function readDataVersionKey(db: DB, asOf: string = todayIso(), scope: 'all' | 'rows' = 'all'): string {
  const imports = db
    .prepare(`SELECT id, sha256, snapshot FROM imports i WHERE ${CURRENT} ORDER BY id`)
    .raw()
    .all(asOf) as [number, string, string][];
  return [
    APP_VERSION,
    `g${dataGeneration(db)}`,
    `s${settingsDigest(db, scope)}`,
    imports.map((i) => i.join(':')).join(','),
  ].join(';');
}

/** Key of derived figures: the data version key (kept under its older name). */
export function currentKey(db: DB, asOf?: string): string {
  return dataVersionKey(db, asOf);
}

/** Memoises a figure over the current data in the cache, by the data version key. */
export function derived<T>(db: DB, name: string, compute: () => T, asOf?: string): T {
  const key = derivedKey(db, name, asOf);
  const hit = readDerived<T>(db, key);
  if (hit !== undefined) return hit;
  const value = compute();
  writeDerived(db, key, value);
  return value;
}

/** derived() for a figure computed asynchronously: the key is taken before, so a snapshot imported meanwhile cannot receive it. */
export async function derivedAsync<T>(db: DB, name: string, compute: () => Promise<T>): Promise<T> {
  const key = derivedKey(db, name);
  const hit = readDerived<T>(db, key);
  if (hit !== undefined) return hit;
  const value = await compute();
  writeDerived(db, key, value);
  return value;
}

function derivedKey(db: DB, name: string, asOf?: string): string {
  return `${name}:${currentKey(db, asOf)}`;
}

function readDerived<T>(db: DB, key: string): T | undefined {
  const hit = db.prepare('SELECT value FROM derived_cache WHERE key = ?').get(key) as
    { value: string } | undefined;
  return hit ? (JSON.parse(hit.value) as T) : undefined;
}

function writeDerived(db: DB, key: string, value: unknown): void {
  if (db.readonly) return;
  try {
    db.prepare('INSERT OR REPLACE INTO derived_cache (key, value) VALUES (?, ?)').run(
      key,
      JSON.stringify(value),
    );
  } catch (e) {
    // Another connection is writing (an import): the figure is still right, just not kept.
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
  }
}

export function placeholders(n: number): string {
  return n ? Array(n).fill('?').join(', ') : 'NULL';
}
