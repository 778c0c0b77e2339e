/**
 * The call list's columns as codes (customer-book.ts): each value coded by its rank among the
 * column's distinct values, so that any sort is a few counting-sort passes and any list filter a
 * table lookup. Work that can take long at 500k customers (sorting their names) is written as
 * generators that `yield` where the builder may give the event loop a turn (./turns.ts Steps).
 */
import { sortSteps, type Steps } from './turns';

export type Codes = Uint8Array | Uint16Array | Uint32Array;
export type Value = string | number | null;

/** A ranked column: code c is the c-th smallest distinct value, `size` is NULL. */
export interface Ranked {
  codes: Codes;
  size: number;
  /** The distinct values in order (kept for the columns filters and facets name). */
  dict: Value[] | null;
}

/** The narrowest array for codes 0..max. */
export function codesFor(n: number, max: number): Codes {
  return max < 0x100 ? new Uint8Array(n) : max < 0x10000 ? new Uint16Array(n) : new Uint32Array(n);
}

/**
 * The order the reference comparator (customer-reference.ts) uses: JS `<` on strings and on
 * numbers; a column holds one type.
 */
export const compare = (x: Value, y: Value): number => (x! < y! ? -1 : x! > y! ? 1 : 0);

/**
 * Ranks of numbers (NaN: a blank, coded `size`); `keep`: the distinct values are kept. A typed
 * sort and a binary search each: no map of 500k values.
 */
export function* rankNumbers(values: Float64Array, keep: boolean): Steps<Ranked> {
  const distinct = values.filter((v) => !Number.isNaN(v)).sort();
  yield;
  let size = 0;
  for (let i = 0; i < distinct.length; i++)
    if (i === 0 || distinct[i] !== distinct[size - 1]) distinct[size++] = distinct[i]!;
  const codes = codesFor(values.length, size);
  for (let i = 0; i < values.length; i += 65_536) {
    rankInto(values, distinct.subarray(0, size), codes, i, Math.min(values.length, i + 65_536));
    yield;
  }
  return { codes, size, dict: keep ? Array.from(distinct.subarray(0, size)) : null };
}

/** codes[i] = the rank of values[i] among `distinct` (sorted; NaN: distinct.length), for [from, to). */
function rankInto(
  values: Float64Array,
  distinct: Float64Array,
  codes: Codes,
  from: number,
  to: number,
): void {
  const size = distinct.length;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    let lo = 0;
    if (Number.isNaN(v)) lo = size;
    else
      for (let hi = size - 1; lo < hi;) {
        const mid = (lo + hi) >>> 1;
        if (distinct[mid]! < v) lo = mid + 1;
        else hi = mid;
      }
    codes[i] = lo;
  }
}

/** Codes each value by its rank among the distinct values (`keep`: the ranked values are kept). */
export function* rankSteps(values: Value[], keep: boolean): Steps<Ranked> {
  const seen = new Map<Value, number>();
  const first: number[] = [];
  const raw = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    let c = seen.get(v);
    if (c === undefined) {
      seen.set(v, (c = first.length));
      first.push(i);
    }
    raw[i] = c;
    if ((i & 4095) === 4095) yield;
  }
  const distinct = first.map((i) => values[i]!);
  const nonNull = distinct.flatMap((v, c) => (v === null ? [] : [c]));
  const order = yield* sortSteps(nonNull, (a, b) => compare(distinct[a]!, distinct[b]!));
  const remap = new Uint32Array(distinct.length).fill(order.length);
  order.forEach((c, rank) => (remap[c] = rank));
  const size = order.length;
  const codes = codesFor(values.length, size);
  for (let i = 0; i < values.length; i++) {
    codes[i] = remap[raw[i]!]!;
    if ((i & 65535) === 65535) yield;
  }
  yield;
  return { codes, size, dict: keep ? order.map((c) => distinct[c]!) : null };
}

/**
 * `perm` stably sorted by the codes of its entries (a counting sort: codes are ranks); `desc`
 * reverses the ranks, NULL (code `size`) stays last either way.
 */
export function sortByCodes(perm: Uint32Array, codes: Codes, size: number, desc: boolean): Uint32Array {
  const starts = new Uint32Array(size + 2);
  for (let j = 0; j < perm.length; j++) {
    const c = codes[perm[j]!]!;
    starts[(c === size || !desc ? c : size - 1 - c) + 1]!++;
  }
  for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
  const out = new Uint32Array(perm.length);
  for (let j = 0; j < perm.length; j++) {
    const r = perm[j]!;
    const c = codes[r]!;
    out[starts[c === size || !desc ? c : size - 1 - c]!++] = r;
  }
  return out;
}
