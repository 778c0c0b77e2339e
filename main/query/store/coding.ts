/**
 * Column coding: each value of a column is coded by its rank among the column's distinct values,
 * so that comparing codes is comparing values as SQLite's ORDER BY does (numbers before text,
 * text by code point as BINARY compares UTF-8). NULL's code is one past the ranks. Also the
 * radix sort over codes that puts rows in their tie order.
 */
import { sortSteps, type Steps } from '../turns';

export type Value = string | number | null;
export type Codes = Uint8Array | Uint16Array | Uint32Array;

/** A column: each value coded by its rank among the column's distinct values; code `size` is NULL. */
export interface Column {
  size: number;
  codes: Codes;
  /** Codes per customer record (import × customer) rather than per row. */
  perCustomer: boolean;
  /** The distinct values in order, kept for the columns that filters name (sorting needs only codes). */
  dict: Value[] | null;
}

const RADIX_BITS = 11;

/**
 * Distinct values in SQLite's ascending order: numbers before text, text by code point (as
 * BINARY compares UTF-8 bytes). UTF-16 order, which `<` uses, differs from it only where a
 * surrogate meets U+E000–U+FFFF, so the slow comparison runs only when a surrogate is present.
 * In steps: 500k account names take ≈ 0.4 s to sort, too long to hold up the requests answered
 * meanwhile.
 */
export function* sortValues(values: Value[]): Steps<number[]> {
  const idx = values.map((_, c) => c).filter((c) => values[c] !== null);
  const surrogates = values.some((v) => typeof v === 'string' && hasSurrogate(v));
  const text = surrogates ? compareCodePoints : (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return yield* sortSteps(idx, (a, b) => {
    const x = values[a]!;
    const y = values[b]!;
    if (typeof x === 'number') return typeof y === 'number' ? x - y : -1;
    return typeof y === 'number' ? 1 : text(x, y);
  });
}

export const hasSurrogate = (s: string): boolean => /[\uD800-\uDFFF]/.test(s);

/** Text in BINARY's order (UTF-8 bytes, i.e. code points), not `<`'s (UTF-16 units). */
export function compareCodePoints(x: string, y: string): number {
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
export class ColumnBuilder {
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
  /** The column, its values ranked. */
  *finish(count: number, perCustomer: boolean): Steps<Column & { dict: Value[] }> {
    const order = yield* sortValues(this.values);
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

/** `a` in the order given: out[j] = a[order[j]]. */
export function gather<T extends Codes | Float64Array>(a: T, order: ArrayLike<number>): T {
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
export function sortByCodes(
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
