/**
 * The call list's book: every current customer's sort and filter columns in typed arrays, built
 * once per data version and as-of date (./current dataVersionKey, which covers the settings and
 * so the priority weights). A page at any depth under any filter and sort is then a pass over
 * arrays; the page's few rows are read back from SQLite and worded (customer-page.ts). Strings
 * are not kept per customer except the three the quick search looks in, as one text each.
 * The build is a generator (customer-rank.ts Steps): the service runs it in turns on a connection
 * of its own (service/customer-book-life.ts), tests and the CLI run it at once.
 * Over 400 lines: the build is one generator whose phases fill and read the same per-customer
 * arrays; split into functions, each phase would take and hand back a dozen of them.
 */
import type { DB } from '../cache/db';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { CLUSTERS } from '../../shared/domain/matrix';
import { fiscalYearOf } from '../../shared/domain/fiscal';
import { type PriorityFacts, type PriorityWeights, priorityScore } from '../../shared/domain/priority';
import type { CustomerSortField } from '../../shared/customers';
import {
  currentImports,
  dataVersionKey,
  placeholders,
  previousImport,
  shadowedRowsWhere,
  shadowsOf,
  type ImportRef,
  type Shadow,
} from './current';
import {
  haystackSteps,
  rankSteps,
  sortByCodes,
  type Codes,
  type Haystack,
  type Ranked,
  type Value,
} from './customer-rank';
import { sortSteps, type Steps } from './turns';

/** Columns of a product row kept as codes of a small dictionary. */
export const ROW_FIELDS = ['product', 'cluster', 'computedCluster', 'cell'] as const;
export type RowField = (typeof ROW_FIELDS)[number];
/** Yes/no properties of a product row, as bits. */
export const ROW_BITS = { whitespace: 1, upsell: 2, movedIntoActNow: 4, mismatch: 8 } as const;
export type RowBit = keyof typeof ROW_BITS;
/** Fit and intent kept per row as whole scores 0–253; NO_SCORE is blank, ODD_SCORE a value kept apart (a fraction). */
export const NO_SCORE = 255;
export const ODD_SCORE = 254;

export interface RowColumn {
  codes: Uint8Array | Uint16Array;
  /** Values by code; null is a blank. */
  dict: (string | null)[];
}

export interface CustomerBook {
  /** The data version (and as-of date) it was built from: a book is used only while it equals the current one. */
  key: string;
  asOf: string;
  /** The priority weights it was scored with (the settings the key covers). */
  weights: PriorityWeights;
  /** Customers. */
  n: number;
  /** The current imports; a row's or flag's `slot` is an index into it. */
  imports: ImportRef[];
  shadows: Shadow[];
  /** For each current propensity import, the previous snapshot's date (movement's "since"). */
  previousSnapshot: Map<number, string>;
  /** Customer i's record its firmographics come from (rowid in `customers`). */
  firmRowid: Float64Array;
  /** Customers by firmRowid, for finding one by its record. */
  byRowid: Uint32Array;
  /** Every sort field as ranks (list fields keep their values: filters and facets name them). */
  columns: Record<CustomerSortField, Ranked>;
  /** Customers in the tie-break order (account name, then customer ID): every sort starts from it. */
  tie: Uint32Array;
  priority: Uint8Array;
  /** Whitespace in Act Now and Evaluate products: how many customers have less (its percentile rank × n). */
  whitespaceBelow: Uint32Array;
  /** The customer's whitespace revenue, expiring revenue and org size (NaN: blank), for ranges. */
  whitespaceRevenue: Float64Array;
  expiringRevenue: Float64Array;
  orgSize: Float64Array;
  /** Open agreements' end dates (days since 1970), customer i's at [agreementStart[i], agreementStart[i+1]). */
  agreementStart: Uint32Array;
  agreementEnd: Int32Array;
  haystacks: Record<'accountName' | 'customerId' | 'domain', Haystack>;
  /** Product rows, customer i's at [rowStart[i], rowStart[i+1]). */
  rowStart: Uint32Array;
  rows: Record<RowField, RowColumn>;
  rowBits: Uint8Array;
  rowSlot: Uint8Array;
  fit: Uint8Array;
  intent: Uint8Array;
  /** The fit and intent of rows whose code is ODD_SCORE, by row. */
  oddScores: { fit: Map<number, number>; intent: Map<number, number> };
  /** Flags of the current propensity imports, customer i's at [flagStart[i], flagStart[i+1]): flag << 4 | slot. */
  flagStart: Uint32Array;
  flagEntries: Uint32Array;
  flagNames: string[];
  eos: Uint8Array;
}

const DAY_MS = 86_400_000;
export const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const cents = (v: number | null): number => (v === null ? 0 : Math.round(v * 100));
const CLUSTER_RANK = new Map<string, number>(CLUSTERS.map((c, i) => [c, i]));

/** A small dictionary coder for a product row column. */
class Dict {
  readonly values: (string | null)[] = [];
  private readonly index = new Map<string | null, number>();
  code(v: string | null): number {
    let c = this.index.get(v);
    if (c === undefined) this.index.set(v, (c = this.values.push(v) - 1));
    return c;
  }
}

/** Grows a typed array to hold index i. */
function room<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: T, i: number): T {
  if (i < a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(16, a.length * 2));
  next.set(a);
  return next;
}

/** Items (0..n) grouped by key, stable: start offsets per key and the items in key order. */
function group(keys: Uint32Array, count: number, n: number): { start: Uint32Array; order: Uint32Array } {
  const start = new Uint32Array(n + 1);
  for (let j = 0; j < count; j++) start[keys[j]! + 1]!++;
  for (let i = 1; i <= n; i++) start[i]! += start[i - 1]!;
  const at = start.slice(0, n);
  const order = new Uint32Array(count);
  for (let j = 0; j < count; j++) order[at[keys[j]!]!++] = j;
  return { start, order };
}

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

/** The book of the data `db` sees as of `asOf` (run inside one read transaction for a consistent view). */
export function* buildBook(db: DB, asOf: string, weights: PriorityWeights): Steps<CustomerBook> {
  const key = dataVersionKey(db, asOf);
  const imports = currentImports(db, asOf);
  const slotOf = new Map(imports.map((c, s) => [c.id, s]));
  const ids = imports.map((c) => c.id);
  const propensity = imports.filter((c) => PROPENSITY_REPORTS.includes(c.report));
  const propensityIds = propensity.map((c) => c.id);
  const agreementIds = imports.filter((c) => c.report === 'agreements').map((c) => c.id);

  // Firmographics from the customer's latest current record (then the latest import).
  const idOf = new Map<string, number>();
  const firm: Value[][] = [[], [], [], [], [], [], [], [], [], []];
  const [customerIds, names, domains, countries, areas, territories, industries, verticals, sizes, segments] =
    firm as [string[], Value[], Value[], Value[], Value[], Value[], Value[], Value[], Value[], Value[]];
  let firmRowid = new Float64Array(1024);
  const firmSlot: number[] = [];
  let seen = 0;
  for (const r of db
    .prepare(
      `SELECT c.rowid, c.import_id, c.customer_id, c.account_name, c.domain, c.country, c.area, c.sales_territory,
         c.industry, c.vertical, c.org_size, c.sub_segment
       FROM customers c WHERE c.import_id IN (${placeholders(ids.length)})`,
    )
    .raw()
    .iterate(...ids) as IterableIterator<Value[]>) {
    const slot = slotOf.get(r[1] as number)!;
    const id = r[2] as string;
    let i = idOf.get(id);
    if (i === undefined) {
      idOf.set(id, (i = customerIds.length));
      firmSlot.push(-1);
    } else {
      const had = imports[firmSlot[i]!]!;
      const now = imports[slot]!;
      if (firmBefore(now, had)) continue;
    }
    firmSlot[i] = slot;
    firmRowid = room(firmRowid, i);
    firmRowid[i] = r[0] as number;
    for (let k = 0; k < 10; k++) firm[k]![i] = r[2 + k]!;
    if ((++seen & 1023) === 0) yield;
  }
  const n = customerIds.length;

  // Product rows, read import by import along their rowids (as the row store reads them).
  const shadowed = shadowedRowsWhere(db, 'p', asOf);
  const skip = shadowed
    ? new Set(
        db
          .prepare(`SELECT p.rowid FROM propensity p WHERE ${shadowed.sql}`)
          .pluck()
          .all(...shadowed.params) as number[],
      )
    : null;
  const ranges = db
    .prepare(
      `SELECT import_id AS id, MIN(rowid) AS lo, MAX(rowid) AS hi FROM propensity
       WHERE import_id IN (${placeholders(propensityIds.length)}) GROUP BY import_id ORDER BY lo`,
    )
    .all(...propensityIds) as { id: number; lo: number; hi: number }[];
  const read = db
    .prepare(
      `SELECT rowid, customer_id, product, cluster, computed_cluster, cell, fit, intent, whitespace, upsell,
         ws_revenue, ws_estimated FROM propensity WHERE rowid BETWEEN ? AND ? AND +import_id = ? ORDER BY rowid`,
    )
    .raw();
  const dicts = { product: new Dict(), cluster: new Dict(), computedCluster: new Dict(), cell: new Dict() };
  // Sized by the imports' rowid ranges (which hold their rows), not grown row by row.
  const capacity = ranges.reduce((sum, r) => sum + r.hi - r.lo + 1, 0);
  let m = 0;
  const rowCustomer = new Uint32Array(capacity);
  let rowCodes = ROW_FIELDS.map(() => new Uint16Array(capacity));
  let rowBits = new Uint8Array(capacity);
  let rowSlot = new Uint8Array(capacity);
  let fit = new Uint8Array(capacity);
  let intent = new Uint8Array(capacity);
  const wsCents = new Float64Array(n);
  const wsAny = new Uint8Array(n);
  const estimated = new Uint8Array(n);
  const hot = new Float64Array(n);
  const best = new Uint8Array(n).fill(CLUSTERS.length);
  const odd = { fit: new Map<number, number>(), intent: new Map<number, number>() };
  const score = (v: Value, j: number, kept: Map<number, number>): number => {
    if (typeof v !== 'number') return NO_SCORE;
    if (Number.isInteger(v) && v >= 0 && v < ODD_SCORE) return v;
    kept.set(j, v);
    return ODD_SCORE;
  };
  for (const range of ranges) {
    const slot = slotOf.get(range.id)!;
    let lastId = '';
    let c = -1;
    for (const r of read.iterate(range.lo, range.hi, range.id) as IterableIterator<Value[]>) {
      if (skip?.has(r[0] as number)) continue;
      if (r[1] !== lastId) {
        lastId = r[1] as string;
        c = idOf.get(lastId) ?? -1;
      }
      if (c < 0) continue; // a row without its customer record is not current data
      if (m >= capacity) throw new Error('the cache changed while it was read');
      rowCustomer[m] = c;
      const [product, cluster, computed, cell] = [r[2], r[3], r[4], r[5]] as [
        string | null,
        string | null,
        string | null,
        string | null,
      ];
      rowCodes[0]![m] = dicts.product.code(product);
      rowCodes[1]![m] = dicts.cluster.code(cluster);
      rowCodes[2]![m] = dicts.computedCluster.code(computed);
      rowCodes[3]![m] = dicts.cell.code(cell);
      const ws = r[8] === 1;
      rowBits[m] =
        (ws ? ROW_BITS.whitespace : 0) |
        (r[9] === 1 ? ROW_BITS.upsell : 0) |
        (cluster !== null && computed !== null && cluster !== computed ? ROW_BITS.mismatch : 0);
      rowSlot[m] = slot;
      fit[m] = score(r[6]!, m, odd.fit);
      intent[m] = score(r[7]!, m, odd.intent);
      const revenue = r[10] as number | null;
      if (ws && revenue !== null) {
        wsCents[c] = wsCents[c]! + cents(revenue);
        wsAny[c] = 1;
        if (r[11] === 1) estimated[c] = 1;
      }
      if (ws && (cluster === 'Act Now' || cluster === 'Evaluate')) hot[c] = hot[c]! + cents(revenue);
      const rank = cluster === null ? undefined : CLUSTER_RANK.get(cluster);
      if (rank !== undefined && rank < best[c]!) best[c] = rank;
      if ((++m & 1023) === 0) yield;
    }
  }
  // Rows grouped by customer.
  const byCustomer = group(rowCustomer, m, n);
  yield;
  const rowStart = byCustomer.start;
  const gather = <T extends Uint8Array | Uint16Array>(a: T): T => {
    const out = new (a.constructor as new (k: number) => T)(m);
    for (let j = 0; j < m; j++) out[j] = a[byCustomer.order[j]!]!;
    return out;
  };
  rowBits = gather(rowBits);
  yield;
  rowSlot = gather(rowSlot);
  yield;
  fit = gather(fit);
  yield;
  intent = gather(intent);
  yield;
  const oddScores = { fit: new Map<number, number>(), intent: new Map<number, number>() };
  if (odd.fit.size || odd.intent.size)
    for (let j = 0; j < m; j++)
      for (const k of ['fit', 'intent'] as const) {
        const v = odd[k].get(byCustomer.order[j]!);
        if (v !== undefined) oddScores[k].set(j, v);
      }
  const rows = {} as Record<RowField, RowColumn>;
  for (const [k, f] of ROW_FIELDS.entries()) {
    const dict = dicts[f].values;
    const codes = dict.length < 0x100 ? new Uint8Array(m) : new Uint16Array(m);
    const from = rowCodes[k]!;
    for (let j = 0; j < m; j++) codes[j] = from[byCustomer.order[j]!]!;
    rows[f] = { codes, dict };
    yield;
  }
  rowCodes = [];
  yield;

  // Moved into Act Now: Act Now now, in the report's previous snapshot too but not Act Now there.
  const previousSnapshot = new Map<number, string>();
  const productCode = new Map(dicts.product.values.map((v, c) => [v, c]));
  const movedRows = db
    .prepare(
      `SELECT p.customer_id, p.product FROM propensity p
       WHERE p.rowid BETWEEN ? AND ? AND +p.import_id = ? AND p.cluster = 'Act Now'
         AND EXISTS (SELECT 1 FROM customers pc WHERE pc.import_id = ? AND pc.customer_id = p.customer_id)
         AND NOT EXISTS (SELECT 1 FROM propensity pp WHERE pp.import_id = ? AND pp.customer_id = p.customer_id
                         AND pp.product = p.product AND pp.cluster = 'Act Now')`,
    )
    .raw();
  for (const cur of propensity) {
    const prev = previousImport(db, cur);
    const range = ranges.find((r) => r.id === cur.id);
    if (!prev || !range) continue;
    previousSnapshot.set(cur.id, prev.snapshot);
    const slot = slotOf.get(cur.id)!;
    // In slices of rowids: a statement's step may scan many rows before its next match.
    for (let lo = range.lo; lo <= range.hi; lo += 8192) {
      for (const [customerId, product] of movedRows.iterate(
        lo,
        Math.min(range.hi, lo + 8191),
        cur.id,
        prev.id,
        prev.id,
      ) as IterableIterator<[string, string]>) {
        const c = idOf.get(customerId);
        const code = productCode.get(product);
        if (c === undefined || code === undefined) continue;
        // Only a current row moves (a shadowed one is not among the customer's rows).
        for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++)
          if (rows.product.codes[j] === code && rowSlot[j] === slot) rowBits[j]! |= ROW_BITS.movedIntoActNow;
      }
      yield;
    }
  }

  // Open agreements: for the priority, the filters, and the ones ending in the fiscal year.
  const fy = fiscalYearOf(asOf);
  const open = new Map<number, PriorityFacts['agreements']>();
  const nextEnd: Value[] = new Array<Value>(n).fill(null);
  const expiring = new Float64Array(n).fill(NaN);
  for (const [customerId, agreementId, licenseProgram, endDate, revenue] of db
    .prepare(
      `SELECT a.customer_id, a.agreement_id, a.license_program, a.end_date, a.expiring_revenue FROM agreements a
       WHERE a.import_id IN (${placeholders(agreementIds.length)}) AND a.end_date IS NOT NULL AND a.end_date >= ?
       ORDER BY a.import_id, a.line`,
    )
    .raw()
    .iterate(...agreementIds, asOf) as IterableIterator<
    [string, string | null, string | null, string, number | null]
  >) {
    const c = idOf.get(customerId);
    if (c === undefined) continue;
    const list = open.get(c) ?? [];
    if (!list.length) open.set(c, list);
    list.push({ agreementId, licenseProgram, endDate, expiringRevenue: revenue });
    if (endDate >= fy.start && endDate <= fy.end) {
      const had = nextEnd[c] as string | null;
      if (had === null || endDate < had) nextEnd[c] = endDate;
      if (revenue !== null) expiring[c] = (Number.isNaN(expiring[c]!) ? 0 : expiring[c]!) + cents(revenue);
    }
    if ((++seen & 1023) === 0) yield;
  }
  const agreementCount = new Uint32Array(n + 1);
  for (const [c, list] of open) agreementCount[c + 1] = list.length;
  for (let i = 1; i <= n; i++) agreementCount[i]! += agreementCount[i - 1]!;
  const agreementEnd = new Int32Array(agreementCount[n]!);
  for (const [c, list] of open)
    list.forEach((a, k) => (agreementEnd[agreementCount[c]! + k] = dayOf(a.endDate)));

  // Flags of the current propensity imports, by customer.
  const flagNames: string[] = [];
  const flagIndex = new Map<number, number>();
  const eosFlag: boolean[] = [];
  let flagCustomer = new Uint32Array(1024);
  let flagEntry = new Uint32Array(1024);
  let f = 0;
  for (const [importId, customerId, flagId, name, kind] of db
    .prepare(
      `SELECT g.import_id, g.customer_id, g.flag_id, n.name, n.kind FROM flags g JOIN flag_names n ON n.id = g.flag_id
       WHERE g.import_id IN (${placeholders(propensityIds.length)})`,
    )
    .raw()
    .iterate(...propensityIds) as IterableIterator<[number, string, number, string, string]>) {
    const c = idOf.get(customerId);
    if (c === undefined) continue;
    let k = flagIndex.get(flagId);
    if (k === undefined) {
      flagIndex.set(flagId, (k = flagNames.push(name) - 1));
      eosFlag.push(kind === 'eos');
    }
    flagCustomer = room(flagCustomer, f);
    flagEntry = room(flagEntry, f);
    flagCustomer[f] = c;
    flagEntry[f++] = (k << 4) | slotOf.get(importId)!;
    if ((f & 1023) === 0) yield;
  }
  const byFlagged = group(flagCustomer, f, n);
  const flagEntries = new Uint32Array(f);
  const eos = new Uint8Array(n);
  for (let j = 0; j < f; j++) {
    const e = flagEntry[byFlagged.order[j]!]!;
    flagEntries[j] = e;
    if (eosFlag[e >>> 4]) eos[flagCustomer[byFlagged.order[j]!]!] = 1;
  }

  // Whitespace ranks: how many customers have less (percentileRanks in shared/domain/priority).
  const sortedHot = Float64Array.from(hot).sort();
  yield;
  const whitespaceBelow = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sortedHot[mid]! < hot[i]!) lo = mid + 1;
      else hi = mid;
    }
    whitespaceBelow[i] = lo;
    if ((i & 4095) === 4095) yield;
  }
  yield;

  // Priority: the rule's points alone (the reasons are worded per page).
  const priority = new Uint8Array(n);
  const productNames = dicts.product.values;
  const clusterNames = dicts.cluster.values;
  for (let c = 0; c < n; c++) {
    const products: PriorityFacts['products'] = [];
    const moved: PriorityFacts['moved'] = [];
    for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++) {
      const product = productNames[rows.product.codes[j]!]!;
      products.push({
        product,
        cluster: clusterNames[rows.cluster.codes[j]!]!,
        fit: fit[j] === NO_SCORE ? null : fit[j] === ODD_SCORE ? oddScores.fit.get(j)! : fit[j]!,
        intent:
          intent[j] === NO_SCORE ? null : intent[j] === ODD_SCORE ? oddScores.intent.get(j)! : intent[j]!,
      });
      if (rowBits[j]! & ROW_BITS.movedIntoActNow)
        moved.push({ product, since: previousSnapshot.get(imports[rowSlot[j]!]!.id)! });
    }
    priority[c] = priorityScore(
      {
        products,
        moved,
        agreements: open.get(c) ?? [],
        eos: eos[c] ? ['eos'] : [],
        whitespace: { revenue: hot[c]! / 100, rank: whitespaceBelow[c]! / n },
      },
      asOf,
      weights,
    );
    if ((c & 1023) === 1023) yield;
  }
  open.clear();

  // Sort columns as ranks.
  const money = (a: Float64Array | Uint8Array, any?: Uint8Array): Value[] =>
    Array.from(a, (v, i) => (any ? (any[i] ? v / 100 : null) : Number.isNaN(v) ? null : v / 100));
  const whitespaceRevenue = Float64Array.from(wsCents, (v, i) => (wsAny[i] ? v / 100 : NaN));
  const expiringRevenue = Float64Array.from(expiring, (v) => (Number.isNaN(v) ? NaN : v / 100));
  const orgSize = Float64Array.from(sizes, (v) => (typeof v === 'number' ? v : NaN));
  const source: Record<CustomerSortField, [Value[], boolean]> = {
    priority: [Array.from(priority), false],
    customerId: [customerIds, false],
    accountName: [names, false],
    domain: [domains, false],
    country: [countries, true],
    area: [areas, true],
    salesTerritory: [territories, true],
    industry: [industries, true],
    vertical: [verticals, true],
    orgSize: [sizes, false],
    segment: [segments, true],
    bestCluster: [Array.from(best, (b) => (b === CLUSTERS.length ? null : b)), false],
    whitespaceRevenue: [money(wsCents, wsAny), false],
    nextAgreementEnd: [nextEnd, false],
    expiringRevenue: [money(expiring), false],
    eos: [Array.from(eos), false],
  };
  const columns = {} as Record<CustomerSortField, Ranked>;
  for (const field of Object.keys(source) as CustomerSortField[])
    columns[field] = yield* rankSteps(...source[field]);

  // The tie-break order: account name, then customer ID (blanks last).
  let tie: Uint32Array = new Uint32Array(n);
  for (let i = 0; i < n; i++) tie[i] = i;
  tie = sortByCodes(tie, columns.customerId.codes, columns.customerId.size, false);
  tie = sortByCodes(tie, columns.accountName.codes, columns.accountName.size, false);
  const byRowid = Uint32Array.from(
    yield* sortSteps(Array.from(tie), (a, b) => firmRowid[a]! - firmRowid[b]!),
  );
  const haystacks = {
    accountName: yield* haystackSteps(names as (string | null)[]),
    customerId: yield* haystackSteps(customerIds),
    domain: yield* haystackSteps(domains as (string | null)[]),
  };
  return {
    key,
    asOf,
    weights,
    n,
    imports,
    shadows: shadowsOf(db, asOf, imports),
    previousSnapshot,
    firmRowid: firmRowid.slice(0, n),
    byRowid,
    columns,
    tie,
    priority,
    whitespaceBelow,
    whitespaceRevenue,
    expiringRevenue,
    orgSize,
    agreementStart: agreementCount,
    agreementEnd,
    haystacks,
    rowStart,
    rows,
    rowBits,
    rowSlot,
    fit,
    intent,
    oddScores,
    flagStart: byFlagged.start,
    flagEntries,
    flagNames,
    eos,
  };
}

/** Approximate bytes the book holds (typed arrays and texts), for the bench. */
export function bookBytes(b: CustomerBook): number {
  let bytes = 0;
  const add = (a: { byteLength: number }) => (bytes += a.byteLength);
  [
    b.firmRowid,
    b.byRowid,
    b.tie,
    b.priority,
    b.whitespaceBelow,
    b.whitespaceRevenue,
    b.expiringRevenue,
    b.orgSize,
    b.agreementStart,
    b.agreementEnd,
    b.rowStart,
    b.rowBits,
    b.rowSlot,
    b.fit,
    b.intent,
    b.flagStart,
    b.flagEntries,
    b.eos,
  ].forEach(add);
  for (const c of Object.values(b.columns)) add(c.codes);
  for (const r of Object.values(b.rows)) add(r.codes);
  for (const h of Object.values(b.haystacks)) {
    add(h.starts);
    bytes += h.text.length;
  }
  return bytes;
}

export type { Codes };
