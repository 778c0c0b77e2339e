/**
 * The call list's meaning of each filter of the registry (shared/filters/registry.ts), keyed by
 * its keys: the type asks for an entry for every filter, so a new one cannot be forgotten here
 * (as filter-sql.ts and filter-masks.ts do for the rows). A filter either describes the customer
 * (its firmographics, its search, its end of service), or describes a product row: a customer
 * then matches when ONE of its current products matches ALL product-level filters at once
 * (M365 + Act Now = Act Now for M365). The tests compiled here run over the book's arrays
 * (customer-book.ts); customer-reference.ts is the reference they are held to.
 */
import {
  BLANK,
  FACET_FIELDS,
  FILTER_KEYS,
  type FacetField,
  isActive,
  type DateRange,
  type FilterKey,
  type Filters,
  type NumberRange,
} from '../../shared/filters';
import {
  ROW_BITS,
  TEXT_FIELDS,
  dayOf,
  type CustomerBook,
  type ListField,
  type RowBit,
  type RowField,
} from './customer-book';
import type { Value } from './customer-rank';
import { ranksContaining } from './customer-texts';
import { Lru } from './memo';

/** The customer's own list columns (the call list's firmographics). */
export type CustomerListField = ListField;

/** What a filter can ask of the book: each call adds one test. */
export interface CustomerFilterTarget {
  /** The customer's value of `field` is one of `values` (BLANK: empty). */
  customerList(field: CustomerListField, values: readonly string[]): void;
  /** Account name, customer ID or domain contains `text`, as LIKE '%text%' does. */
  customerSearch(text: string): void;
  /** The customer has (`want` false: has no) end-of-service flag. */
  customerEos(want: boolean): void;
  /** Product level: the row's `field` is one of `values` (BLANK: empty). */
  rowList(field: RowField, values: readonly string[]): void;
  /** Product level: the row has (or has not) the property. */
  rowBit(bit: RowBit, want: boolean): void;
  /** Product level: the row's customer record (its import) has every one of these flags. */
  rowFlags(names: readonly string[]): void;
  /** Product level: the row's score within the range (a blank never is). */
  rowRange(field: 'fit' | 'intent', range: NumberRange): void;
  /** The customer's figure within the range (a blank never is). */
  customerRange(field: 'orgSize' | 'whitespaceRevenue' | 'expiringRevenue', range: NumberRange): void;
  /** The customer has an open agreement (not ended on the as-of date) ending within the dates. */
  customerAgreementEnd(range: DateRange): void;
}

type Meaning<K extends FilterKey> = (value: NonNullable<Filters[K]>, t: CustomerFilterTarget) => void;

export const CUSTOMER_FILTERS: { [K in FilterKey]: Meaning<K> } = {
  product: (v, t) => t.rowList('product', v),
  cluster: (v, t) => t.rowList('cluster', v),
  cell: (v, t) => t.rowList('cell', v),
  computedCluster: (v, t) => t.rowList('computedCluster', v),
  whitespace: (v, t) => t.rowBit('whitespace', v),
  upsell: (v, t) => t.rowBit('upsell', v),
  mismatch: (v, t) => t.rowBit('mismatch', v),
  movedIntoActNow: (v, t) => t.rowBit('movedIntoActNow', v),
  flag: (v, t) => t.rowFlags(v),
  fit: (v, t) => t.rowRange('fit', v),
  intent: (v, t) => t.rowRange('intent', v),
  country: (v, t) => t.customerList('country', v),
  salesTerritory: (v, t) => t.customerList('salesTerritory', v),
  // The customer's total over its whitespace products: the call list's column.
  whitespaceRevenue: (v, t) => t.customerRange('whitespaceRevenue', v),
  orgSize: (v, t) => t.customerRange('orgSize', v),
  // This fiscal year's, over its open agreements: the call list's column.
  expiringRevenue: (v, t) => t.customerRange('expiringRevenue', v),
  agreementEnd: (v, t) => t.customerAgreementEnd(v),
  area: (v, t) => t.customerList('area', v),
  industry: (v, t) => t.customerList('industry', v),
  vertical: (v, t) => t.customerList('vertical', v),
  subSegment: (v, t) => t.customerList('segment', v),
  eos: (v, t) => t.customerEos(v),
  search: (v, t) => t.customerSearch(v.trim()),
};

export interface CustomerTest {
  key: FilterKey;
  test: (c: number) => boolean;
  /** The same test as a table over codes, when it is one: test(i) is ok[codes[i]] === 1. */
  table?: Table;
}
export interface RowTest {
  key: FilterKey;
  /** Product row j (of any customer). */
  test: (j: number) => boolean;
  table?: Table;
}
export interface Table {
  codes: ArrayLike<number>;
  ok: Uint8Array;
}

/** A test that is a table over codes. */
const tableTest = (key: FilterKey, codes: ArrayLike<number>, ok: Uint8Array) => ({
  key,
  test: (i: number) => ok[codes[i]!] === 1,
  table: { codes, ok },
});
export interface Plan {
  customer: CustomerTest[];
  row: RowTest[];
}

/** A list's values as a table over a column's codes (BLANK is the blank's code). */
function allowed(
  dict: readonly (string | number | null)[],
  blankCode: number,
  values: readonly string[],
): Uint8Array {
  const ok = new Uint8Array(Math.max(dict.length, blankCode) + 1);
  const want = new Set<string | number | null>(values.map((v) => (v === BLANK ? null : v)));
  dict.forEach((v, c) => {
    if (want.has(v)) ok[c] = 1;
  });
  if (want.has(null)) ok[blankCode] = 1;
  return ok;
}

/** A range as a table over a column's codes: the numbers within it (a blank never is). */
function within(dict: readonly Value[], { min, max }: NumberRange): Uint8Array {
  const ok = new Uint8Array(dict.length + 1);
  dict.forEach((v, c) => {
    if (typeof v === 'number' && (min === undefined || v >= min) && (max === undefined || v <= max))
      ok[c] = 1;
  });
  return ok;
}

const searches = new WeakMap<CustomerBook, Lru<Uint8Array>>();

/** 1 for each customer whose account name, customer ID or domain holds `text` (a few kept per book). */
function searchHits(book: CustomerBook, text: string): Uint8Array {
  let lru = searches.get(book);
  if (!lru) searches.set(book, (lru = new Lru(4)));
  return lru.get(text, () => {
    const hit = new Uint8Array(book.n);
    for (const f of TEXT_FIELDS) {
      const { codes, size } = book.columns[f];
      orInto(hit, ranksContaining(book.texts[f], size, text), codes);
    }
    return hit;
  });
}

/** hit[c] |= ok[codes[c]]. */
function orInto(hit: Uint8Array, ok: Uint8Array, codes: ArrayLike<number>): void {
  for (let c = 0; c < hit.length; c++) hit[c]! |= ok[codes[c]!]!;
}

/** The tests of a filter set over a book, each tagged with its filter's key. */
export function planOf(book: CustomerBook, f: Filters): Plan {
  const plan: Plan = { customer: [], row: [] };
  let key: FilterKey = FILTER_KEYS[0]!;
  const target: CustomerFilterTarget = {
    customerList(field, values) {
      const { codes, dict, size } = book.columns[field];
      plan.customer.push(tableTest(key, codes, allowed(dict!, size, values)));
    },
    customerSearch(text) {
      plan.customer.push(tableTest(key, searchHits(book, text), Uint8Array.of(0, 1)));
    },
    customerEos(want) {
      plan.customer.push(tableTest(key, book.eos, Uint8Array.of(want ? 0 : 1, want ? 1 : 0)));
    },
    rowList(field, values) {
      const { codes, dict } = book.rows[field];
      const blank = dict.indexOf(null);
      plan.row.push(tableTest(key, codes, allowed(dict, blank < 0 ? dict.length : blank, values)));
    },
    rowBit(bit, want) {
      const b = ROW_BITS[bit];
      const w = want ? b : 0;
      const ok = Uint8Array.from({ length: 16 }, (_, bits) => ((bits & b) === w ? 1 : 0));
      plan.row.push(tableTest(key, book.rowBits, ok));
    },
    rowFlags(names) {
      // The flags of the row's record (its import × customer), every one of them.
      const sets = names.map((n) => book.flags.find((f) => f.name === n)?.records);
      const { customerOf } = book.parts;
      plan.row.push({
        key,
        test: (j) => {
          const r = customerOf[j]!;
          for (const set of sets) if (!set?.[r]) return false;
          return true;
        },
      });
    },
    rowRange(field, range) {
      const { codes, dict } = book[field];
      plan.row.push(tableTest(key, codes, within(dict, range)));
    },
    customerRange(field, range) {
      const { codes, dict } = book.columns[field];
      plan.customer.push(tableTest(key, codes, within(dict!, range)));
    },
    customerAgreementEnd({ from, to }) {
      const lo = from === undefined ? -Infinity : dayOf(from);
      const hi = to === undefined ? Infinity : dayOf(to);
      const { agreementStart, agreementEnd } = book;
      plan.customer.push({
        key,
        test: (c) => {
          for (let a = agreementStart[c]!; a < agreementStart[c + 1]!; a++)
            if (agreementEnd[a]! >= lo && agreementEnd[a]! <= hi) return true;
          return false;
        },
      });
    },
  };
  for (const k of FILTER_KEYS) {
    if (!isActive(k, f[k])) continue;
    key = k;
    (CUSTOMER_FILTERS[k] as unknown as Meaning<FilterKey>)(f[k]!, target);
  }
  return plan;
}

/**
 * How many of a set of tests each item (customer or product row) fails: 0, 1, or 2 for more; and
 * when one, which facet's (its index in FACET_FIELDS, -1 for a test that is no facet's). One
 * tight loop per test over all items, a table's without a call per item.
 */
export function failures(tests: (CustomerTest | RowTest)[], fails: Uint8Array, failed: Int8Array): void {
  fails.fill(0);
  for (const t of tests) {
    const f = FACET_FIELDS.indexOf(t.key as FacetField);
    if (t.table) failTable(t.table, f, fails, failed);
    else
      for (let i = 0; i < fails.length; i++)
        if (!t.test(i)) {
          if (fails[i]! < 2) fails[i]!++;
          failed[i] = f;
        }
  }
}

function failTable({ codes, ok }: Table, f: number, fails: Uint8Array, failed: Int8Array): void {
  for (let i = 0; i < fails.length; i++)
    if (ok[codes[i]!] !== 1) {
      if (fails[i]! < 2) fails[i]!++;
      failed[i] = f;
    }
}

export interface Matching {
  /** 1 for each customer that passes; null when every customer does. */
  mask: Uint8Array | null;
  total: number;
}

const matches = new WeakMap<CustomerBook, Lru<Matching>>();

/**
 * The customers a filter set passes (a few filter sets remembered per book): every customer
 * test, and when there are row tests, all of them on one of its rows.
 */
export function matchingOf(book: CustomerBook, f: Filters): Matching {
  let lru = matches.get(book);
  if (!lru) matches.set(book, (lru = new Lru(8)));
  return lru.get(JSON.stringify(f), () => {
    const plan = planOf(book, f);
    if (!plan.customer.length && !plan.row.length) return { mask: null, total: book.n };
    const cFails = new Uint8Array(book.n);
    failures(plan.customer, cFails, new Int8Array(book.n));
    const rowFails = new Uint8Array(book.rowBits.length);
    failures(plan.row, rowFails, new Int8Array(rowFails.length));
    const mask = new Uint8Array(book.n);
    return { mask, total: passing(book.rowStart, cFails, plan.row.length ? rowFails : null, mask) };
  });
}

/** mask[c] = 1 for customers failing no test whose rows (when `rowFails`) include one failing none. */
function passing(
  rowStart: Uint32Array,
  cFails: Uint8Array,
  rowFails: Uint8Array | null,
  mask: Uint8Array,
): number {
  let total = 0;
  for (let c = 0; c < mask.length; c++) {
    if (cFails[c] !== 0) continue;
    let ok = rowFails === null;
    for (let j = rowStart[c]!; !ok && j < rowStart[c + 1]!; j++) ok = rowFails![j] === 0;
    if (ok) total += mask[c] = 1;
  }
  return total;
}
