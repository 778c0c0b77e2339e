import type { DB } from '../cache/db';
import { FACET_FIELDS, type Filters, type RowsQuery } from '../../shared/filters';
import { currentImports, currentPropensityIds, placeholders, shadowedRowsWhere } from './current';
import { applyFilters, RANGE_FIELDS, type MaskField, type StoreMask } from './filter-masks';
import { whereOf } from './filter-sql';
import { BLANK, activeFilters, rangeCounts, topValues } from './query-model';
import { Lru } from './memo';
import { Turns } from './turns';
import type { FacetsOut } from '../../shared/api';

/**
 * The current rows' filter and sort columns in memory, each value coded by its rank among the
 * column's distinct values. A page at any depth under any filter and sort then costs a few passes
 * over typed arrays (10–30 ms at 1.5M rows), where SQLite must sort every matching row (0.6–1 s)
 * or walk an index up to the offset, row by row; facets, one pass (≈ 0.1 s instead of 1–7 s). SQL stays the reference: `whereOf` and `orderBy`
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
  salesTerritory: 'sales_territory',
  industry: 'industry',
  vertical: 'vertical',
  orgSize: 'org_size',
  subSegment: 'sub_segment',
  domain: 'domain',
} as const;
/** Columns of each product row. */
const PER_ROW_COLUMNS = {
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
type StoreField = keyof typeof CUSTOMER_COLUMNS | keyof typeof PER_ROW_COLUMNS | 'snapshot';
/** The columns a quick search looks in (filter-sql.ts SEARCHED_COLUMNS, as its LIKE does). */
const SEARCHED = ['accountName', 'customerId', 'domain'] as const;
/** Customer columns of nearly one value per customer: coded without a map of their values. */
const NEARLY_UNIQUE: ReadonlySet<StoreField> = new Set<StoreField>(['customerId', 'accountName', 'domain']);
/** Columns whose values are kept: the ones list filters, ranges and the mismatch test name. */
const KEEP_VALUES: ReadonlySet<StoreField> = new Set<StoreField>([
  ...FACET_FIELDS,
  'whitespace',
  'upsell',
  ...RANGE_FIELDS,
]);

const RADIX_BITS = 11;

/**
 * Distinct values in SQLite's ascending order: numbers before text, text by code point (as
 * BINARY compares UTF-8 bytes). UTF-16 order, which `<` uses, differs from it only where a
 * surrogate meets U+E000–U+FFFF, so the slow comparison runs only when a surrogate is present.
 */
async function sortValues(values: Value[], turns: Turns): Promise<number[]> {
  const idx = values.map((_, c) => c).filter((c) => values[c] !== null);
  const surrogates = values.some((v) => typeof v === 'string' && /[\uD800-\uDFFF]/.test(v));
  const text = surrogates ? compareCodePoints : (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return sortInTurns(
    idx,
    (a, b) => {
      const x = values[a]!;
      const y = values[b]!;
      if (typeof x === 'number') return typeof y === 'number' ? x - y : -1;
      return typeof y === 'number' ? 1 : text(x, y);
    },
    turns,
  );
}

/**
 * A merge sort in slices, with turns between them: 500k account names take ≈ 0.4 s to sort, too
 * long to hold up the requests answered meanwhile.
 */
async function sortInTurns(
  items: number[],
  cmp: (a: number, b: number) => number,
  turns: Turns,
): Promise<number[]> {
  const SLICE = 32_768;
  let runs: number[][] = [];
  for (let i = 0; i < items.length; i += SLICE) {
    runs.push(items.slice(i, i + SLICE).sort(cmp));
    await turns.turn();
  }
  while (runs.length > 1) {
    const next: number[][] = [];
    for (let i = 0; i < runs.length; i += 2) {
      const [a, b] = [runs[i]!, runs[i + 1]];
      next.push(b ? merge(a, b, cmp) : a);
      await turns.turn();
    }
    runs = next;
  }
  return runs[0] ?? [];
}

function merge(a: number[], b: number[], cmp: (a: number, b: number) => number): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = cmp(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
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
  /** The column; `ranked` false keeps the values in the order they came (codes then only name them). */
  async finish(
    count: number,
    perCustomer: boolean,
    turns: Turns,
    ranked = true,
  ): Promise<Column & { dict: Value[] }> {
    const order = ranked
      ? await sortValues(this.values, turns)
      : this.values.flatMap((v, c) => (v === null ? [] : [c]));
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
  private readonly matches = new Lru<Matching>(6);
  private readonly sqlMasks = new Lru<Uint8Array>(4);
  private readonly lookup = new Map<StoreField, Map<Value, number>>();
  private eos: Uint8Array | null = null;
  private mismatches: Uint8Array | null = null;
  private scratch: Uint32Array | null = null;

  private constructor(
    readonly key: string,
    /** Row i's rowid. Rows and customer records are in the tie-break order (see inTieOrder). */
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
   * Reads the current rows, import by import along their rowids, inside one read transaction,
   * giving the event loop a turn every TURN_MS (./turns), between steps too. Returns null when
   * `cancelled()` turns true.
   */
  static async build(db: DB, cancelled: () => boolean = () => false): Promise<RowStore | null> {
    const turns = new Turns(cancelled);
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
      // Rows a winning report replaces (a product two current reports carry) are not current.
      const shadowed = shadowedRowsWhere(db, 'p');
      const skip = shadowed
        ? new Set(
            db
              .prepare(`SELECT p.rowid FROM propensity p WHERE ${shadowed.sql}`)
              .pluck()
              .all(...shadowed.params) as number[],
          )
        : null;
      const n = count('propensity') - (skip?.size ?? 0);
      const customerNames = Object.keys(CUSTOMER_COLUMNS) as (keyof typeof CUSTOMER_COLUMNS)[];
      const rowNames = Object.keys(PER_ROW_COLUMNS) as (keyof typeof PER_ROW_COLUMNS)[];
      // Each import's rows were written in one transaction, so they lie in one range of rowids:
      // read range by range, in rowid order. `+import_id` keeps the planner off the import_id
      // indexes, which would make it sort the whole snapshot before the first row (1.6 s).
      const ranges = db
        .prepare(
          `SELECT import_id AS id, MIN(rowid) AS lo, MAX(rowid) AS hi FROM propensity WHERE ${inCurrent} GROUP BY import_id ORDER BY lo`,
        )
        .all(...ids) as { id: number; lo: number; hi: number }[];
      const read = db
        .prepare(
          `SELECT rowid, ${[
            ...customerNames.map((k) => CUSTOMER_COLUMNS[k]),
            ...rowNames.map((k) => PER_ROW_COLUMNS[k]),
          ].join(', ')} FROM propensity WHERE rowid BETWEEN ? AND ? AND +import_id = ? ORDER BY rowid`,
        )
        .raw();
      function* currentRows(): Generator<Value[]> {
        for (const r of ranges) yield* read.iterate(r.lo, r.hi, r.id) as IterableIterator<Value[]>;
      }
      const maxRowid = Math.max(0, ...ranges.map((r) => r.hi));
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
      for (const r of currentRows()) {
        if (skip?.has(r[0] as number)) continue;
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
        if ((++i & 255) === 0 && turns.due() && (await turns.turn())) return null;
      }
      if (i !== n) throw new Error('the cache changed while it was read');

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
        if ((++seen & 255) === 0 && turns.due() && (await turns.turn())) return null;
      }

      const columns = {} as Record<StoreField, Column>;
      const haystacks = {} as Record<(typeof SEARCHED)[number], Haystack>;
      const finish = async (
        field: StoreField,
        builder: ColumnBuilder,
        count: number,
        perCustomer: boolean,
      ) => {
        // A domain is searched, never sorted: its values need no ranks.
        const col = await builder.finish(count, perCustomer, turns, field !== 'domain');
        if ((SEARCHED as readonly string[]).includes(field))
          haystacks[field as (typeof SEARCHED)[number]] = haystackOf(col.dict);
        columns[field] = { ...col, dict: KEEP_VALUES.has(field) ? col.dict : null };
        return turns.turn(true);
      };
      for (const [c, k] of customerNames.entries())
        if (await finish(k, customerBuilders[c]!, recordCount, true)) return null;
      for (const [c, k] of rowNames.entries()) if (await finish(k, rowBuilders[c]!, n, false)) return null;
      if (await finish('snapshot', snapshotBuilder, n, false)) return null;
      const arranged = await inTieOrder(
        { rowids, customerOf, columns, flags, customers: recordCount },
        turns,
      );
      if (!arranged) return null;
      return new RowStore(key, arranged.rowids, arranged.customerOf, columns, haystacks, flags, recordCount);
    } finally {
      db.exec('COMMIT');
    }
  }

  /** How many rows a filter set passes. */
  count(db: DB, filters: Filters): number {
    return this.matching(db, filters).total;
  }

  /**
   * The facets, counted as facets() counts them (its notes say how), over the store: a pass
   * over typed arrays (≈ 0.1 s at 1.5M rows) instead of a scan of the table (1–7 s).
   */
  async facets(db: DB, filters: Filters, limit: number): Promise<FacetsOut> {
    const base: Filters = { ...filters };
    for (const field of FACET_FIELDS) delete base[field];
    const { mask } = this.matching(db, base);
    const cols = FACET_FIELDS.map((f) => this.columns[f]);
    const oks = FACET_FIELDS.map((f) => (filters[f]?.length ? this.allowed(f, filters[f]!) : null));
    const counts = cols.map((c) => new Float64Array(c.size + 1));
    const whitespace = this.allowed('whitespace', [1]);
    const upsell = this.allowed('upsell', [1]);
    const eos = this.eosRecords();
    const flagSets = [...this.flags.idByName].map(([name, id]) => ({
      name,
      set: this.flags.byId.get(id),
      count: 0,
    }));
    const ws = this.columns.whitespace.codes;
    const up = this.columns.upsell.codes;
    // Movement as facets() counts it (the rows that moved, under the other filters), before the
    // turns below: SQL answers it, from the data this store holds only until they begin.
    const movedIntoActNow = this.count(db, { ...filters, movedIntoActNow: true });
    // The range counts too (the agreement ranges ask SQL), and for the same reason.
    const ranges = rangeCounts(filters, this.count(db, filters), (others) => this.count(db, others));
    const toggles = { whitespace: 0, upsell: 0, eos: 0, mismatch: 0, movedIntoActNow };
    const tested = cols.flatMap((_, k) => (oks[k] ? [k] : []));
    const rowLevel = cols.flatMap((c, k) => (c.perCustomer ? [] : [k]));
    const customerLevel = cols.flatMap((c, k) => (c.perCustomer ? [k] : []));
    // Rows that pass every filter, per customer record: customer columns, flags and eos are
    // then counted once per record rather than once per row.
    const passing = new Float64Array(this.customers);
    let total = 0;
    const turns = new Turns();
    for (let i = 0; i < this.size; i++) {
      if ((i & 4095) === 0 && turns.due()) await turns.turn();
      if (mask && !mask[i]) continue;
      const rec = this.customerOf[i]!;
      let fails = 0;
      let failed = -1;
      for (const k of tested) {
        const col = cols[k]!;
        if (!oks[k]![col.codes[col.perCustomer ? rec : i]!]) {
          failed = k;
          if (++fails > 1) break;
        }
      }
      if (fails === 1) {
        const col = cols[failed]!;
        counts[failed]![col.codes[col.perCustomer ? rec : i]!]!++;
      }
      if (fails !== 0) continue;
      for (const k of rowLevel) counts[k]![cols[k]!.codes[i]!]!++;
      passing[rec]!++;
      total++;
      toggles.whitespace += whitespace[ws[i]!]!;
      toggles.upsell += upsell[up[i]!]!;
      if (this.mismatchAt(i)) toggles.mismatch++;
    }
    for (let rec = 0; rec < passing.length; rec++) {
      const n = passing[rec]!;
      if (n === 0) continue;
      for (const k of customerLevel) counts[k]![cols[k]!.codes[rec]!]! += n;
      toggles.eos += eos[rec]! * n;
      for (const f of flagSets) if (f.set?.[rec]) f.count += n;
    }
    const lists: FacetsOut['lists'] = {};
    FACET_FIELDS.forEach((field, k) => {
      const { dict, size } = cols[k]!;
      const entries: [string | null, number][] = [];
      counts[k]!.forEach((n, c) => {
        if (n > 0) entries.push([c === size ? null : String(dict![c]), n]);
      });
      lists[field] = topValues(entries, limit);
    });
    const flags = topValues(
      flagSets.filter((f) => f.count > 0).map((f) => [f.name, f.count]),
      limit,
    );
    return { lists, toggles, flags, total, ...(ranges && { ranges }) };
  }

  /** Which customer records have an end-of-service flag. */
  private eosRecords(): Uint8Array {
    if (this.eos) return this.eos;
    const out = new Uint8Array(this.customers);
    for (const id of this.flags.eosIds) {
      const set = this.flags.byId.get(id);
      if (set) for (let e = 0; e < out.length; e++) out[e] ||= set[e]!;
    }
    return (this.eos = out);
  }

  /** The row's file cluster differs from its computed one (both set). */
  private mismatchAt(i: number): boolean {
    const a = this.columns.cluster;
    const b = this.columns.computedCluster;
    if (!this.mismatches) {
      // A table over the two columns' codes (each has a handful of values).
      this.mismatches = new Uint8Array((a.size + 1) * (b.size + 1));
      for (let x = 0; x < a.size; x++)
        for (let y = 0; y < b.size; y++)
          this.mismatches[x * (b.size + 1) + y] = a.dict![x] !== b.dict![y] ? 1 : 0;
    }
    return this.mismatches[a.codes[i]! * (b.size + 1) + b.codes[i]!] === 1;
  }

  /** The total and the rowids of one page, in the query's order. */
  page(
    db: DB,
    q: Required<Pick<RowsQuery, 'filters' | 'offset' | 'limit'>> & Pick<RowsQuery, 'sort'>,
  ): { total: number; ids: number[] } {
    const { mask, total } = this.matching(db, q.filters);
    if (q.limit === 0 || q.offset >= total) return { total, ids: [] };
    const sort = q.sort ?? [];
    // Ties go by customer, product and import in the first key's direction: the rows' own order,
    // read backwards for a descending sort.
    const rows = this.select(null, mask, sort, 0, q.offset, q.limit, sort[0]?.dir === 'desc');
    return { total, ids: rows.map((r) => this.rowids[r]!) };
  }

  /**
   * Rows [offset, offset + limit) of a sort's order, without sorting them all: counts of the
   * first key's values place the page among those values, and only the rows holding the values
   * the page spans are ordered further, by the next key, and so on. A page at any depth costs two
   * passes over the rows per key (≈ 10 ms at 1.5M). `rows` null: every row the mask passes, read
   * backwards if asked; else rows already in their tie order.
   */
  private select(
    rows: Uint32Array | null,
    mask: Uint8Array | null,
    sort: NonNullable<RowsQuery['sort']>,
    level: number,
    offset: number,
    limit: number,
    backwards: boolean,
  ): number[] {
    const n = rows ? rows.length : this.size;
    if (!rows && level === sort.length) {
      // No sort key: the page is the rows in reading order, found without reading further.
      const out: number[] = [];
      for (let j = 0, seen = 0; j < n && out.length < limit; j++) {
        const r = backwards ? n - 1 - j : j;
        if ((!mask || mask[r]) && seen++ >= offset) out.push(r);
      }
      return out;
    }
    // The rows in reading order. At the top level into buffers kept for it: allocating 12 MB a
    // request made the collector pause answers now and then.
    const order = rows ? new Uint32Array(n) : (this.scratch ??= new Uint32Array(2 * n)).subarray(0, n);
    let count = 0;
    for (let j = 0; j < n; j++) {
      const p = backwards ? n - 1 - j : j;
      const r = rows ? rows[p]! : p;
      if (rows || !mask || mask[r]) order[count++] = r;
    }
    if (level === sort.length) return Array.from(order.subarray(offset, Math.min(count, offset + limit)));
    const field: StoreField = sort[level]!.field; // every sortable row key is held
    const { size, codes, perCustomer } = this.columns[field];
    const desc = sort[level]!.dir === 'desc';
    const customerOf = this.customerOf;
    const buckets = rows ? new Uint32Array(count) : this.scratch!.subarray(n, n + count);
    const starts = new Uint32Array(size + 2);
    for (let j = 0; j < count; j++) {
      const r = order[j]!;
      const c = codes[perCustomer ? customerOf[r]! : r]!;
      const b = c === size ? size : desc ? size - 1 - c : c; // NULL last either way
      buckets[j] = b;
      starts[b + 1]!++;
    }
    for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
    const end = offset + limit;
    let first = 0;
    while (starts[first + 1]! <= offset) first++;
    let last = first;
    while (last < size && starts[last + 1]! < end) last++;
    // The rows of the values the page spans, grouped by value, each group in reading order.
    const base = starts[first]!;
    const picked = new Uint32Array(starts[last + 1]! - base);
    const fill = starts.slice(first, last + 1);
    for (let j = 0; j < count; j++) {
      const b = buckets[j]!;
      if (b >= first && b <= last) picked[fill[b - first]!++ - base] = order[j]!;
    }
    const out: number[] = [];
    for (let b = first; b <= last && out.length < limit; b++) {
      const from = Math.max(offset, starts[b]!);
      const to = Math.min(end, starts[b + 1]!);
      if (to <= from) continue;
      const group = picked.subarray(starts[b]! - base, starts[b + 1]! - base);
      for (const r of this.select(group, null, sort, level + 1, from - starts[b]!, to - from, false))
        out.push(r);
    }
    return out;
  }

  /** The rows a filter set passes, and how many: each filter's meaning is in filter-masks.ts. */
  private matching(db: DB, f: Filters): Matching {
    return this.matches.get(JSON.stringify(f), () => {
      if (!activeFilters(f).length) return { mask: null, total: this.size };
      const mask = new Uint8Array(this.size).fill(1);
      // Customer-level tests narrow the customer records, applied to the rows once at the end.
      const byCustomer = new Uint8Array(this.customers).fill(1);
      let customerTests = 0;
      const target: StoreMask = {
        keepValues: (field, values) => {
          const col = this.columns[field];
          const ok = this.allowed(field, values);
          if (col.perCustomer) customerTests++;
          const t = col.perCustomer ? byCustomer : mask;
          for (let i = 0; i < t.length; i++) if (t[i] && !ok[col.codes[i]!]) t[i] = 0;
        },
        keepRange: (field, min, max) => {
          const col = this.columns[field];
          const ok = new Uint8Array(col.size + 1); // the last code, NULL, never matches
          for (let c = 0; c < col.size; c++) {
            const v = col.dict![c] as number;
            ok[c] = (min === undefined || v >= min) && (max === undefined || v <= max) ? 1 : 0;
          }
          if (col.perCustomer) customerTests++;
          const t = col.perCustomer ? byCustomer : mask;
          for (let i = 0; i < t.length; i++) if (t[i] && !ok[col.codes[i]!]) t[i] = 0;
        },
        keepMismatch: (want) => {
          for (let i = 0; i < mask.length; i++) if (mask[i] && this.mismatchAt(i) !== want) mask[i] = 0;
        },
        keepSearch: (text) => {
          customerTests++;
          this.search(text, byCustomer);
        },
        keepEos: (want) => {
          customerTests++;
          const eos = this.eosRecords();
          const w = want ? 1 : 0;
          for (let e = 0; e < byCustomer.length; e++) if (eos[e] !== w) byCustomer[e] = 0;
        },
        keepFlag: (name) => {
          customerTests++;
          const id = this.flags.idByName.get(name);
          const set = id === undefined ? undefined : this.flags.byId.get(id);
          for (let e = 0; e < byCustomer.length; e++) if (!set?.[e]) byCustomer[e] = 0;
        },
        // Rows of a filter over tables the store does not hold (movement): from SQL, once per data.
        keepSql: (sql, want) => {
          const rows = this.sqlRows(db, sql);
          const w = want ? 1 : 0;
          for (let i = 0; i < mask.length; i++) if (mask[i] && rows[i] !== w) mask[i] = 0;
        },
      };
      applyFilters(f, target);
      if (customerTests)
        for (let i = 0; i < mask.length; i++) if (mask[i] && !byCustomer[this.customerOf[i]!]) mask[i] = 0;
      let total = 0;
      for (let i = 0; i < mask.length; i++) total += mask[i]!;
      return { mask, total };
    });
  }

  /** A list filter's values as a test on codes (BLANK is NULL). */
  private allowed(field: MaskField, values: readonly Value[]): Uint8Array {
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
      const ids = new Set(
        db
          .prepare(`SELECT p.rowid FROM propensity p WHERE ${w.sql}`)
          .pluck()
          .all(...w.params),
      );
      const out = new Uint8Array(this.size);
      if (ids.size) for (let i = 0; i < out.length; i++) if (ids.has(this.rowids[i]!)) out[i] = 1;
      return out;
    });
  }
}

/**
 * Puts the rows and customer records in the tie-break order (customer, product, import), so that
 * a sort's first pass, and a filter's, read every array in order. Null when cancelled.
 */
async function inTieOrder(
  parts: {
    rowids: Uint32Array | Float64Array;
    customerOf: Uint32Array;
    columns: Record<StoreField, Column>;
    flags: Flags;
    customers: number;
  },
  turns: Turns,
): Promise<{ rowids: Uint32Array | Float64Array; customerOf: Uint32Array } | null> {
  const { columns, customerOf, flags, customers } = parts;
  let tie: Uint32Array = new Uint32Array(customerOf.length);
  for (let i = 0; i < tie.length; i++) tie[i] = i;
  // The last pass decides first: by customer, then product, then import.
  for (const field of ['importId', 'product', 'customerId'] as const) {
    const col = columns[field];
    tie = sortByCodes(tie, col.codes, col.size, col.perCustomer ? customerOf : null);
    if (await turns.turn(true)) return null;
  }
  const rowids = gather(parts.rowids, tie);
  const byTie = gather(customerOf, tie);
  // Records numbered as they first appear in that order.
  const renumber = new Uint32Array(customers).fill(0xffffffff);
  const records = new Uint32Array(customers);
  let next = 0;
  for (let j = 0; j < byTie.length; j++) {
    const old = byTie[j]!;
    if (renumber[old] === 0xffffffff) {
      renumber[old] = next;
      records[next++] = old;
    }
    byTie[j] = renumber[old]!;
  }
  for (const col of Object.values(columns)) {
    col.codes = gather(col.codes, col.perCustomer ? records : tie);
    if (await turns.turn()) return null;
  }
  for (const [id, set] of flags.byId) flags.byId.set(id, gather(set, records));
  return { rowids, customerOf: byTie };
}

/** `a` in the order given: out[j] = a[order[j]]. */
function gather<T extends Codes | Float64Array>(a: T, order: ArrayLike<number>): T {
  const out = new (a.constructor as new (n: number) => T)(order.length);
  for (let j = 0; j < order.length; j++) out[j] = a[order[j]!]!;
  return out;
}

/**
 * `perm` stably sorted by codes, ascending (per customer record when `customerOf` is given).
 * The codes are ranks, so this is an LSD radix sort of (key, row) pairs, RADIX_BITS of the key
 * a pass: each pass writes to at most 2^RADIX_BITS places, which stay in cache where one pass
 * over 500k customer IDs' buckets would not.
 */
function sortByCodes(
  perm: Uint32Array,
  codes: Codes,
  size: number,
  customerOf: Uint32Array | null,
): Uint32Array {
  const n = perm.length;
  let keys = new Uint32Array(n);
  let rows = new Uint32Array(n);
  for (let j = 0; j < n; j++) {
    const r = perm[j]!;
    keys[j] = codes[customerOf ? customerOf[r]! : r]!;
    rows[j] = r;
  }
  let keysOut = new Uint32Array(n);
  let rowsOut = new Uint32Array(n);
  const mask = (1 << RADIX_BITS) - 1;
  for (let shift = 0; shift === 0 || size >>> shift > 0; shift += RADIX_BITS) {
    const starts = new Uint32Array(mask + 2);
    for (let j = 0; j < n; j++) starts[((keys[j]! >>> shift) & mask) + 1]!++;
    for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
    for (let j = 0; j < n; j++) {
      const k = keys[j]!;
      const at = starts[(k >>> shift) & mask]!++;
      keysOut[at] = k;
      rowsOut[at] = rows[j]!;
    }
    [keys, keysOut] = [keysOut, keys];
    [rows, rowsOut] = [rowsOut, rows];
  }
  return rows;
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
