import { describe, expect, it } from 'vitest';
import { selectPage, type PageQuery, type SortKey } from '../../main/query/store/paging';

/** A per-row key over codes; `size` is the blank (NULL) code. */
const key = (codes: number[], size: number, desc = false): SortKey => ({
  codes: Uint8Array.from(codes),
  size,
  perCustomer: false,
  desc,
});

function page(q: Partial<PageQuery> & { rows: number }, offset: number, limit: number): number[] {
  return selectPage({
    customerOf: new Uint32Array(q.rows),
    mask: null,
    keys: [],
    ...q,
    offset,
    limit,
  });
}

/**
 * The order selection must give, written the slow, obvious way: every passing row sorted by
 * each key (blanks last either way), ties by reading order, which is backwards when the first
 * key is descending.
 */
function reference(q: PageQuery): number[] {
  const rows = [...Array(q.rows).keys()].filter((r) => !q.mask || q.mask[r]);
  const backwards = q.keys[0]?.desc === true;
  const rank = (k: SortKey, r: number) => {
    const c = k.codes[k.perCustomer ? q.customerOf[r]! : r]!;
    return c === k.size ? Infinity : k.desc ? -c : c;
  };
  return rows.sort((a, b) => {
    for (const k of q.keys) {
      const d = rank(k, a) - rank(k, b);
      if (d !== 0 && !Number.isNaN(d)) return d;
    }
    return backwards ? b - a : a - b;
  });
}

describe('paging by selection', () => {
  // Rows 0..7; values: 0=a, 1=b, 2=c, 3 = blank.
  const codes = [1, 0, 3, 1, 2, 0, 1, 3];
  const asc = { rows: 8, keys: [key(codes, 3)] };
  const desc = { rows: 8, keys: [key(codes, 3, true)] };

  it('starts at offset 0 with the smallest value, ties in reading order', () => {
    expect(page(asc, 0, 3)).toEqual([1, 5, 0]);
  });

  it('starts a page inside a run of ties and ends inside another', () => {
    // Full order: a(1,5) b(0,3,6) c(4) blank(2,7).
    expect(page(asc, 3, 3)).toEqual([3, 6, 4]);
    expect(page(asc, 2, 1)).toEqual([0]);
    expect(page(asc, 4, 1)).toEqual([6]);
  });

  it('puts blanks last ascending and descending', () => {
    expect(page(asc, 6, 10)).toEqual([2, 7]);
    // Descending: c(4) b(6,3,0) a(5,1) blank(7,2) — ties read backwards.
    expect(page(desc, 0, 8)).toEqual([4, 6, 3, 0, 5, 1, 7, 2]);
    expect(page(desc, 6, 5)).toEqual([7, 2]);
  });

  it('returns nothing past the end, a short page at the end, nothing for limit 0', () => {
    expect(page(asc, 8, 5)).toEqual([]);
    expect(page(asc, 100, 5)).toEqual([]);
    expect(page(asc, 7, 5)).toEqual([7]);
    expect(page(asc, 0, 0)).toEqual([]);
  });

  it('pages without a sort key in reading order, under a mask', () => {
    const mask = Uint8Array.from([1, 0, 1, 1, 0, 1, 1, 0]);
    expect(page({ rows: 8, mask }, 0, 3)).toEqual([0, 2, 3]);
    expect(page({ rows: 8, mask }, 3, 10)).toEqual([5, 6]);
    expect(page({ rows: 8, mask }, 5, 10)).toEqual([]);
  });

  it('counts only the rows the mask passes for the offset', () => {
    const mask = Uint8Array.from([1, 1, 0, 0, 1, 1, 1, 1]);
    // Passing: a(1,5) b(0,6) c(4) blank(7).
    expect(page({ ...asc, mask }, 0, 10)).toEqual([1, 5, 0, 6, 4, 7]);
    expect(page({ ...asc, mask }, 3, 2)).toEqual([6, 4]);
  });

  it('orders ties of the first key by the second, and keeps the first key’s direction for ties', () => {
    const second = key([1, 0, 0, 0, 0, 1, 0, 1], 2, true);
    // First key desc, second desc: c(4) | b: 0→1 first, then 6,3 (both 0, read backwards) |
    // a: 5→1, 1→0 | blank: 7, 2.
    expect(page({ rows: 8, keys: [key(codes, 3, true), second] }, 0, 8)).toEqual([4, 0, 6, 3, 5, 1, 7, 2]);
  });

  it('reads a per-customer key through each row’s customer record', () => {
    const customerOf = Uint32Array.from([0, 0, 1, 1, 2, 2]);
    const byCustomer: SortKey = {
      codes: Uint8Array.from([2, 0, 1]),
      size: 3,
      perCustomer: true,
      desc: false,
    };
    expect(page({ rows: 6, customerOf, keys: [byCustomer] }, 0, 6)).toEqual([2, 3, 4, 5, 0, 1]);
    expect(page({ rows: 6, customerOf, keys: [byCustomer] }, 1, 2)).toEqual([3, 4]);
  });

  it('gives every page of the obvious order, for many random columns, masks and directions', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    for (let trial = 0; trial < 60; trial++) {
      const rows = 1 + rand(300);
      const customers = 1 + rand(rows);
      const customerOf = Uint32Array.from({ length: rows }, () => rand(customers));
      const keys = Array.from({ length: rand(4) }, () => {
        const size = 1 + rand(6);
        const perCustomer = rand(3) === 0;
        return {
          codes: Uint16Array.from({ length: perCustomer ? customers : rows }, () => rand(size + 1)),
          size,
          perCustomer,
          desc: rand(2) === 1,
        };
      });
      const mask = rand(2) ? Uint8Array.from({ length: rows }, () => (rand(3) ? 1 : 0)) : null;
      const q = { rows, customerOf, mask, keys, offset: 0, limit: 0 };
      const all = reference(q);
      const scratch = new Uint32Array(2 * rows);
      for (const offset of [0, 1, Math.floor(all.length / 2), Math.max(0, all.length - 3), all.length]) {
        for (const limit of [1, 7, rows]) {
          const got = selectPage({ ...q, offset, limit }, rand(2) ? scratch : undefined);
          expect(got, `trial ${trial}, offset ${offset}, limit ${limit}`).toEqual(
            all.slice(offset, offset + limit),
          );
        }
      }
    }
  });
});
