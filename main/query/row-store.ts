import type { DB } from '../cache/db';
import { BLANK, FACET_FIELDS, type Filters, type RowsQuery } from '../../shared/filters';
import { currentImports, currentPropensityIds, placeholders } from './current';
import { activeFilters, whereOf } from './rows';

/**
 * The current rows' filter and sort columns in memory, each value coded by its rank among the
 * column's distinct values. A page at any depth under any filter and sort then costs a pass over
 * typed arrays (a few ms at 1.5M rows), where SQLite must sort every matching row (0.6–1 s) or
 * walk an index up to the offset, row by row. SQL stays the reference: `whereOf` and `orderBy`
 * define the semantics, the tests hold this store to them, and exports and the CLI use SQL.
 * Built in the background on a connection of its own (see Service); until then, and whenever
 * the current data changes, pages come from SQL.
 */

type Value = string | number | null;
type Codes = Uint8Array | Uint16Array | Uint32Array;

/** A column: each value coded by its rank among the column's distinct values; code `size` is NULL. */
interface Column {
  size: number;
  codes: Codes;
  /** Codes per customer record (import × customer) rather than per row. */
  perCustomer: boolean;
  /** The distinct values in order, kept for the columns that filters name (sorting needs only codes). */
  dict: Value[] | null;
}

/** Columns of the customer record, the same on every product row of a customer in an import. */
const CUSTOMER_COLUMNS = {
  customerId: 'customer_id',
  importId: 'import_id',
  accountName: 'account_name',
  country: 'country',
  area: 'area',
  industry: 'industry',
  vertical: 'vertical',
  orgSize: 'org_size',
  subSegment: 'sub_segment',
  domain: 'domain',
} as const;
const ROW_COLUMNS = {
  product: 'product',
  fit: 'fit',
  intent: 'intent',
  fitBand: 'fit_band',
  intentBand: 'intent_band',
  cell: 'cell',
  cluster: 'cluster',
  computedCluster: 'computed_cluster',
  whitespace: 'whitespace',
  upsell: 'upsell',
  whitespaceRevenue: 'ws_revenue',
} as const;
type StoreField = keyof typeof CUSTOMER_COLUMNS | keyof typeof ROW_COLUMNS | 'snapshot';
/** The columns a quick search looks in (as whereOf's LIKE does). */
const SEARCHED = ['accountName', 'customerId', 'domain'] as const;
/** Customer columns of nearly one value per customer: coded without a map of their values. */
const NEARLY_UNIQUE: ReadonlySet<StoreField> = new Set<StoreField>(['customerId', 'accountName', 'domain']);
/** Columns whose values are kept: the ones list filters and the mismatch test name. */
const KEEP_VALUES: ReadonlySet<StoreField> = new Set<StoreField>([...FACET_FIELDS, 'whitespace', 'upsell']);

const ROWS_PER_TURN = 20_000;

/**
 * Distinct values in SQLite's ascending order: numbers before text, text by code point (as
 * BINARY compares UTF-8 bytes). UTF-16 order, which `<` uses, differs from it only where a
 * surrogate meets U+E000–U+FFFF, so the slow comparison runs only when a surrogate is present.
 */
function sortValues(values: Value[]): number[] {
  const idx = values.map((_, c) => c).filter((c) => values[c] !== null);
  const surrogates = values.some((v) => typeof v === 'string' && /[\uD800-\uDFFF]/.test(v));
  const text = surrogates ? compareCodePoints : (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return idx.sort((a, b) => {
    const x = values[a]!;
    const y = values[b]!;
    if (typeof x === 'number') return typeof y === 'number' ? x - y : -1;
    return typeof y === 'number' ? 1 : text(x, y);
  });
}

function compareCodePoints(x: string, y: string): number {
  const len = Math.min(x.length, y.length);
  for (let i = 0; i < len; i++) {
    const c = x.charCodeAt(i);
    const d = y.charCodeAt(i);
    if (c === d) continue;
    const cs = c >= 0xd800 && c <= 0xdfff;
    const ds = d >= 0xd800 && d <= 0xdfff;
    return cs === ds ? c - d : cs ? 1 : -1;
  }
  return x.length - y.length;
}

/**
 * Builds a column while reading: codes in order of first sight, in the narrowest array that
 * holds them so far, renumbered by rank at the end. Without `dedupe` every added value gets a
 * code of its own (for columns of nearly unique values, where a map of them would cost more
 * than it saves); equal values still end with one rank.
 */
class ColumnBuilder {
  private readonly seen: Map<Value, number> | null;
  private readonly values: Value[] = [];
  private codes: Codes;
  constructor(capacity: number, dedupe = true) {
    this.codes = new Uint8Array(Math.max(16, capacity));
    this.seen = dedupe ? new Map() : null;
  }
  add(i: number, v: Value): void {
    let c = this.seen ? this.seen.get(v) : undefined;
    if (c === undefined) {
      c = this.values.length;
      this.seen?.set(v, c);
      this.values.push(v);
      if (c === 0x100 || c === 0x10000) this.codes = widen(this.codes, this.codes.length);
    }
    if (i >= this.codes.length) this.codes = widen(this.codes, this.codes.length * 2, true);
    this.codes[i] = c;
  }
  finish(count: number, perCustomer: boolean): Column & { dict: Value[] } {
    const order = sortValues(this.values);
    const remap = new Uint32Array(this.values.length);
    const dict: Value[] = [];
    for (const c of order) {
      const v = this.values[c]!;
      if (!dict.length || dict[dict.length - 1] !== v) dict.push(v);
      remap[c] = dict.length - 1;
    }
    // NULL's code: one past the ranks, which never needs a wider array than the codes had.
    for (let c = 0; c < this.values.length; c++) if (this.values[c] === null) remap[c] = dict.length;
    const codes = this.codes.length === count ? this.codes : this.codes.slice(0, count);
    for (let i = 0; i < count; i++) codes[i] = remap[codes[i]!]!;
    return { size: dict.length, codes, perCustomer, dict };
  }
}

/** The codes in the next wider array (or the same width, longer, when `sameWidth`). */
function widen(codes: Codes, length: number, sameWidth = false): Codes {
  const next =
    sameWidth || codes instanceof Uint32Array
      ? new (codes.constructor as new (n: number) => Codes)(length)
      : codes instanceof Uint8Array
        ? new Uint16Array(length)
        : new Uint32Array(length);
  next.set(codes);
  return next;
}

/** A column's values, ASCII lower-cased and joined by NUL, for substring search in one pass. */
interface Haystack {
  text: string;
  /** Where value c starts; starts[size] is text.length + 1. */
  starts: Uint32Array;
}

function haystackOf(dict: Value[]): Haystack {
  const parts = dict.map(String);
  const starts = new Uint32Array(parts.length + 1);
  for (let c = 0, at = 0; c <= parts.length; c++) {
    starts[c] = at;
    at += (parts[c]?.length ?? 0) + 1;
  }
  // Lower-casing ASCII keeps every length, so the whole text is lowered at once.
  return { text: lowerAscii(parts.join('\u0000')), starts };
}

/** Which data a store holds: the current imports (by content) and the settings that computed its clusters. */
export function rowStoreKey(db: DB): string {
  const ids = currentPropensityIds(db);
  const imports = ids.length
    ? (
        db
          .prepare(
            `SELECT id, sha256, snapshot FROM imports WHERE id IN (${placeholders(ids.length)}) ORDER BY id`,
          )
          .all(...ids) as { id: number; sha256: string; snapshot: string }[]
      ).map((i) => `${i.id}:${i.sha256}:${i.snapshot}`)
    : [];
  const settings = db.prepare('SELECT key, value FROM settings ORDER BY key').all() as {
    key: string;
    value: string;
  }[];
  return JSON.stringify([imports, settings]);
}

/** A last-used-first cache of a few entries. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  has(key: string): boolean {
    return this.map.has(key);
  }
  get(key: string, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    const v = make();
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, v);
    return v;
  }
}

interface Matching {
  /** 1 for each row that passes; null when every row does. */
  mask: Uint8Array | null;
  total: number;
}

/** The flags of the current imports: which customer records have each flag. */
interface Flags {
  byId: Map<number, Uint8Array>;
  idByName: Map<string, number>;
  eosIds: number[];
}

export class RowStore {
  private readonly orders = new Lru<Uint32Array>(6);
  private readonly matches = new Lru<Matching>(6);
  private readonly sqlMasks = new Lru<Uint8Array>(4);
  private readonly lookup = new Map<StoreField, Map<Value, number>>();
  private tie: Uint32Array | null = null;

  private constructor(
    readonly key: string,
    /** Row i's rowid, ascending. */
    private readonly rowids: Uint32Array | Float64Array,
    /** Row i's customer record. */
    private readonly customerOf: Uint32Array,
    private readonly columns: Record<StoreField, Column>,
    private readonly haystacks: Record<(typeof SEARCHED)[number], Haystack>,
    private readonly flags: Flags,
    readonly customers: number,
  ) {}

  get size(): number {
    return this.rowids.length;
  }

  /**
   * Reads the current rows in rowid order (a sequential scan) inside one read transaction, giving
   * the event loop a turn every ROWS_PER_TURN rows. Returns null when `cancelled()` turns true.
   */
  static async build(db: DB, cancelled: () => boolean = () => false): Promise<RowStore | null> {
    db.exec('BEGIN');
    try {
      const key = rowStoreKey(db);
      const ids = currentPropensityIds(db);
      const snapshots = new Map(currentImports(db).map((i) => [i.id, i.snapshot]));
      const inCurrent = `import_id IN (${placeholders(ids.length)})`;
      const count = (table: string) =>
        ids.length
          ? (db
              .prepare(`SELECT COUNT(*) FROM ${table} WHERE ${inCurrent}`)
              .pluck()
              .get(...ids) as number)
          : 0;
      const n = count('propensity');
      const customerNames = Object.keys(CUSTOMER_COLUMNS) as (keyof typeof CUSTOMER_COLUMNS)[];
      const rowNames = Object.keys(ROW_COLUMNS) as (keyof typeof ROW_COLUMNS)[];
      const sql = `SELECT rowid, ${[
        ...customerNames.map((k) => CUSTOMER_COLUMNS[k]),
        ...rowNames.map((k) => ROW_COLUMNS[k]),
      ].join(', ')} FROM propensity WHERE ${inCurrent} ORDER BY rowid`;
      const maxRowid = ids.length
        ? (db
            .prepare(`SELECT MAX(rowid) FROM propensity WHERE ${inCurrent}`)
            .pluck()
            .get(...ids) as number)
        : 0;
      const rowids = maxRowid <= 0xffffffff ? new Uint32Array(n) : new Float64Array(n);
      const customerOf = new Uint32Array(n);
      const customerCapacity = count('customers');
      const customerBuilders = customerNames.map(
        (k) => new ColumnBuilder(customerCapacity, !NEARLY_UNIQUE.has(k)),
      );
      const rowBuilders = rowNames.map(() => new ColumnBuilder(n));
      const snapshotBuilder = new ColumnBuilder(n);
      // Customer records by import and customer ID. A customer's product rows are written one
      // after another, so a record is looked up only when the customer changes.
      const records = new Map<number, Map<string, number>>(ids.map((id) => [id, new Map()]));
      let recordCount = 0;
      let lastImport = -1;
      let lastCustomer = '';
      let record = -1;
      let i = 0;
      const base = 1 + customerNames.length;
      for (const r of db
        .prepare(sql)
        .raw()
        .iterate(...ids) as IterableIterator<Value[]>) {
        if (i >= n) throw new Error('the cache changed while it was read');
        rowids[i] = r[0] as number;
        const customerId = r[1] as string;
        const importId = r[2] as number;
        if (importId !== lastImport || customerId !== lastCustomer) {
          const ofImport = records.get(importId)!;
          let rec = ofImport.get(customerId);
          if (rec === undefined) {
            rec = recordCount++;
            ofImport.set(customerId, rec);
            for (let c = 0; c < customerNames.length; c++) customerBuilders[c]!.add(rec, r[1 + c]!);
          }
          record = rec;
          lastImport = importId;
          lastCustomer = customerId;
        }
        customerOf[i] = record;
        for (let c = 0; c < rowNames.length; c++) rowBuilders[c]!.add(i, r[base + c]!);
        snapshotBuilder.add(i, snapshots.get(importId) ?? null);
        if (++i % ROWS_PER_TURN === 0) {
          await new Promise((resolve) => setImmediate(resolve));
          if (cancelled()) return null;
        }
      }
      if (i !== n) throw new Error('the cache changed while it was read');
      if (cancelled()) return null;

      const flags: Flags = { byId: new Map(), idByName: new Map(), eosIds: [] };
      for (const f of db.prepare('SELECT id, name, kind FROM flag_names').all() as {
        id: number;
        name: string;
        kind: string;
      }[]) {
        flags.idByName.set(f.name, f.id);
        if (f.kind === 'eos') flags.eosIds.push(f.id);
      }
      const flagRows = ids.length
        ? (db
            .prepare(`SELECT import_id, customer_id, flag_id FROM flags WHERE ${inCurrent}`)
            .raw()
            .iterate(...ids) as IterableIterator<[number, string, number]>)
        : [];
      let seen = 0;
      for (const [importId, customerId, flagId] of flagRows) {
        const rec = records.get(importId)?.get(customerId);
        if (rec !== undefined) {
          let set = flags.byId.get(flagId);
          if (!set) flags.byId.set(flagId, (set = new Uint8Array(recordCount)));
          set[rec] = 1;
        }
        if (++seen % ROWS_PER_TURN === 0) {
          await new Promise((resolve) => setImmediate(resolve));
          if (cancelled()) return null;
        }
      }

      const columns = {} as Record<StoreField, Column>;
      const haystacks = {} as Record<(typeof SEARCHED)[number], Haystack>;
      const keep = (field: StoreField, col: Column & { dict: Value[] }) => {
        if ((SEARCHED as readonly string[]).includes(field))
          haystacks[field as (typeof SEARCHED)[number]] = haystackOf(col.dict);
        columns[field] = { ...col, dict: KEEP_VALUES.has(field) ? col.dict : null };
      };
      customerNames.forEach((k, c) => keep(k, customerBuilders[c]!.finish(recordCount, true)));
      rowNames.forEach((k, c) => keep(k, rowBuilders[c]!.finish(n, false)));
      keep('snapshot', snapshotBuilder.finish(n, false));
      const store = new RowStore(key, rowids, customerOf, columns, haystacks, flags, recordCount);
      store.tieBreak(); // every order starts from it: the first page should not wait for it
      return store;
    } finally {
      db.exec('COMMIT');
    }
  }

  /** How many rows a filter set passes. */
  count(db: DB, filters: Filters): number {
    return this.matching(db, filters).total;
  }

  /** Whether a sort's order is at hand (else the next page in it sorts every row first). */
  sorted(sort: RowsQuery['sort']): boolean {
    return this.orders.has(JSON.stringify(sort ?? []));
  }

  /** The total and the rowids of one page, in the query's order. */
  page(
    db: DB,
    q: Required<Pick<RowsQuery, 'filters' | 'offset' | 'limit'>> & Pick<RowsQuery, 'sort'>,
  ): { total: number; ids: number[] } {
    const { mask, total } = this.matching(db, q.filters);
    if (q.limit === 0 || q.offset >= total) return { total, ids: [] };
    const order = this.order(q.sort ?? []);
    const ids: number[] = [];
    let skip = q.offset;
    for (let j = 0; j < order.length && ids.length < q.limit; j++) {
      const r = order[j]!;
      if (mask && !mask[r]) continue;
      if (skip > 0) skip--;
      else ids.push(this.rowids[r]!);
    }
    return { total, ids };
  }

  /**
   * The rows in a sort's order: stable counting sorts from the last key to the first, over the
   * tie-break order (customer, product, import) in the first key's direction. Blanks go last in
   * either direction, as orderBy puts them.
   */
  private order(sort: NonNullable<RowsQuery['sort']>): Uint32Array {
    return this.orders.get(JSON.stringify(sort), () => {
      let perm = this.tieBreak();
      // The tie-break runs in the first key's direction: the last pass reads it backwards.
      let backwards = sort[0]?.dir === 'desc';
      for (let k = sort.length - 1; k >= 0; k--) {
        const field: StoreField = sort[k]!.field; // every sortable row key is held
        perm = this.sortBy(perm, field, sort[k]!.dir === 'desc', backwards);
        backwards = false;
      }
      return backwards ? perm.slice().reverse() : perm;
    });
  }

  /** The order of ties: customer, product, import, ascending. Every order starts from it. */
  private tieBreak(): Uint32Array {
    if (this.tie) return this.tie;
    const perm = new Uint32Array(this.size);
    for (let i = 0; i < perm.length; i++) perm[i] = i;
    for (const field of ['importId', 'product', 'customerId'] as const)
      perm.set(this.sortBy(perm, field, false, false));
    return (this.tie = perm);
  }

  /** `perm` (read backwards if asked) stably sorted by a field: a counting sort, as codes are ranks. */
  private sortBy(perm: Uint32Array, field: StoreField, desc: boolean, backwards: boolean): Uint32Array {
    const { size, codes, perCustomer } = this.columns[field];
    const customerOf = this.customerOf;
    // Each code's bucket: ranks up or down, NULL last either way.
    const bucket = new Uint32Array(size + 1);
    for (let c = 0; c < size; c++) bucket[c] = desc ? size - 1 - c : c;
    bucket[size] = size;
    const starts = new Uint32Array(size + 2);
    const n = perm.length;
    if (perCustomer) for (let i = 0; i < n; i++) starts[bucket[codes[customerOf[i]!]!]! + 1]!++;
    else for (let i = 0; i < n; i++) starts[bucket[codes[i]!]! + 1]!++;
    for (let k = 1; k < starts.length; k++) starts[k]! += starts[k - 1]!;
    const out = new Uint32Array(n);
    for (let j = 0; j < n; j++) {
      const r = perm[backwards ? n - 1 - j : j]!;
      out[starts[bucket[codes[perCustomer ? customerOf[r]! : r]!]!]!++] = r;
    }
    return out;
  }

  /** The rows a filter set passes, and how many. */
  private matching(db: DB, f: Filters): Matching {
    return this.matches.get(JSON.stringify(f), () => {
      if (!activeFilters(f).length) return { mask: null, total: this.size };
      const mask = new Uint8Array(this.size).fill(1);
      const byCustomer = new Uint8Array(this.customers).fill(1);
      let customerTests = 0;
      const keep = (field: StoreField, values: readonly Value[]) => {
        const col = this.columns[field];
        const ok = this.allowed(field, values);
        if (col.perCustomer) customerTests++;
        const target = col.perCustomer ? byCustomer : mask;
        for (let i = 0; i < target.length; i++) if (target[i] && !ok[col.codes[i]!]) target[i] = 0;
      };
      for (const field of FACET_FIELDS) if (f[field]?.length) keep(field, f[field]!);
      if (f.whitespace !== undefined) keep('whitespace', [f.whitespace ? 1 : 0]);
      if (f.upsell !== undefined) keep('upsell', [f.upsell ? 1 : 0]);
      if (f.mismatch !== undefined) {
        const a = this.columns.cluster;
        const b = this.columns.computedCluster;
        for (let i = 0; i < mask.length; i++) {
          if (!mask[i]) continue;
          const x = a.codes[i]!;
          const y = b.codes[i]!;
          const differ = x !== a.size && y !== b.size && a.dict![x] !== b.dict![y];
          if (differ !== f.mismatch) mask[i] = 0;
        }
      }
      const search = f.search?.trim();
      if (search) {
        customerTests++;
        this.search(search, byCustomer);
      }
      if (f.eos !== undefined) {
        customerTests++;
        const sets = this.flags.eosIds.flatMap((id) => this.flags.byId.get(id) ?? []);
        for (let e = 0; e < byCustomer.length; e++) if (sets.some((s) => s[e]) !== f.eos) byCustomer[e] = 0;
      }
      for (const name of f.flag ?? []) {
        customerTests++;
        const id = this.flags.idByName.get(name);
        const set = id === undefined ? undefined : this.flags.byId.get(id);
        for (let e = 0; e < byCustomer.length; e++) if (!set?.[e]) byCustomer[e] = 0;
      }
      if (customerTests)
        for (let i = 0; i < mask.length; i++) if (mask[i] && !byCustomer[this.customerOf[i]!]) mask[i] = 0;
      // Movement compares with the previous snapshot, which the store does not hold: its rows
      // come from SQL, once per data.
      if (f.movedIntoActNow !== undefined) {
        const moved = this.sqlRows(db, { movedIntoActNow: true });
        const want = f.movedIntoActNow ? 1 : 0;
        for (let i = 0; i < mask.length; i++) if (mask[i] && moved[i] !== want) mask[i] = 0;
      }
      let total = 0;
      for (let i = 0; i < mask.length; i++) total += mask[i]!;
      return { mask, total };
    });
  }

  /** A list filter's values as a test on codes (BLANK is NULL). */
  private allowed(field: StoreField, values: readonly Value[]): Uint8Array {
    const col = this.columns[field];
    let index = this.lookup.get(field);
    if (!index) this.lookup.set(field, (index = new Map(col.dict!.map((v, c) => [v, c]))));
    const ok = new Uint8Array(col.size + 1);
    for (const v of values) {
      const c = v === BLANK ? col.size : index.get(v);
      if (c !== undefined) ok[c] = 1;
    }
    return ok;
  }

  /** LIKE '%text%' over account name, customer ID and domain: a substring, ASCII case folded. */
  private search(text: string, byCustomer: Uint8Array): void {
    const needle = lowerAscii(text);
    const hits = SEARCHED.map((field) => {
      const { text: hay, starts } = this.haystacks[field];
      const ok = new Uint8Array(starts.length); // the last code, NULL, never matches
      if (needle.includes('\u0000')) {
        for (let c = 0; c + 1 < starts.length; c++)
          if (hay.slice(starts[c], starts[c + 1]! - 1).includes(needle)) ok[c] = 1;
      } else {
        for (let at = hay.indexOf(needle); at >= 0;) {
          const c = valueAt(starts, at);
          ok[c] = 1;
          at = hay.indexOf(needle, starts[c + 1]!);
        }
      }
      return { codes: this.columns[field].codes, ok };
    });
    for (let e = 0; e < byCustomer.length; e++) {
      if (byCustomer[e] && !hits.some((h) => h.ok[h.codes[e]!])) byCustomer[e] = 0;
    }
  }

  /** Which rows a filter (over tables the store does not hold) passes, by SQL. */
  private sqlRows(db: DB, f: Filters): Uint8Array {
    return this.sqlMasks.get(JSON.stringify(f), () => {
      const w = whereOf(db, f);
      const out = new Uint8Array(this.size);
      const stmt = db.prepare(`SELECT p.rowid FROM propensity p WHERE ${w.sql}`).pluck();
      for (const id of stmt.iterate(...w.params) as IterableIterator<number>) {
        const i = this.indexOf(id);
        if (i >= 0) out[i] = 1;
      }
      return out;
    });
  }

  /** Row index of a rowid (rowids ascend). */
  private indexOf(id: number): number {
    let lo = 0;
    let hi = this.rowids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.rowids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** The value whose text holds position `at` of a haystack. */
function valueAt(starts: Uint32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function lowerAscii(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
