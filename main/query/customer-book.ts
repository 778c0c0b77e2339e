/**
 * The call list's book: every current customer's sort and filter columns in typed arrays, built
 * once per data version and as-of date (./current dataVersionKey, which covers the settings and
 * so the priority weights). A page at any depth under any filter and sort is then a pass over
 * arrays; the page's few rows are read back from SQLite and worded (customer-page.ts).
 *
 * It is built from the row store's parts (store/parts.ts) of the same current data, not from a
 * second read of SQLite: the store holds every current product row with its customer record
 * (import × customer), in customer order, and the texts quick search looks in. The book shares
 * those arrays rather than copying them (its product rows are the store's rows, its flags the
 * store's, its texts the store's) and adds what is the call list's own: one row per customer,
 * its firmographics from its latest record, movement, agreements, priority and the ranks. SQL is
 * read only for what the store does not hold: the customer records without a current product
 * (the agreements download's, mostly), the agreements, movement and the as-of's imports.
 * The build is a generator (./turns.ts Steps): the service runs it in turns on a connection of
 * its own once its row store is ready (service/customer-book-life.ts), tests and the CLI build
 * the parts and the book at once (customers.ts bookFor).
 */
import type { DB } from '../cache/db';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { CLUSTERS } from '../../shared/domain/matrix';
import type { PriorityWeights } from '../../shared/domain/priority';
import type { CustomerSortField } from '../../shared/customers';
import {
  currentImports,
  dataVersionKey,
  previousImport,
  shadowsOf,
  type ImportRef,
  type Shadow,
} from './current';
import {
  ROW_BITS,
  SLICE,
  endOfService,
  listColumn,
  movement,
  otherRecords,
  rowFacts,
  rowStarts,
  rowTables,
  storeCustomers,
  type RowFacts,
} from './customer-book-build';
import { dayOf, openAgreements, priorities, whitespaceBelow } from './customer-book-priority';
import { rankNumbers, sortByCodes, type Ranked, type Value } from './customer-rank';
import { textAt, textColumn, type BookText } from './customer-texts';
import { gather } from './store/coding';
import type { StoreParts } from './store/parts';
import { valueOf } from './store/search';
import type { Steps } from './turns';

/** Columns of a product row kept as codes of a small dictionary. */
export const ROW_FIELDS = ['product', 'cluster', 'computedCluster', 'cell'] as const;
export type RowField = (typeof ROW_FIELDS)[number];
export type RowBit = keyof typeof ROW_BITS;

/** A column of the product rows: the row store's codes, and the values by code (null: a blank). */
export interface RowColumn {
  codes: Uint8Array | Uint16Array | Uint32Array;
  dict: Value[];
}

/** The customer's own list columns (the call list's firmographics). */
export const LIST_FIELDS = ['country', 'area', 'salesTerritory', 'industry', 'vertical', 'segment'] as const;
export type ListField = (typeof LIST_FIELDS)[number];
export const TEXT_FIELDS = ['customerId', 'accountName', 'domain'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export interface CustomerBook {
  /** The data version (and as-of date) it was built from: a book is used only while it equals the current one. */
  key: string;
  asOf: string;
  /** The priority weights it was scored with (the settings the key covers). */
  weights: PriorityWeights;
  /** Customers: the store's customers (its customer ID order) first, then those without a current product. */
  n: number;
  /** The current imports; a record's `slot` is an index into it. */
  imports: ImportRef[];
  shadows: Shadow[];
  /** For each current propensity import, the previous snapshot's date (movement's "since"). */
  previousSnapshot: Map<number, string>;
  /** The row store's parts the rows, flags and texts are read from. */
  parts: StoreParts;
  /** The slot of customer i's record its firmographics come from. */
  firmSlot: Uint8Array;
  /** Every sort field as ranks (list and range fields keep their values: filters and facets name them). */
  columns: Record<CustomerSortField, Ranked>;
  /** The values of customer ID, account name and domain, by rank. */
  texts: Record<TextField, BookText>;
  /** Customers in the tie-break order (account name, then customer ID): every sort starts from it. */
  tie: Uint32Array;
  priority: Uint8Array;
  /** Whitespace in Act Now and Evaluate products: how many customers have less (its percentile rank × n). */
  whitespaceBelow: Uint32Array;
  /** Open agreements' end dates (days since 1970), customer i's at [agreementStart[i], agreementStart[i+1]). */
  agreementStart: Uint32Array;
  agreementEnd: Int32Array;
  /** Product rows (the store's), customer i's at [rowStart[i], rowStart[i+1]). */
  rowStart: Uint32Array;
  rows: Record<RowField, RowColumn>;
  fit: RowColumn;
  intent: RowColumn;
  rowBits: Uint8Array;
  /** The slot of each store record's import (a row's record: parts.customerOf). */
  recordSlot: Uint8Array;
  /** Flags of the current propensity imports: 1 per store record that has it. */
  flags: { name: string; records: Uint8Array }[];
  eos: Uint8Array;
}

export { dayOf, ROW_BITS };

/**
 * Whether record `a` gives way to `b` for a customer's firmographics: the later snapshot wins; on
 * the same date a propensity report's record wins over the agreements report's (whose files may
 * lack the geography columns), then the later import.
 */
export function firmBefore(
  a: { snapshot: string; report: string; id: number },
  b: { snapshot: string; report: string; id: number },
): boolean {
  if (a.snapshot !== b.snapshot) return a.snapshot < b.snapshot;
  const pa = PROPENSITY_REPORTS.includes(a.report as never) ? 1 : 0;
  const pb = PROPENSITY_REPORTS.includes(b.report as never) ? 1 : 0;
  return pa !== pb ? pa < pb : a.id < b.id;
}

/** Firmographic values of a record the store does not hold, read by rowid. */
const OTHER_FIELDS = [
  ['accountName', 'account_name'],
  ['domain', 'domain'],
  ['country', 'country'],
  ['area', 'area'],
  ['salesTerritory', 'sales_territory'],
  ['industry', 'industry'],
  ['vertical', 'vertical'],
  ['orgSize', 'org_size'],
  ['segment', 'sub_segment'],
] as const;
type OtherField = (typeof OTHER_FIELDS)[number][0];
/** The store's column of each firmographic field. */
const STORE_FIELD = {
  customerId: 'customerId',
  accountName: 'accountName',
  domain: 'domain',
  country: 'country',
  area: 'area',
  salesTerritory: 'salesTerritory',
  industry: 'industry',
  vertical: 'vertical',
  orgSize: 'orgSize',
  segment: 'subSegment',
} as const;

/**
 * The book of the data `db` sees as of `asOf`, from the row store's parts of the same data (run
 * inside one read transaction for a consistent view). The phases are customer-book-build.ts's
 * (from the store's parts) and customer-book-priority.ts's (agreements, ranks, points).
 */
export function* buildBook(
  db: DB,
  asOf: string,
  weights: PriorityWeights,
  parts: StoreParts,
): Steps<CustomerBook> {
  const key = dataVersionKey(db, asOf);
  const imports = currentImports(db, asOf);
  const slotOf = new Map(imports.map((c, s) => [c.id, s]));
  // A record's precedence for the firmographics (firmBefore): higher wins.
  const precedence = new Uint8Array(imports.length);
  imports
    .map((_, s) => s)
    .sort((a, b) => (firmBefore(imports[a]!, imports[b]!) ? -1 : 1))
    .forEach((s, k) => (precedence[s] = k));

  const sc = parts.columns;
  const slotOfCode = sc.importId.dict!.map((id) => slotOf.get(id as number));
  if (slotOfCode.some((s) => s === undefined || !PROPENSITY_REPORTS.includes(imports[s]!.report)))
    throw new Error('the row store holds other imports than the current ones');
  const recordSlot = gather(Uint8Array.from(slotOfCode as number[]), sc.importId.codes);
  const store = storeCustomers(sc.customerId.codes, recordSlot, precedence);
  const { stored, firm } = store;
  yield;
  const others = yield* otherRecords(db, imports, parts, recordSlot, store);
  const n = stored + others.ids.length;
  const rowStart = rowStarts(parts.customerOf, store.customerOfRecord, n);
  const ids = parts.haystacks.customerId;
  const idOf = (c: number) =>
    c < stored ? valueOf(ids, sc.customerId.codes[firm[c]!]!) : others.ids[c - stored]!;
  yield;

  // Each customer's firm record: a store record (winner >= 0) or another one (-1 - its index),
  // whose values are read by rowid.
  const NONE = 0x7fffffff;
  const winner = new Int32Array(n).fill(NONE);
  const firmSlot = new Uint8Array(n);
  winner.set(firm);
  firmSlot.set(gather(recordSlot, firm));
  others.records.forEach((x, e) => {
    if (winner[x.c] === NONE || precedence[x.slot]! > precedence[firmSlot[x.c]!]!) {
      winner[x.c] = -1 - e;
      firmSlot[x.c] = x.slot;
    }
  });
  const otherValues = new Map<OtherField | 'customerId', Value[]>(
    [...OTHER_FIELDS.map(([f]) => f), 'customerId' as const].map((f) => [
      f,
      new Array<Value>(others.records.length),
    ]),
  );
  const readFirm = db
    .prepare(`SELECT ${OTHER_FIELDS.map(([, sql]) => sql).join(', ')} FROM customers WHERE rowid = ?`)
    .raw();
  let read = 0;
  for (let c = 0; c < n; c++) {
    const w = winner[c]!;
    if (w >= 0) continue;
    const e = -1 - w;
    const row = readFirm.get(others.records[e]!.rowid) as Value[];
    OTHER_FIELDS.forEach(([f], k) => (otherValues.get(f)![e] = row[k]!));
    otherValues.get('customerId')![e] = idOf(c);
    if ((++read & 1023) === 0) yield;
  }

  // Firmographic columns: the store's codes of the winning record, with the other values merged in.
  const columns = {} as Record<CustomerSortField, Ranked>;
  const texts = {} as Record<TextField, BookText>;
  for (const f of TEXT_FIELDS) {
    const { ranked, text } = yield* textColumn({
      hay: parts.haystacks[f],
      codes: sc[STORE_FIELD[f]].codes,
      winner,
      extraValues: otherValues.get(f) as (string | null)[],
    });
    columns[f] = ranked;
    texts[f] = text;
  }
  for (const f of [...LIST_FIELDS, 'orgSize'] as const) {
    columns[f] = listColumn(sc[STORE_FIELD[f]], winner, otherValues.get(f)!);
    yield;
  }

  // Per customer, from its rows.
  const facts: RowFacts = {
    rowBits: new Uint8Array(parts.rowids.length),
    wsCents: new Float64Array(n),
    wsAny: new Uint8Array(n),
    hot: new Float64Array(n),
    best: new Uint8Array(n).fill(CLUSTERS.length),
  };
  const tables = rowTables(parts);
  for (let c = 0; c < stored; c += SLICE) {
    rowFacts(parts, tables, rowStart, facts, c, Math.min(stored, c + SLICE));
    yield;
  }
  const previousSnapshot = new Map<number, string>();
  const moving = imports.flatMap((cur, slot) => {
    const prev = PROPENSITY_REPORTS.includes(cur.report) ? previousImport(db, cur) : null;
    if (prev) previousSnapshot.set(cur.id, prev.snapshot);
    return prev ? [{ cur, prev, slot }] : [];
  });
  const moved = yield* movement(db, parts, moving, recordSlot, rowStart, facts.rowBits, n);
  const open = yield* openAgreements(db, imports, others.agreementCustomer, asOf, n);
  const eos = endOfService(db, parts, store.customerOfRecord, imports, others.records, idOf, n);
  const flags = [...parts.flags.idByName].flatMap(([name, id]) => {
    const records = parts.flags.byId.get(id);
    return records ? [{ name, records }] : [];
  });
  yield;
  const sorted = facts.hot.slice().sort();
  yield;
  const below = new Uint32Array(n);
  for (let c = 0; c < n; c += SLICE) {
    whitespaceBelow(facts.hot, sorted, below, c, Math.min(n, c + SLICE));
    yield;
  }
  const priority = new Uint8Array(n);
  const inputs = { ...facts, moved, eos, below, agreements: open.byCustomer, asOf, weights };
  const memo = new Map<number, number>();
  for (let c = 0; c < n; c += SLICE) {
    priorities(inputs, priority, memo, c, Math.min(n, c + SLICE));
    yield;
  }

  // The call list's own sort columns.
  columns.priority = { codes: priority, size: 101, dict: null };
  columns.bestCluster = { codes: facts.best, size: CLUSTERS.length, dict: null };
  columns.eos = { codes: eos, size: 2, dict: null };
  const money = (cents: Float64Array, any: Uint8Array | null) => {
    const out = new Float64Array(n);
    for (let c = 0; c < n; c++) out[c] = any && !any[c] ? NaN : cents[c]! / 100;
    return out;
  };
  columns.whitespaceRevenue = yield* rankNumbers(money(facts.wsCents, facts.wsAny), true);
  columns.nextAgreementEnd = yield* rankNumbers(open.nextEnd, false);
  columns.expiringRevenue = yield* rankNumbers(money(open.expiring, null), true);

  // The tie-break order: account name, then customer ID (blanks last).
  let tie = sortByCodes(identity(n), columns.customerId.codes, columns.customerId.size, false);
  yield;
  tie = sortByCodes(tie, columns.accountName.codes, columns.accountName.size, false);
  const rowColumn = (f: RowField | 'fit' | 'intent'): RowColumn => ({
    codes: sc[f].codes,
    dict: [...sc[f].dict!, null],
  });
  return {
    key,
    asOf,
    weights,
    n,
    imports,
    shadows: shadowsOf(db, asOf, imports),
    previousSnapshot,
    parts,
    firmSlot,
    columns,
    texts,
    tie,
    priority,
    whitespaceBelow: below,
    agreementStart: open.start,
    agreementEnd: open.end,
    rowStart,
    rows: Object.fromEntries(ROW_FIELDS.map((f) => [f, rowColumn(f)])) as Record<RowField, RowColumn>,
    fit: rowColumn('fit'),
    intent: rowColumn('intent'),
    rowBits: facts.rowBits,
    recordSlot,
    flags,
    eos,
  };
}

/** 0, 1, …, n - 1. */
function identity(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** Customer c's text value (customer ID, account name, domain). */
export function textOf(book: CustomerBook, field: TextField, c: number): string | null {
  const col = book.columns[field];
  return textAt(book.texts[field], col.size, col.codes[c]!);
}

/** The record customer c's firmographics come from: its import and customer ID (the customers key). */
export function firmRecord(book: CustomerBook, c: number): { importId: number; customerId: string } {
  return { importId: book.imports[book.firmSlot[c]!]!.id, customerId: textOf(book, 'customerId', c)! };
}

/** The slot of product row j's import. */
export const rowSlot = (book: CustomerBook, j: number): number => book.recordSlot[book.parts.customerOf[j]!]!;

/** Approximate bytes the book holds of its own (not the row store's it shares), for the bench. */
export function bookBytes(b: CustomerBook): number {
  const shared = new Set<unknown>([
    ...Object.values(b.parts.columns).map((c) => c.codes),
    ...Object.values(b.parts.haystacks),
  ]);
  let bytes = 0;
  const add = (a: { byteLength: number } | null) => {
    if (a && !shared.has(a)) bytes += a.byteLength;
  };
  [
    b.firmSlot,
    b.tie,
    b.priority,
    b.whitespaceBelow,
    b.agreementStart,
    b.agreementEnd,
    b.rowStart,
    b.rowBits,
    b.recordSlot,
    b.eos,
  ].forEach(add);
  for (const c of Object.values(b.columns)) {
    if (c.codes !== b.priority && c.codes !== b.eos) add(c.codes);
    bytes += (c.dict?.length ?? 0) * 8;
  }
  for (const t of Object.values(b.texts)) {
    add(t.toHay);
    for (const h of [t.hay, t.extra])
      if (h && !shared.has(h)) bytes += h.text.length + h.starts.byteLength + h.upper.byteLength;
  }
  return bytes;
}
