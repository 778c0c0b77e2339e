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
import { fiscalYearOf } from '../../shared/domain/fiscal';
import { type PriorityFacts, type PriorityWeights, priorityScore } from '../../shared/domain/priority';
import type { CustomerSortField } from '../../shared/customers';
import {
  currentImports,
  dataVersionKey,
  placeholders,
  previousImport,
  shadowsOf,
  type ImportRef,
  type Shadow,
} from './current';
import { codesFor, compare, rankNumbers, sortByCodes, type Ranked, type Value } from './customer-rank';
import { textAt, textColumn, type BookText } from './customer-texts';
import { compareCodePoints, type Column } from './store/coding';
import type { StoreParts } from './store/parts';
import { valueOf } from './store/search';
import type { Steps } from './turns';

/** Columns of a product row kept as codes of a small dictionary. */
export const ROW_FIELDS = ['product', 'cluster', 'computedCluster', 'cell'] as const;
export type RowField = (typeof ROW_FIELDS)[number];
/** Yes/no properties of a product row, as bits. */
export const ROW_BITS = { whitespace: 1, upsell: 2, movedIntoActNow: 4, mismatch: 8 } as const;
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

const DAY_MS = 86_400_000;
export const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const cents = (v: Value | undefined): number => (typeof v === 'number' ? Math.round(v * 100) : 0);
const CLUSTER_RANK = new Map<Value, number>(CLUSTERS.map((c, i) => [c, i]));

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
const EXTRA_FIELDS = [
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
type ExtraField = (typeof EXTRA_FIELDS)[number][0];
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
 * inside one read transaction for a consistent view).
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
  const propensity = imports.filter((c) => PROPENSITY_REPORTS.includes(c.report));
  // A record's precedence for the firmographics (firmBefore): higher wins.
  const precedence = new Uint8Array(imports.length);
  imports
    .map((_, s) => s)
    .sort((a, b) => (firmBefore(imports[a]!, imports[b]!) ? -1 : 1))
    .forEach((s, k) => (precedence[s] = k));

  const { customerOf, columns: sc } = parts;
  const records = parts.customers;
  const m = parts.rowids.length;
  const recordSlot = new Uint8Array(records);
  const slotOfCode = sc.importId.dict!.map((id) => slotOf.get(id as number));
  if (slotOfCode.some((s) => s === undefined || !PROPENSITY_REPORTS.includes(imports[s]!.report)))
    throw new Error('the row store holds other imports than the current ones');
  const importCodes = sc.importId.codes;
  for (let r = 0; r < records; r++) recordSlot[r] = slotOfCode[importCodes[r]!]!;

  // The store's customers: its records in customer ID order, one customer's one after another.
  const idCodes = sc.customerId.codes;
  let stored = 0;
  for (let r = 0; r < records; r++) if (r === 0 || idCodes[r] !== idCodes[r - 1]) stored++;
  const customerOfRecord = new Uint32Array(records);
  const firm = new Int32Array(stored).fill(-1); // the customer's winning store record
  for (let r = 0, c = -1; r < records; r++) {
    if (r === 0 || idCodes[r] !== idCodes[r - 1]) c++;
    customerOfRecord[r] = c;
    const had = firm[c]!;
    if (had < 0 || precedence[recordSlot[r]!]! > precedence[recordSlot[had]!]!) firm[c] = r;
  }
  yield;
  // Customer records the store does not hold: the agreements download's, and a report's
  // customers without a current product there (their count tells which reports have some).
  const counts = new Map(
    (
      db
        .prepare(
          `SELECT import_id, COUNT(*) FROM customers WHERE import_id IN (${placeholders(imports.length)}) GROUP BY import_id`,
        )
        .raw()
        .all(...imports.map((i) => i.id)) as [number, number][]
    ).map(([id, n]) => [id, n]),
  );
  const storeCounts = new Uint32Array(imports.length);
  for (let r = 0; r < records; r++) storeCounts[recordSlot[r]!]!++;
  const extraIds: string[] = []; // customers without a store record, after the store's
  const extraIndex = new Map<string, number>();
  const extra: { c: number; slot: number; rowid: number }[] = [];
  const agreementCustomer = new Map<string, number>();
  const ids = parts.haystacks.customerId;
  const byId = db
    .prepare('SELECT customer_id, rowid FROM customers WHERE import_id = ? ORDER BY customer_id')
    .raw();
  for (const [slot, imp] of imports.entries()) {
    const held = storeCounts[slot]!;
    const all = counts.get(imp.id) ?? 0;
    if (held > all) throw new Error('the row store holds customers the workspace does not');
    if (held === all && imp.report !== 'agreements') continue;
    // Both in customer ID order (BINARY: code points): one walk along the store's customers.
    let c = 0;
    let r = 0; // the first record of customer c
    for (const [id, rowid] of byId.iterate(imp.id) as IterableIterator<[string, number]>) {
      let cmp = -1;
      while (c < stored && (cmp = compareCodePoints(valueOf(ids, idCodes[r]!), id)) < 0) {
        c++;
        while (r < records && customerOfRecord[r] !== c) r++;
      }
      let at: number;
      if (c < stored && cmp === 0) {
        at = c;
        let has = false;
        for (let q = r; q < records && customerOfRecord[q] === c && !has; q++) has = recordSlot[q] === slot;
        if (!has) extra.push({ c, slot, rowid });
      } else {
        let e = extraIndex.get(id);
        if (e === undefined) extraIndex.set(id, (e = extraIds.push(id) - 1));
        at = stored + e;
        extra.push({ c: at, slot, rowid });
      }
      if (imp.report === 'agreements') agreementCustomer.set(id, at);
      if ((extra.length & 1023) === 1023) yield;
    }
  }
  const n = stored + extraIds.length;
  // Rows by customer: the store's customers' in order, none for the others.
  const rowStart = new Uint32Array(n + 1).fill(m);
  for (let j = 0, c = -1; j < m; j++) {
    const cj = customerOfRecord[customerOf[j]!]!;
    while (c < cj) rowStart[++c] = j;
    if ((j & 65535) === 65535) yield;
  }

  // Each customer's firm record: a store record (winner >= 0) or an extra one (-1 - its index).
  const NONE = 0x7fffffff;
  const winner = new Int32Array(n).fill(NONE);
  const firmSlot = new Uint8Array(n);
  for (let c = 0; c < stored; c++) {
    winner[c] = firm[c]!;
    firmSlot[c] = recordSlot[firm[c]!]!;
  }
  extra.forEach((x, e) => {
    if (winner[x.c] === NONE || precedence[x.slot]! > precedence[firmSlot[x.c]!]!) {
      winner[x.c] = -1 - e;
      firmSlot[x.c] = x.slot;
    }
  });
  // The extra records that give a customer its firmographics, read by rowid.
  const extraValues = new Map<ExtraField, Value[]>(EXTRA_FIELDS.map(([f]) => [f, new Array(extra.length)]));
  const idValues: (string | null)[] = new Array<string | null>(extra.length).fill(null);
  const readFirm = db
    .prepare(`SELECT ${EXTRA_FIELDS.map(([, sql]) => sql).join(', ')} FROM customers WHERE rowid = ?`)
    .raw();
  for (let c = 0; c < n; c++) {
    const w = winner[c]!;
    if (w >= 0) continue;
    const e = -1 - w;
    const row = readFirm.get(extra[e]!.rowid) as Value[];
    EXTRA_FIELDS.forEach(([f], k) => (extraValues.get(f)![e] = row[k]!));
    idValues[e] = c < stored ? valueOf(ids, idCodes[firm[c]!]!) : extraIds[c - stored]!;
    if ((c & 1023) === 1023) yield;
  }

  // Firmographic columns: the store's codes of the winning record, with the extra values merged in.
  const columns = {} as Record<CustomerSortField, Ranked>;
  const texts = {} as Record<(typeof TEXT_FIELDS)[number], BookText>;
  for (const f of TEXT_FIELDS) {
    const { ranked, text } = yield* textColumn({
      hay: parts.haystacks[f],
      codes: sc[STORE_FIELD[f]].codes,
      winner,
      extraValues: f === 'customerId' ? idValues : (extraValues.get(f) as (string | null)[]),
    });
    columns[f] = ranked;
    texts[f] = text;
  }
  for (const f of [...LIST_FIELDS, 'orgSize'] as const)
    columns[f] = listColumn(sc[STORE_FIELD[f]], winner, extraValues.get(f)!);
  yield;

  // Per customer, from its rows: whitespace revenue, the hot part of it, the best cluster.
  const wsCents = new Float64Array(n);
  const wsAny = new Uint8Array(n);
  const hot = new Float64Array(n);
  const best = new Uint8Array(n).fill(CLUSTERS.length);
  const rowBits = new Uint8Array(m);
  const dictOf = (f: keyof typeof sc): Value[] => [...sc[f].dict!, null];
  const rows = {} as Record<RowField, RowColumn>;
  for (const f of ROW_FIELDS) rows[f] = { codes: sc[f].codes, dict: dictOf(f) };
  const yes = (f: 'whitespace' | 'upsell') => Uint8Array.from(dictOf(f), (v) => (v === 1 ? 1 : 0));
  const [isWs, isUp] = [yes('whitespace'), yes('upsell')];
  const clusterDict = rows.cluster.dict;
  const computedDict = rows.computedCluster.dict;
  const clusterRank = Uint8Array.from(clusterDict, (v) => CLUSTER_RANK.get(v) ?? CLUSTERS.length);
  const hotCluster = Uint8Array.from(clusterDict, (v) => (v === 'Act Now' || v === 'Evaluate' ? 1 : 0));
  const mismatch = new Uint8Array(clusterDict.length * computedDict.length);
  clusterDict.forEach((a, x) =>
    computedDict.forEach((b, y) => {
      mismatch[x * computedDict.length + y] = a !== null && b !== null && a !== b ? 1 : 0;
    }),
  );
  const revenue = dictOf('whitespaceRevenue');
  const [wsCodes, upCodes, clusterCodes, computedCodes, revenueCodes] = [
    sc.whitespace.codes,
    sc.upsell.codes,
    sc.cluster.codes,
    sc.computedCluster.codes,
    sc.whitespaceRevenue.codes,
  ];
  for (let c = 0; c < stored; c++) {
    for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++) {
      const ws = isWs[wsCodes[j]!]!;
      const cl = clusterCodes[j]!;
      rowBits[j] =
        ws * ROW_BITS.whitespace +
        isUp[upCodes[j]!]! * ROW_BITS.upsell +
        mismatch[cl * computedDict.length + computedCodes[j]!]! * ROW_BITS.mismatch;
      const v = revenue[revenueCodes[j]!];
      if (ws && v !== null) {
        wsCents[c] = wsCents[c]! + cents(v);
        wsAny[c] = 1;
      }
      if (ws && hotCluster[cl]) hot[c] = hot[c]! + cents(v);
      if (clusterRank[cl]! < best[c]!) best[c] = clusterRank[cl]!;
    }
    if ((c & 16383) === 16383) yield;
  }

  // Moved into Act Now: Act Now now, in the report's previous snapshot too but not Act Now there.
  const previousSnapshot = new Map<number, string>();
  const movedCount = new Uint8Array(n);
  const moving = propensity.flatMap((cur) => {
    const prev = previousImport(db, cur);
    if (prev) previousSnapshot.set(cur.id, prev.snapshot);
    return prev ? [{ cur, prev }] : [];
  });
  if (moving.length) {
    // Each import's rowid range, from the store's rows.
    const lo = new Float64Array(imports.length).fill(Infinity);
    const hi = new Float64Array(imports.length).fill(-Infinity);
    for (let j = 0; j < m; j++) {
      const s = recordSlot[customerOf[j]!]!;
      const id = parts.rowids[j]!;
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
    const moved = new Set<number>();
    for (const { cur, prev } of moving) {
      const s = slotOf.get(cur.id)!;
      // In slices of rowids: a statement's step may scan many rows before its next match.
      for (let at = lo[s]!; at <= hi[s]!; at += 8192) {
        for (const rowid of movedRows.iterate(at, Math.min(hi[s]!, at + 8191), cur.id, prev.id, prev.id))
          moved.add(rowid as number);
        yield;
      }
    }
    // Only a current row moves (a shadowed one is not among the store's rows).
    if (moved.size)
      for (let c = 0; c < stored; c++)
        for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++)
          if (moved.has(parts.rowids[j]!)) {
            rowBits[j]! |= ROW_BITS.movedIntoActNow;
            movedCount[c] = 1;
          }
    yield;
  }

  // Open agreements: for the priority, the filters, and the ones ending in the fiscal year.
  const fy = fiscalYearOf(asOf);
  const agreementIds = imports.filter((c) => c.report === 'agreements').map((c) => c.id);
  const open = new Map<number, PriorityFacts['agreements']>();
  const nextEnd = new Float64Array(n).fill(NaN);
  const expiring = new Float64Array(n).fill(NaN);
  let seen = 0;
  for (const [customerId, agreementId, licenseProgram, endDate, amount] of db
    .prepare(
      `SELECT a.customer_id, a.agreement_id, a.license_program, a.end_date, a.expiring_revenue FROM agreements a
       WHERE a.import_id IN (${placeholders(agreementIds.length)}) AND a.end_date IS NOT NULL AND a.end_date >= ?
       ORDER BY a.import_id, a.line`,
    )
    .raw()
    .iterate(...agreementIds, asOf) as IterableIterator<
    [string, string | null, string | null, string, number | null]
  >) {
    const c = agreementCustomer.get(customerId);
    if (c === undefined) continue;
    const list = open.get(c) ?? [];
    if (!list.length) open.set(c, list);
    list.push({ agreementId, licenseProgram, endDate, expiringRevenue: amount });
    if (endDate >= fy.start && endDate <= fy.end) {
      const day = dayOf(endDate);
      if (!(day >= nextEnd[c]!)) nextEnd[c] = day;
      if (amount !== null) expiring[c] = (Number.isNaN(expiring[c]!) ? 0 : expiring[c]!) + cents(amount);
    }
    if ((++seen & 1023) === 0) yield;
  }
  const agreementStart = new Uint32Array(n + 1);
  for (const [c, list] of open) agreementStart[c + 1] = list.length;
  for (let i = 1; i <= n; i++) agreementStart[i]! += agreementStart[i - 1]!;
  const agreementEnd = new Int32Array(agreementStart[n]!);
  for (const [c, list] of open)
    list.forEach((a, k) => (agreementEnd[agreementStart[c]! + k] = dayOf(a.endDate)));

  // Flags of the current propensity imports: the store's records', and the extra records'.
  const flags: CustomerBook['flags'] = [];
  const eos = new Uint8Array(n);
  const eosIds = new Set(parts.flags.eosIds);
  for (const [name, id] of parts.flags.idByName) {
    const set = parts.flags.byId.get(id);
    if (!set) continue;
    flags.push({ name, records: set });
    if (eosIds.has(id)) for (let r = 0; r < records; r++) if (set[r]) eos[customerOfRecord[r]!] = 1;
  }
  const eosOf = db.prepare(
    `SELECT 1 FROM flags g JOIN flag_names n ON n.id = g.flag_id AND n.kind = 'eos'
     WHERE g.import_id = ? AND g.customer_id = ? LIMIT 1`,
  );
  for (const x of extra) {
    if (eos[x.c] || !PROPENSITY_REPORTS.includes(imports[x.slot]!.report)) continue;
    const id = x.c < stored ? valueOf(ids, idCodes[firm[x.c]!]!) : extraIds[x.c - stored]!;
    if (eosOf.get(imports[x.slot]!.id, id) !== undefined) eos[x.c] = 1;
  }
  yield;

  // Whitespace ranks: how many customers have less (percentileRanks in shared/domain/priority).
  const sortedHot = hot.slice().sort();
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
    if ((i & 16383) === 16383) yield;
  }

  // Priority: the rule's points alone (the reasons are worded per page). The rule reads only the
  // best cluster of the products and whether any moved, so one stands for them.
  const priority = new Uint8Array(n);
  const atBest = CLUSTERS.map((cluster) => [{ product: '', cluster, fit: null, intent: null }]);
  const someMoved = [{ product: '', since: '' }];
  const facts: PriorityFacts = { products: [], moved: [], agreements: [], eos: [], whitespace: null };
  const whitespace = { revenue: 0, rank: 0 };
  for (let c = 0; c < n; c++) {
    facts.products = best[c]! < CLUSTERS.length ? atBest[best[c]!]! : [];
    facts.moved = movedCount[c] ? someMoved : [];
    facts.agreements = open.get(c) ?? [];
    facts.eos = eos[c] ? ['eos'] : [];
    whitespace.revenue = hot[c]! / 100;
    whitespace.rank = whitespaceBelow[c]! / n;
    facts.whitespace = whitespace;
    priority[c] = priorityScore(facts, asOf, weights);
    if ((c & 4095) === 4095) yield;
  }
  open.clear();

  // The call list's own sort columns.
  columns.priority = { codes: priority, size: 101, dict: null };
  columns.bestCluster = { codes: best, size: CLUSTERS.length, dict: null };
  columns.eos = { codes: eos, size: 2, dict: null };
  columns.whitespaceRevenue = yield* rankNumbers(
    Float64Array.from(wsCents, (v, i) => (wsAny[i] ? v / 100 : NaN)),
    true,
  );
  columns.nextAgreementEnd = yield* rankNumbers(nextEnd, false);
  columns.expiringRevenue = yield* rankNumbers(
    expiring.map((v) => v / 100),
    true,
  );

  // The tie-break order: account name, then customer ID (blanks last).
  let tie: Uint32Array = new Uint32Array(n);
  for (let i = 0; i < n; i++) tie[i] = i;
  tie = sortByCodes(tie, columns.customerId.codes, columns.customerId.size, false);
  tie = sortByCodes(tie, columns.accountName.codes, columns.accountName.size, false);
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
    whitespaceBelow,
    agreementStart,
    agreementEnd,
    rowStart,
    rows,
    fit: { codes: sc.fit.codes, dict: dictOf('fit') },
    intent: { codes: sc.intent.codes, dict: dictOf('intent') },
    rowBits,
    recordSlot,
    flags,
    eos,
  };
}

/**
 * A list (or org size) column of the book: the store's column of the winning record, with the
 * extra records' values merged in, ranked in `<` order (the reference's) over the values in use.
 */
function listColumn(col: Column, winner: Int32Array, extraValues: Value[]): Ranked {
  const n = winner.length;
  const used = new Uint8Array(col.size + 1);
  const extras = new Set<Value>();
  for (let c = 0; c < n; c++) {
    const w = winner[c]!;
    if (w >= 0) used[col.codes[w]!] = 1;
    else extras.add(extraValues[-1 - w]!);
  }
  const distinct = new Set<Value>(col.dict!.filter((_, k) => used[k]));
  for (const v of extras) if (v !== null) distinct.add(v);
  const dict = [...distinct].sort(compare);
  const rank = new Map<Value, number>(dict.map((v, k) => [v, k]));
  rank.set(null, dict.length);
  const fromStore = Uint32Array.from({ length: col.size + 1 }, (_, k) =>
    k === col.size ? dict.length : (rank.get(col.dict![k]!) ?? 0),
  );
  const codes = codesFor(n, dict.length);
  for (let c = 0; c < n; c++) {
    const w = winner[c]!;
    codes[c] = w >= 0 ? fromStore[col.codes[w]!]! : rank.get(extraValues[-1 - w]!)!;
  }
  return { codes, size: dict.length, dict };
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
