/**
 * Paging by selection, pure arithmetic over coded columns (no SQL, no store): rows [offset,
 * offset + limit) of a sort's order without sorting every matching row. Counts of the first
 * key's values place the page among those values, and only the rows holding the values the page
 * spans are ordered further, by the next key, and so on. Ties need no work: rows are kept in the
 * tie-break order (customer, product, import), read backwards for a descending first key. Blanks
 * (code `size`) come last in either direction, as SQL's ORDER BY here puts them. Two passes over
 * the matching rows per key: ≈ 10–20 ms for a page at any depth of 1.5M rows.
 */
import type { Codes } from './coding';

/** One sort key over the coded rows. */
export interface SortKey {
  /** Ranks, per row, or per customer record when `perCustomer`; `size` is the NULL (blank) code. */
  codes: Codes;
  size: number;
  perCustomer: boolean;
  desc: boolean;
}

export interface PageQuery {
  /** How many rows there are (rows 0 … rows - 1, in tie order). */
  rows: number;
  /** Row i's customer record (for per-customer keys). */
  customerOf: Uint32Array;
  /** 1 for each row that passes the filters; null when every row does. */
  mask: Uint8Array | null;
  keys: readonly SortKey[];
  offset: number;
  limit: number;
}

/**
 * The rows of one page, in order. `scratch`, if given, is at least 2 × rows long and reused
 * across calls: allocating 12 MB a request made the collector pause answers now and then.
 */
export function selectPage(q: PageQuery, scratch?: Uint32Array): number[] {
  if (q.limit <= 0) return [];
  const ctx: Ctx = { ...q, scratch: scratch ?? new Uint32Array(2 * q.rows) };
  // Ties go by customer, product and import in the first key's direction.
  return select(ctx, null, 0, q.offset, q.limit, q.keys[0]?.desc === true);
}

type Ctx = PageQuery & { scratch: Uint32Array };

/**
 * `rows` null: every row the mask passes (read backwards if asked); else rows already in their
 * tie order, all of one value of each earlier key.
 */
function select(
  ctx: Ctx,
  rows: Uint32Array | null,
  level: number,
  offset: number,
  limit: number,
  backwards: boolean,
): number[] {
  const { mask, keys, customerOf } = ctx;
  const n = rows ? rows.length : ctx.rows;
  if (!rows && level === keys.length) {
    // No sort key: the page is the rows in reading order, found without reading further.
    const out: number[] = [];
    for (let j = 0, seen = 0; j < n && out.length < limit; j++) {
      const r = backwards ? n - 1 - j : j;
      if ((!mask || mask[r]) && seen++ >= offset) out.push(r);
    }
    return out;
  }
  const order = rows ? new Uint32Array(n) : ctx.scratch.subarray(0, n);
  let count = 0;
  for (let j = 0; j < n; j++) {
    const p = backwards ? n - 1 - j : j;
    const r = rows ? rows[p]! : p;
    if (rows || !mask || mask[r]) order[count++] = r;
  }
  if (level === keys.length) return Array.from(order.subarray(offset, Math.min(count, offset + limit)));
  const { size, codes, perCustomer, desc } = keys[level]!;
  const buckets = rows ? new Uint32Array(count) : ctx.scratch.subarray(n, n + count);
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
  if (offset >= count) return [];
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
    for (const r of select(ctx, group, level + 1, from - starts[b]!, to - from, false)) out.push(r);
  }
  return out;
}
