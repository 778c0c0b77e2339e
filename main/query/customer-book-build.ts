/**
 * The phases of the call list's book's build (customer-book.ts buildBook) that read the row
 * store's parts: the customers and their records, the per-row facts, movement and end of
 * service; the priority's (agreements, whitespace ranks, points) are customer-book-priority.ts's.
 * Each is a small function of its own: long loops stay in functions the engine optimises (one
 * generator holding them all would run them unoptimised), and the generator between them gives
 * the event loop its turns. Loops over all customers or rows take `from, to` so that they run
 * in slices.
 */
import type { DB } from '../cache/db';
import { CLUSTERS } from '../../shared/domain/matrix';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { type ImportRef } from './current';
import { cents } from './customer-book-priority';
import { codesFor, compare, type Ranked, type Value } from './customer-rank';
import { compareCodePoints, type Codes, type Column } from './store/coding';
import type { StoreParts } from './store/parts';
import { valueOf } from './store/search';
import type { Steps } from './turns';

/** Items per slice of a loop between two steps. */
export const SLICE = 65_536;

const CLUSTER_RANK = new Map<Value, number>(CLUSTERS.map((c, i) => [c, i]));

/** Yes/no properties of a product row, as bits. */
export const ROW_BITS = { whitespace: 1, upsell: 2, movedIntoActNow: 4, mismatch: 8 } as const;

/** The store's customers: its records in customer ID order, one customer's one after another. */
export interface StoreCustomers {
  /** How many. */
  stored: number;
  customerOfRecord: Uint32Array;
  /** Each one's record its firmographics come from, among the store's. */
  firm: Int32Array;
}

export function storeCustomers(
  idCodes: Codes,
  recordSlot: Uint8Array,
  precedence: Uint8Array,
): StoreCustomers {
  const records = recordSlot.length;
  let stored = 0;
  for (let r = 0; r < records; r++) if (r === 0 || idCodes[r] !== idCodes[r - 1]) stored++;
  const customerOfRecord = new Uint32Array(records);
  const firm = new Int32Array(stored).fill(-1);
  for (let r = 0, c = -1; r < records; r++) {
    if (r === 0 || idCodes[r] !== idCodes[r - 1]) c++;
    customerOfRecord[r] = c;
    const had = firm[c]!;
    if (had < 0 || precedence[recordSlot[r]!]! > precedence[recordSlot[had]!]!) firm[c] = r;
  }
  return { stored, customerOfRecord, firm };
}

/** Customer records the store does not hold, and the customers that only they name. */
export interface OtherRecords {
  /** Customer IDs of customers without a store record (customers stored + i). */
  ids: string[];
  /** The records: their customer, import slot and rowid. */
  records: { c: number; slot: number; rowid: number }[];
  /** The agreements download's customers, by ID (for its agreement lines). */
  agreementCustomer: Map<string, number>;
}

/**
 * The agreements download's records, and a report's customers without a current product there.
 * Both the workspace's customers (by the customers key) and the store's are in customer ID
 * order (code points, as BINARY compares): the agreements download's are walked along the
 * store's customers; a report's, only in the ranges of IDs where the workspace counts more
 * customers than the store holds (halved until small), so that a few customers without products
 * among 500k cost a few counts over the index, not a read of every ID.
 */
export function* otherRecords(
  db: DB,
  imports: ImportRef[],
  parts: StoreParts,
  recordSlot: Uint8Array,
  store: StoreCustomers,
): Steps<OtherRecords> {
  const { stored, customerOfRecord } = store;
  const idCodes = parts.columns.customerId.codes;
  const hay = parts.haystacks.customerId;
  // The first record of each store customer, and the customer's ID.
  const first = firstRecords(customerOfRecord, stored);
  const idAt = (c: number) => valueOf(hay, idCodes[first[c]!]!);
  const bounded = (what: string, lo: boolean, hi: boolean) =>
    db.prepare(
      `SELECT ${what} FROM customers WHERE import_id = ?${lo ? ' AND customer_id >= ?' : ''}${hi ? ' AND customer_id < ?' : ''}${what === 'COUNT(*)' ? '' : ' ORDER BY customer_id'}`,
    );
  /** The workspace's customers of an import with IDs from store customer a's to b's (open at the ends). */
  const range = (what: 'COUNT(*)' | 'customer_id, rowid', importId: number, a: number, b: number) => {
    const params: unknown[] = [importId];
    if (a > 0) params.push(idAt(a));
    if (b < stored) params.push(idAt(b));
    return { stmt: bounded(what, a > 0, b < stored), params };
  };
  const out: OtherRecords = { ids: [], records: [], agreementCustomer: new Map() };
  const index = new Map<string, number>();

  /** Walks an import's customers with IDs in store customers [a, b)'s range along them. */
  function* walk(slot: number, imp: ImportRef, a: number, b: number): Steps<void> {
    const { stmt, params } = range('customer_id, rowid', imp.id, a, b);
    let c = a;
    let read = 0;
    for (const [id, rowid] of stmt.raw().iterate(...params) as IterableIterator<[string, number]>) {
      let cmp = -1;
      while (c < b && (cmp = compareCodePoints(idAt(c), id)) < 0) c++;
      let at: number;
      if (c < b && cmp === 0) {
        at = c;
        let has = false;
        for (let r = first[c]!; r < first[c + 1]! && !has; r++) has = recordSlot[r] === slot;
        if (!has) out.records.push({ c, slot, rowid });
      } else {
        let e = index.get(id);
        if (e === undefined) index.set(id, (e = out.ids.push(id) - 1));
        at = stored + e;
        out.records.push({ c: at, slot, rowid });
      }
      if (imp.report === 'agreements') out.agreementCustomer.set(id, at);
      if ((++read & 4095) === 0) yield;
    }
  }

  for (const [slot, imp] of imports.entries()) {
    if (imp.report === 'agreements') {
      yield* walk(slot, imp, 0, stored);
      continue;
    }
    const held = heldBefore(recordSlot, customerOfRecord, stored, slot);
    const pending: [number, number][] = [[0, stored]];
    while (pending.length) {
      const [a, b] = pending.pop()!;
      const { stmt, params } = range('COUNT(*)', imp.id, a, b);
      const all = stmt.pluck().get(...params) as number;
      const mine = held[b]! - held[a]!;
      if (mine > all) throw new Error('the row store holds customers the workspace does not');
      if (mine === all) continue;
      if (b - a <= 4096) yield* walk(slot, imp, a, b);
      else {
        const mid = (a + b) >>> 1;
        pending.push([mid, b], [a, mid]);
      }
      yield;
    }
  }
  return out;
}

/** The first record of each of `stored` customers (records are in customer order); first[stored] = records. */
function firstRecords(customerOfRecord: Uint32Array, stored: number): Uint32Array {
  const first = new Uint32Array(stored + 1).fill(customerOfRecord.length);
  for (let r = customerOfRecord.length - 1; r >= 0; r--) first[customerOfRecord[r]!] = r;
  return first;
}

/** held[c]: how many of the store customers [0, c) have a record in import `slot`. */
function heldBefore(
  recordSlot: Uint8Array,
  customerOfRecord: Uint32Array,
  stored: number,
  slot: number,
): Uint32Array {
  const held = new Uint32Array(stored + 1);
  for (let r = 0; r < recordSlot.length; r++) if (recordSlot[r] === slot) held[customerOfRecord[r]! + 1] = 1;
  for (let c = 0; c < stored; c++) held[c + 1]! += held[c]!;
  return held;
}

/** Rows by customer: the store's customers' in order, none for the others (n + 1 starts). */
export function rowStarts(customerOf: Uint32Array, customerOfRecord: Uint32Array, n: number): Uint32Array {
  const m = customerOf.length;
  const rowStart = new Uint32Array(n + 1).fill(m);
  for (let j = 0, c = -1; j < m; j++) {
    const cj = customerOfRecord[customerOf[j]!]!;
    while (c < cj) rowStart[++c] = j;
  }
  return rowStart;
}

/**
 * A list (or org size) column of the book: the store's column of the winning record, with the
 * other records' values merged in, ranked in `<` order (the reference's) over the values in use.
 */
export function listColumn(col: Column, winner: Int32Array, otherValues: Value[]): Ranked {
  const n = winner.length;
  const used = new Uint8Array(col.size + 1);
  const others = new Set<Value>();
  for (let c = 0; c < n; c++) {
    const w = winner[c]!;
    if (w >= 0) used[col.codes[w]!] = 1;
    else others.add(otherValues[-1 - w]!);
  }
  const distinct = new Set<Value>(col.dict!.filter((_, k) => used[k]));
  for (const v of others) if (v !== null) distinct.add(v);
  const dict = [...distinct].sort(compare);
  const rank = new Map<Value, number>(dict.map((v, k) => [v, k]));
  rank.set(null, dict.length);
  const fromStore = Uint32Array.from({ length: col.size + 1 }, (_, k) =>
    k === col.size ? dict.length : (rank.get(col.dict![k]!) ?? 0),
  );
  const codes = codesFor(n, dict.length);
  for (let c = 0; c < n; c++) {
    const w = winner[c]!;
    codes[c] = w >= 0 ? fromStore[col.codes[w]!]! : rank.get(otherValues[-1 - w]!)!;
  }
  return { codes, size: dict.length, dict };
}

/** What the book keeps per customer from its product rows, and the rows' own bits. */
export interface RowFacts {
  rowBits: Uint8Array;
  /** Whitespace revenue in cents, and whether any (a blank otherwise). */
  wsCents: Float64Array;
  wsAny: Uint8Array;
  /** Whitespace revenue in Act Now and Evaluate products, in cents. */
  hot: Float64Array;
  /** The best cluster's index in CLUSTERS (CLUSTERS.length: none). */
  best: Uint8Array;
}

/** Tables over the store's row codes that the per-row pass reads. */
export function rowTables(parts: StoreParts) {
  const sc = parts.columns;
  const dictOf = (f: 'cluster' | 'computedCluster' | 'whitespace' | 'upsell' | 'whitespaceRevenue') => [
    ...sc[f].dict!,
    null,
  ];
  const clusters = dictOf('cluster');
  const computed = dictOf('computedCluster');
  const mismatch = new Uint8Array(clusters.length * computed.length);
  clusters.forEach((a, x) =>
    computed.forEach((b, y) => {
      mismatch[x * computed.length + y] = a !== null && b !== null && a !== b ? 1 : 0;
    }),
  );
  return {
    isWs: Uint8Array.from(dictOf('whitespace'), (v) => (v === 1 ? 1 : 0)),
    isUp: Uint8Array.from(dictOf('upsell'), (v) => (v === 1 ? 1 : 0)),
    clusterRank: Uint8Array.from(clusters, (v) => CLUSTER_RANK.get(v) ?? CLUSTERS.length),
    hotCluster: Uint8Array.from(clusters, (v) => (v === 'Act Now' || v === 'Evaluate' ? 1 : 0)),
    mismatch,
    computedCount: computed.length,
    revenue: dictOf('whitespaceRevenue'),
  };
}

/** The per-row pass over customers [from, to). */
export function rowFacts(
  parts: StoreParts,
  t: ReturnType<typeof rowTables>,
  rowStart: Uint32Array,
  out: RowFacts,
  from: number,
  to: number,
): void {
  const sc = parts.columns;
  const wsCodes = sc.whitespace.codes;
  const upCodes = sc.upsell.codes;
  const clusterCodes = sc.cluster.codes;
  const computedCodes = sc.computedCluster.codes;
  const revenueCodes = sc.whitespaceRevenue.codes;
  const { rowBits, wsCents, wsAny, hot, best } = out;
  for (let c = from; c < to; c++) {
    for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++) {
      const ws = t.isWs[wsCodes[j]!]!;
      const cl = clusterCodes[j]!;
      rowBits[j] =
        ws * ROW_BITS.whitespace +
        t.isUp[upCodes[j]!]! * ROW_BITS.upsell +
        t.mismatch[cl * t.computedCount + computedCodes[j]!]! * ROW_BITS.mismatch;
      const v = t.revenue[revenueCodes[j]!];
      if (ws && v !== null) {
        wsCents[c] = wsCents[c]! + cents(v);
        wsAny[c] = 1;
      }
      if (ws && t.hotCluster[cl]) hot[c] = hot[c]! + cents(v);
      if (t.clusterRank[cl]! < best[c]!) best[c] = t.clusterRank[cl]!;
    }
  }
}

/**
 * Moved into Act Now: Act Now now, in the report's previous snapshot too but not Act Now there.
 * Marks the rows' bit and returns, per customer, whether any of its rows moved.
 */
export function* movement(
  db: DB,
  parts: StoreParts,
  moving: { cur: ImportRef; prev: ImportRef; slot: number }[],
  recordSlot: Uint8Array,
  rowStart: Uint32Array,
  rowBits: Uint8Array,
  n: number,
): Steps<Uint8Array> {
  const moved = new Uint8Array(n);
  if (!moving.length) return moved;
  const { customerOf, rowids } = parts;
  // Each import's rowid range, from the store's rows.
  const lo = new Float64Array(256).fill(Infinity); // slots are bytes
  const hi = new Float64Array(lo.length).fill(-Infinity);
  for (let j = 0; j < rowids.length; j++) {
    const s = recordSlot[customerOf[j]!]!;
    const id = rowids[j]!;
    if (id < lo[s]!) lo[s] = id;
    if (id > hi[s]!) hi[s] = id;
  }
  yield;
  const movedRows = db
    .prepare(
      `SELECT p.rowid FROM propensity p
       WHERE p.rowid BETWEEN ? AND ? AND +p.import_id = ? AND p.cluster = 'Act Now'
         AND EXISTS (SELECT 1 FROM customers pc WHERE pc.import_id = ? AND pc.customer_id = p.customer_id)
         AND NOT EXISTS (SELECT 1 FROM propensity pp WHERE pp.import_id = ? AND pp.customer_id = p.customer_id
                         AND pp.product = p.product AND pp.cluster = 'Act Now')`,
    )
    .pluck();
  const rowidsMoved = new Set<number>();
  for (const { cur, prev, slot } of moving) {
    // In slices of rowids: a statement's step may scan many rows before its next match.
    for (let at = lo[slot]!; at <= hi[slot]!; at += 8192) {
      for (const rowid of movedRows.iterate(at, Math.min(hi[slot]!, at + 8191), cur.id, prev.id, prev.id))
        rowidsMoved.add(rowid as number);
      yield;
    }
  }
  // Only a current row moves (a shadowed one is not among the store's rows).
  if (rowidsMoved.size)
    for (let c = 0; c + 1 < rowStart.length; c++)
      for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++)
        if (rowidsMoved.has(rowids[j]!)) {
          rowBits[j]! |= ROW_BITS.movedIntoActNow;
          moved[c] = 1;
        }
  return moved;
}

/**
 * End of service per customer: an end-of-service flag on one of its records in a current
 * propensity import; the store's records from its flags, the others' from SQL.
 */
export function endOfService(
  db: DB,
  parts: StoreParts,
  customerOfRecord: Uint32Array,
  imports: ImportRef[],
  others: OtherRecords['records'],
  idOf: (c: number) => string,
  n: number,
): Uint8Array {
  const eos = new Uint8Array(n);
  for (const id of parts.flags.eosIds) {
    const set = parts.flags.byId.get(id);
    if (set) for (let r = 0; r < set.length; r++) if (set[r]) eos[customerOfRecord[r]!] = 1;
  }
  const eosOf = db.prepare(
    `SELECT 1 FROM flags g JOIN flag_names n ON n.id = g.flag_id AND n.kind = 'eos'
     WHERE g.import_id = ? AND g.customer_id = ? LIMIT 1`,
  );
  for (const x of others) {
    const imp = imports[x.slot]!;
    if (eos[x.c] || !PROPENSITY_REPORTS.includes(imp.report)) continue;
    if (eosOf.get(imp.id, idOf(x.c)) !== undefined) eos[x.c] = 1;
  }
  return eos;
}
