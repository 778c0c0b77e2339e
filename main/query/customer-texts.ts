/**
 * The call list's text columns (customer ID, account name, domain): ranks for sorting, and where
 * each rank's value is held for quick search and for reading it back. The values are the row
 * store's (store/search.ts haystacks, shared, not copied): a customer's firmographics mostly come
 * from a record the store holds. The few that come from elsewhere (a record of the agreements
 * download, or of a report where the customer has no current product) are merged into the ranks
 * and held beside. The ranks are in `<` order, as the reference sorts (customer-reference.ts);
 * the store's are in code-point order, the same unless a value holds a surrogate pair, in which
 * case the ranks are made from the values themselves.
 */
import { compareCodePoints, hasSurrogate, type Codes } from './store/coding';
import { haystackOf, valueOf, valuesContaining, type Haystack } from './store/search';
import { codesFor, rankSteps, type Ranked } from './customer-rank';
import type { Steps } from './turns';
import { SLICE } from './customer-book-build';

export interface BookText {
  /** The texts most values are in: the row store's, or the book's own. */
  hay: Haystack;
  /** Rank → value `h` of `hay` (h >= 0) or value -1 - h of `extra`; null: rank r is value r of `hay`. */
  toHay: Int32Array | null;
  extra: Haystack | null;
}

/**
 * Customer c's value: its firm record's in the store (`winner[c]` >= 0, a store record whose code
 * in `codes` names a value of `hay`), else extra record -1 - winner[c]'s (`extraValues`).
 */
export interface TextSource {
  hay: Haystack;
  codes: ArrayLike<number>;
  winner: Int32Array;
  extraValues: (string | null)[];
}

/** A text column of the book: its ranks per customer, and its values. */
export function* textColumn(src: TextSource): Steps<{ ranked: Ranked; text: BookText }> {
  const { hay, codes, winner, extraValues } = src;
  const n = winner.length;
  const size = hay.starts.length - 1;
  const extras = [...new Set(extraValues.filter((v): v is string => v !== null))];
  if (hasSurrogate(hay.text) || extras.some(hasSurrogate)) return yield* rankedAfresh(src);
  // `<` is code-point order here: merge the extras' values into the store's ranks.
  extras.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  /** For each extra value: the store's rank of it, or (-1 - the number of store values below it). */
  const place = extras.map((v) => {
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareCodePoints(valueOf(hay, mid), v) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < size && valueOf(hay, lo) === v ? lo : -1 - lo;
  });
  const added = place.flatMap((p, i) => (p < 0 ? [i] : []));
  const below = added.map((i) => -1 - place[i]!); // non-decreasing
  const total = size + added.length;
  /** The merged rank of store value k: k plus the added values that sort before it. */
  const rankOfStore = (k: number): number => {
    let lo = 0;
    let hi = below.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (below[mid]! <= k) lo = mid + 1;
      else hi = mid;
    }
    return k + lo;
  };
  const rankOfExtra = new Map<string, number>();
  extras.forEach((v, i) => {
    const p = place[i]!;
    if (p >= 0) rankOfExtra.set(v, rankOfStore(p));
  });
  added.forEach((i, a) => rankOfExtra.set(extras[i]!, below[a]! + a));
  yield;
  const out = codesFor(n, total);
  const rankOf = (w: number): number => {
    if (w >= 0) {
      const k = codes[w]!;
      return k === size ? total : added.length ? rankOfStore(k) : k;
    }
    const v = extraValues[-1 - w]!;
    return v === null ? total : rankOfExtra.get(v)!;
  };
  for (let c = 0; c < n; c += SLICE) {
    fill(out, winner, rankOf, c, Math.min(n, c + SLICE));
    yield;
  }
  let toHay: Int32Array | null = null;
  if (added.length) {
    toHay = new Int32Array(total);
    for (let k = 0, a = 0; k < size || a < added.length;) {
      if (a < added.length && below[a]! <= k) {
        toHay[below[a]! + a] = -1 - a;
        a++;
      } else {
        toHay[k + a] = k;
        k++;
      }
    }
  }
  return {
    ranked: { codes: out, size: total, dict: null },
    text: { hay, toHay, extra: added.length ? haystackOf(added.map((i) => extras[i]!)) : null },
  };
}

/** out[c] = rankOf(winner[c]) for customers [from, to): a loop of its own, which the engine optimises. */
function fill(out: Codes, winner: Int32Array, rankOf: (w: number) => number, from: number, to: number): void {
  for (let c = from; c < to; c++) out[c] = rankOf(winner[c]!);
}

/** Ranks made from the values themselves (some hold a surrogate pair), with texts of their own. */
function* rankedAfresh(src: TextSource): Steps<{ ranked: Ranked; text: BookText }> {
  const { hay, codes, winner, extraValues } = src;
  const size = hay.starts.length - 1;
  const values: (string | null)[] = new Array<string | null>(winner.length);
  for (let c = 0; c < winner.length; c++) {
    const w = winner[c]!;
    const k = w >= 0 ? codes[w]! : -1;
    values[c] = w < 0 ? extraValues[-1 - w]! : k === size ? null : valueOf(hay, k);
    if ((c & 16383) === 16383) yield;
  }
  const ranked = yield* rankSteps(values, true);
  const text = { hay: haystackOf(ranked.dict!), toHay: null, extra: null };
  return { ranked: { ...ranked, dict: null }, text };
}

/** The value of rank `code` (null: the blank's code). */
export function textAt(text: BookText, size: number, code: number): string | null {
  if (code >= size) return null;
  const h = text.toHay ? text.toHay[code]! : code;
  return h >= 0 ? valueOf(text.hay, h) : valueOf(text.extra!, -1 - h);
}

/** Which ranks hold `needle` as LIKE '%needle%' finds it (ASCII letters in any case): 1 per rank. */
export function ranksContaining(text: BookText, size: number, needle: string): Uint8Array {
  const inHay = valuesContaining(text.hay, needle);
  const inExtra = text.extra ? valuesContaining(text.extra, needle) : null;
  if (!text.toHay) return inHay; // one entry past the values: the blank's, never set
  const out = new Uint8Array(size + 1);
  for (let r = 0; r < size; r++) {
    const h = text.toHay[r]!;
    out[r] = h >= 0 ? inHay[h]! : inExtra![-1 - h]!;
  }
  return out;
}
