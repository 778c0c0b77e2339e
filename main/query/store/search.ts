/**
 * Quick search over the store: LIKE '%text%' over a column's values, which folds ASCII letters
 * only. Each searched column's values are held as one ASCII-lower-cased text joined by NUL, so
 * that a search is one indexOf pass over it instead of a test per value, and a bit per character
 * that was an upper-case letter, so that the values themselves can be read back (the call list's
 * book sorts and finds customers by them) for an eighth of a second text.
 */
import type { Value } from './coding';

/** A column's values, ASCII lower-cased and joined by NUL, for substring search in one pass. */
export interface Haystack {
  text: string;
  /** Where value c starts; starts[size] is text.length + 1. */
  starts: Uint32Array;
  /** Bit i (of byte i >> 3) set where character i of the text was A–Z before lower-casing. */
  upper: Uint8Array;
}

export function haystackOf(dict: Value[]): Haystack {
  const parts = dict.map(String);
  const starts = new Uint32Array(parts.length + 1);
  for (let c = 0, at = 0; c <= parts.length; c++) {
    starts[c] = at;
    at += (parts[c]?.length ?? 0) + 1;
  }
  const joined = parts.join('\u0000');
  const upper = new Uint8Array((joined.length + 7) >>> 3);
  for (let i = 0; i < joined.length; i++) {
    const ch = joined.charCodeAt(i);
    if (ch >= 65 && ch <= 90) upper[i >>> 3]! |= 1 << (i & 7);
  }
  // Lower-casing ASCII keeps every length, so the whole text is lowered at once.
  return { text: lowerAscii(joined), starts, upper };
}

/** Value c of a haystack as it was (its upper-case letters restored). */
export function valueOf(hay: Haystack, c: number): string {
  const from = hay.starts[c]!;
  const to = hay.starts[c + 1]! - 1;
  const { text, upper } = hay;
  let any = false;
  for (let i = from; i < to && !any; i++) any = (upper[i >>> 3]! & (1 << (i & 7))) !== 0;
  if (!any) return text.slice(from, to);
  let out = '';
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    out += String.fromCharCode(upper[i >>> 3]! & (1 << (i & 7)) ? ch - 32 : ch);
  }
  return out;
}

/**
 * Which values of a haystack contain `text` as LIKE '%text%' finds it: 1 per code that does.
 * One entry more than the values, for NULL's code, which never matches.
 */
export function valuesContaining(hay: Haystack, text: string): Uint8Array {
  const needle = lowerAscii(text);
  const { text: all, starts } = hay;
  const ok = new Uint8Array(starts.length);
  if (needle.includes('\u0000')) {
    // A NUL in the needle would match across two values in the joined text: test each value.
    for (let c = 0; c + 1 < starts.length; c++)
      if (all.slice(starts[c], starts[c + 1]! - 1).includes(needle)) ok[c] = 1;
  } else {
    for (let at = all.indexOf(needle); at >= 0;) {
      const c = valueAt(starts, at);
      ok[c] = 1;
      at = all.indexOf(needle, starts[c + 1]);
    }
  }
  return ok;
}

/** The value whose text holds position `at` of a haystack. */
function valueAt(starts: Uint32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function lowerAscii(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
