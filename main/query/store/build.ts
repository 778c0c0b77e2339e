/**
 * The build: reads the current rows' store columns (./columns.ts) from SQL inside one read
 * transaction, import by import along their rowids, codes each column (./coding.ts), and puts
 * rows and customer records in the tie-break order. Written as steps (../turns.ts): the service
 * runs them giving the event loop a turn every TURN_MS, the call list's book (for another as-of
 * date, or in a process without a row store) at once.
 */
import type { DB } from '../../cache/db';
import { currentImports, currentPropensityIds, placeholders, shadowedRowsWhere } from '../current';
import { runInTurns, type Steps } from '../turns';
import { ColumnBuilder, gather, sortByCodes, type Column, type Value } from './coding';
import {
  CUSTOMER_FIELDS,
  KEEP_VALUES,
  ROW_FIELDS_HELD,
  STORE_COLUMNS,
  SEARCHED_FIELDS,
  isUnique,
  type SearchedField,
  type StoreField,
} from './columns';
import { rowStoreKey } from './key';
import type { Flags, StoreParts } from './parts';
import { haystackOf, type Haystack } from './search';

/** The store's parts of the current data; null when `cancelled()` turns true. */
export function buildParts(db: DB, cancelled: () => boolean): Promise<StoreParts | null> {
  return runInTurns(partsSteps(db), cancelled);
}

/**
 * The parts of the data current as of `asOf` (today by default), in one read transaction (the
 * caller's, when it has one open).
 */
export function* partsSteps(db: DB, asOf?: string): Steps<StoreParts> {
  const own = !db.inTransaction;
  if (own) db.exec('BEGIN');
  try {
    const key = rowStoreKey(db, asOf);
    const ids = currentPropensityIds(db, asOf);
    const snapshots = new Map(currentImports(db, asOf).map((i) => [i.id, i.snapshot]));
    const inCurrent = `import_id IN (${placeholders(ids.length)})`;
    const count = (table: string) =>
      ids.length
        ? (db
            .prepare(`SELECT COUNT(*) FROM ${table} WHERE ${inCurrent}`)
            .pluck()
            .get(...ids) as number)
        : 0;
    // Rows a winning report replaces (a product two current reports carry) are not current.
    const shadowed = shadowedRowsWhere(db, 'p', asOf);
    const skip = shadowed
      ? new Set(
          db
            .prepare(`SELECT p.rowid FROM propensity p WHERE ${shadowed.sql}`)
            .pluck()
            .all(...shadowed.params) as number[],
        )
      : null;
    const n = count('propensity') - (skip?.size ?? 0);
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
        `SELECT rowid, ${[...CUSTOMER_FIELDS, ...ROW_FIELDS_HELD].map((k) => STORE_COLUMNS[k].sql).join(', ')}
         FROM propensity WHERE rowid BETWEEN ? AND ? AND +import_id = ? ORDER BY rowid`,
      )
      .raw();
    function* currentRows(): Generator<Value[]> {
      for (const r of ranges) yield* read.iterate(r.lo, r.hi, r.id) as IterableIterator<Value[]>;
    }
    const maxRowid = Math.max(0, ...ranges.map((r) => r.hi));
    const rowids = maxRowid <= 0xffffffff ? new Uint32Array(n) : new Float64Array(n);
    const customerOf = new Uint32Array(n);
    const customerCapacity = count('customers');
    const customerBuilders = CUSTOMER_FIELDS.map((k) => new ColumnBuilder(customerCapacity, !isUnique(k)));
    const rowBuilders = ROW_FIELDS_HELD.map(() => new ColumnBuilder(n));
    const snapshotBuilder = new ColumnBuilder(n);
    const idAt = 1 + CUSTOMER_FIELDS.indexOf('customerId');
    const importAt = 1 + CUSTOMER_FIELDS.indexOf('importId');
    // Customer records by import and customer ID. A customer's product rows are written one
    // after another, so a record is looked up only when the customer changes.
    const records = new Map<number, Map<string, number>>(ids.map((id) => [id, new Map()]));
    let recordCount = 0;
    let lastImport = -1;
    let lastCustomer = '';
    let record = -1;
    let i = 0;
    const base = 1 + CUSTOMER_FIELDS.length;
    for (const r of currentRows()) {
      if (skip?.has(r[0] as number)) continue;
      if (i >= n) throw new Error('the cache changed while it was read');
      rowids[i] = r[0] as number;
      const customerId = r[idAt] as string;
      const importId = r[importAt] as number;
      if (importId !== lastImport || customerId !== lastCustomer) {
        const ofImport = records.get(importId)!;
        let rec = ofImport.get(customerId);
        if (rec === undefined) {
          rec = recordCount++;
          ofImport.set(customerId, rec);
          for (let c = 0; c < CUSTOMER_FIELDS.length; c++) customerBuilders[c]!.add(rec, r[1 + c]!);
        }
        record = rec;
        lastImport = importId;
        lastCustomer = customerId;
      }
      customerOf[i] = record;
      for (let c = 0; c < ROW_FIELDS_HELD.length; c++) rowBuilders[c]!.add(i, r[base + c]!);
      snapshotBuilder.add(i, snapshots.get(importId) ?? null);
      if ((++i & 255) === 0) yield;
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
      if ((++seen & 255) === 0) yield;
    }

    const columns = {} as Record<StoreField, Column>;
    const haystacks = {} as Record<SearchedField, Haystack>;
    function* finish(field: StoreField, builder: ColumnBuilder, count: number, perCustomer: boolean) {
      const col = yield* builder.finish(count, perCustomer);
      if ((SEARCHED_FIELDS as readonly string[]).includes(field))
        haystacks[field as SearchedField] = haystackOf(col.dict);
      columns[field] = { ...col, dict: KEEP_VALUES.has(field) ? col.dict : null };
      yield;
    }
    for (const [c, k] of CUSTOMER_FIELDS.entries()) yield* finish(k, customerBuilders[c]!, recordCount, true);
    for (const [c, k] of ROW_FIELDS_HELD.entries()) yield* finish(k, rowBuilders[c]!, n, false);
    yield* finish('snapshot', snapshotBuilder, n, false);
    const arranged = yield* inTieOrder({ rowids, customerOf, columns, flags, customers: recordCount });
    return { key, ...arranged, columns, haystacks, flags, customers: recordCount };
  } finally {
    if (own) db.exec('COMMIT');
  }
}

/**
 * Puts the rows and customer records in the tie-break order (customer, product, import), so that
 * a sort's first pass, and a filter's, read every array in order.
 */
function* inTieOrder(
  parts: Omit<StoreParts, 'key' | 'haystacks'>,
): Steps<{ rowids: Uint32Array | Float64Array; customerOf: Uint32Array }> {
  const { columns, customerOf, flags, customers } = parts;
  let tie: Uint32Array = new Uint32Array(customerOf.length);
  for (let i = 0; i < tie.length; i++) tie[i] = i;
  // The last pass decides first: by customer, then product, then import.
  for (const field of ['importId', 'product', 'customerId'] as const) {
    const col = columns[field];
    tie = sortByCodes(tie, col.codes, col.size, col.perCustomer ? customerOf : null);
    yield;
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
    yield;
  }
  for (const [id, set] of flags.byId) flags.byId.set(id, gather(set, records));
  return { rowids, customerOf: byTie };
}
