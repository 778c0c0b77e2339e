import { issueText } from '../../shared/i18n/issues';
import type { CellValue } from './records';

export type Parsed<T> = { ok: true; value: T | null } | { ok: false; message: string };
export type DateOrder = 'mdy' | 'dmy';

const NULL_TOKENS = new Set(['', '-', 'n/a', 'null']);
// Space-like thousands separators: space, NBSP, narrow NBSP, apostrophes (de-CH style).
const SPACE_SEPS = /[ \u00a0\u202f'\u2019]/;
const CURRENCY_PREFIX = /^(?:[$€£¥]|usd|eur)\s*/i;
const CURRENCY_SUFFIX = /\s*(?:[$€£¥]|usd|eur)$/i;

const NULL: Parsed<never> = { ok: true, value: null };
const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });
// A cell's failures, in the words the import stores (shared/i18n/issues.ts, their one place).
const NOT_NUMBER = issueText({ kind: 'notNumber' });
const NOT_WHOLE_NUMBER = issueText({ kind: 'notWholeNumber' });
const NOT_SCORE = issueText({ kind: 'notScore' });
const SCORE_NOT_WHOLE = issueText({ kind: 'scoreNotWhole' });
const SCORE_OUT_OF_RANGE = issueText({ kind: 'scoreOutOfRange' });
const NOT_PERCENTAGE = issueText({ kind: 'notPercentage' });
const NOT_YES_NO = issueText({ kind: 'notYesNo' });
const NOT_VALID_DATE = issueText({ kind: 'notValidDate' });
const NOT_DATE = issueText({ kind: 'notDate' });
const EXCEL_SERIAL_60 = issueText({ kind: 'excelSerial60' });

/** Trim including NBSP / narrow NBSP, which String#trim already covers (Unicode Zs). */
function clean(v: string): string {
  return v.trim();
}

function isNullText(s: string): boolean {
  return NULL_TOKENS.has(s.toLowerCase());
}

const GROUPED_COMMA = /^\d{1,3}(?:,\d{3})+$/;
const GROUPED_DOT = /^\d{1,3}(?:\.\d{3})+$/;
const SPACE_GROUPED = /^(\d{1,3}(?:[ \u00a0\u202f'\u2019]\d{3})+)(?:[.,](\d+))?$/;
const SCIENTIFIC = /^\d+(?:\.\d+)?[eE][+-]?\d+$/;

/**
 * Turns an unsigned numeric body ("1,234.50", "1.234,5", "1 234,5") into a plain decimal
 * string for Number(), so money stays exact to the cent. null = not a number.
 */
function normalizeBody(body: string, decimalComma: boolean | undefined): string | null {
  if (SCIENTIFIC.test(body)) return body;
  if (SPACE_SEPS.test(body)) {
    const m = SPACE_GROUPED.exec(body);
    if (!m) return null;
    const int = m[1]!.replace(/\D/g, '');
    return m[2] !== undefined ? `${int}.${m[2]}` : int;
  }
  if (!/^[\d.,]+$/.test(body) || !/\d/.test(body)) return null;
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  let int: string;
  let frac: string | undefined;
  if (lastDot >= 0 && lastComma >= 0) {
    // Both present: the last one is the decimal separator, the other groups thousands.
    const dec = lastDot > lastComma ? '.' : ',';
    const thou = dec === '.' ? ',' : '.';
    const at = Math.max(lastDot, lastComma);
    int = body.slice(0, at);
    frac = body.slice(at + 1);
    const grouped = dec === '.' ? GROUPED_COMMA : GROUPED_DOT;
    if (!grouped.test(int) && !/^\d+$/.test(int)) return null;
    if (int.includes(dec)) return null;
    int = int.split(thou).join('');
  } else if (lastComma >= 0) {
    const single = lastComma === body.indexOf(',');
    if (decimalComma === true && single) {
      int = body.slice(0, lastComma);
      frac = body.slice(lastComma + 1);
    } else if (GROUPED_COMMA.test(body)) {
      int = body.replace(/,/g, '');
    } else if (single) {
      int = body.slice(0, lastComma);
      frac = body.slice(lastComma + 1);
    } else return null;
  } else if (lastDot >= 0) {
    const single = lastDot === body.indexOf('.');
    if (decimalComma === true && GROUPED_DOT.test(body)) {
      int = body.replace(/\./g, '');
    } else if (single) {
      int = body.slice(0, lastDot);
      frac = body.slice(lastDot + 1);
    } else if (GROUPED_DOT.test(body)) {
      int = body.replace(/\./g, ''); // "1.234.567" cannot be a decimal
    } else return null;
  } else {
    int = body;
  }
  if (int === '') int = '0'; // ".5"
  if (!/^\d+$/.test(int)) return null;
  if (frac === undefined) return int;
  if (!/^\d+$/.test(frac)) return null;
  return `${int}.${frac}`;
}

/**
 * Numbers as Excel users type them: currency symbols/codes either side, thousands
 * separators, parentheses or a sign for negatives, a trailing % (ignored).
 */
export function parseNumber(v: CellValue, opts?: { decimalComma?: boolean }): Parsed<number> {
  if (v === null || v === undefined) return NULL;
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, value: v } : fail(NOT_NUMBER);
  if (typeof v !== 'string') return fail(NOT_NUMBER);
  let s = clean(v);
  if (isNullText(s)) return NULL;
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    s = paren[1]!.trim();
  }
  // A sign before and after a currency prefix: "$-12" and "-$12" both occur. (A loop, not a
  // closure: this runs for every money cell of a load.)
  for (let pass = 0; pass < 2; pass++) {
    const c = s[0];
    if (c === '-' || c === '\u2212' || c === '+') {
      if (c !== '+') negative = !negative;
      s = s.slice(1).trim();
    }
    if (pass === 1) break;
    const unprefixed = s.replace(CURRENCY_PREFIX, '');
    if (unprefixed === s) break;
    s = unprefixed;
  }
  s = s.replace(CURRENCY_SUFFIX, '');
  if (s.endsWith('%')) s = s.slice(0, -1).trim();
  s = s.replace(CURRENCY_SUFFIX, '');
  const body = normalizeBody(s, opts?.decimalComma);
  if (body === null) return fail(NOT_NUMBER);
  const value = Number(body);
  if (!Number.isFinite(value)) return fail(NOT_NUMBER);
  return { ok: true, value: negative && value !== 0 ? -value : value };
}

export function parseInteger(v: CellValue): Parsed<number> {
  const r = parseNumber(v);
  if (!r.ok || r.value === null) return r;
  return Number.isInteger(r.value) ? r : fail(NOT_WHOLE_NUMBER);
}

/** Fit/Intent scores: whole numbers 0..100; "75%" and "75.0" are accepted. */
export function parseScore(v: CellValue): Parsed<number> {
  const r = parseNumber(v);
  if (!r.ok) return fail(NOT_SCORE);
  if (r.value === null) return r;
  if (!Number.isInteger(r.value)) return fail(SCORE_NOT_WHOLE);
  if (r.value < 0 || r.value > 100) return fail(SCORE_OUT_OF_RANGE);
  return r;
}

/** "75%" → 75; a plain number is returned as is (no ×100 for a 0.75 fraction). */
export function parsePercent(v: CellValue): Parsed<number> {
  const r = parseNumber(v);
  return r.ok ? r : fail(NOT_PERCENTAGE);
}

const TRUE_WORDS = new Set(['yes', 'y', 'true', '1']);
const FALSE_WORDS = new Set(['no', 'n', 'false', '0']);

export function parseBool(v: CellValue): Parsed<boolean> {
  if (v === null || v === undefined) return NULL;
  if (typeof v === 'boolean') return { ok: true, value: v };
  if (typeof v === 'number') {
    if (v === 1) return { ok: true, value: true };
    if (v === 0) return { ok: true, value: false };
    return fail(NOT_YES_NO);
  }
  if (typeof v !== 'string') return fail(NOT_YES_NO);
  const s = clean(v).toLowerCase();
  if (isNullText(s)) return NULL;
  if (TRUE_WORDS.has(s)) return { ok: true, value: true };
  if (FALSE_WORDS.has(s)) return { ok: true, value: false };
  return fail(NOT_YES_NO);
}

// Numeric dates with 1–2 digit day/month and a 4-digit year, optionally with a time.
const DMY_LIKE =
  /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?)?$/i;
const ISO_LIKE =
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const SERIAL = /^\d+(?:\.\d+)?$/;
const MAX_SERIAL = 2958465; // 9999-12-31

/** Any first part > 12 → dmy; any second part > 12 → mdy; both or neither → null. */
export function detectDateOrder(samples: string[]): DateOrder | null {
  let dmy = false;
  let mdy = false;
  for (const raw of samples) {
    const m = DMY_LIKE.exec(clean(raw));
    if (!m) continue;
    if (Number(m[1]) > 12) dmy = true;
    if (Number(m[3]) > 12) mdy = true;
  }
  if (dmy === mdy) return null;
  return dmy ? 'dmy' : 'mdy';
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function ymd(y: number, m: number, d: number): Parsed<string> {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return fail(NOT_VALID_DATE);
  const dim = [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  if (d > dim) return fail(NOT_VALID_DATE);
  return { ok: true, value: `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}` };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * Excel serials (1900 system). Excel counts the non-existent 1900-02-29 as serial 60, so
 * serials 1..59 count from 1899-12-31 and serials ≥ 61 from 1899-12-30; 60 is rejected.
 * A fractional part (time of day) is dropped.
 */
function fromSerial(serial: number): Parsed<string> {
  const day = Math.floor(serial);
  if (!(day >= 1 && day <= MAX_SERIAL)) return fail(NOT_DATE);
  if (day === 60) return fail(EXCEL_SERIAL_60);
  const base = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const d = new Date(base + day * 86_400_000);
  return { ok: true, value: d.toISOString().slice(0, 10) };
}

/**
 * → 'YYYY-MM-DD'. Date objects use their UTC parts (exceljs builds dates in UTC). For
 * D/M vs M/D: an explicit order wins; otherwise an unambiguous value decides itself and
 * an ambiguous one reads '/' as M/D/Y and '-' or '.' as D-M-Y.
 */
export function parseDate(v: CellValue, order?: DateOrder | null): Parsed<string> {
  if (v === null || v === undefined) return NULL;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return fail(NOT_VALID_DATE);
    return ymd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  }
  if (typeof v === 'number') return fromSerial(v);
  if (typeof v !== 'string') return fail(NOT_DATE);
  const s = clean(v);
  if (isNullText(s)) return NULL;
  let m = ISO_LIKE.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[3]), Number(m[4]));
  m = DMY_LIKE.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = Number(m[4]);
    let o = order ?? null;
    if (!o) o = a > 12 ? 'dmy' : b > 12 ? 'mdy' : m[2] === '/' ? 'mdy' : 'dmy';
    return o === 'mdy' ? ymd(y, a, b) : ymd(y, b, a);
  }
  if (SERIAL.test(s)) return fromSerial(Number(s));
  return fail(NOT_DATE);
}

/** Strips sign, currency, percent and spaces so only the digit/separator body is left. */
function numericBody(raw: string): string {
  return clean(raw)
    .replace(/^\(|\)$/g, '')
    .replace(/^[-+\u2212]/, '')
    .replace(CURRENCY_PREFIX, '')
    .replace(/^[-+\u2212]/, '')
    .replace(/%$/, '')
    .replace(CURRENCY_SUFFIX, '')
    .trim();
}

/**
 * true: some sample only reads as decimal comma ("1234,5", "1.234,56", "0,75", "1.234.567");
 * false: some sample only reads as decimal point ("1,234.56", "12.5", "1,234,567");
 * null: undecided, or the samples contradict each other.
 */
export function detectDecimalComma(samples: string[]): boolean | null {
  let comma = false;
  let point = false;
  for (const raw of samples) {
    let body = numericBody(raw);
    if (SPACE_SEPS.test(body)) body = body.replace(/[ \u00a0\u202f'\u2019]/g, '');
    if (!/^[\d.,]+$/.test(body) || !/\d/.test(body)) continue;
    const lastDot = body.lastIndexOf('.');
    const lastComma = body.lastIndexOf(',');
    if (lastDot >= 0 && lastComma >= 0) {
      if (lastComma > lastDot) comma = true;
      else point = true;
    } else if (lastComma >= 0) {
      if (GROUPED_COMMA.test(body)) {
        if (body.indexOf(',') !== lastComma) point = true; // "1,234,567": thousands commas
      } else if (body.indexOf(',') === lastComma) comma = true;
    } else if (lastDot >= 0) {
      if (GROUPED_DOT.test(body)) {
        if (body.indexOf('.') !== lastDot) comma = true; // "1.234.567": thousands dots
      } else if (body.indexOf('.') === lastDot) point = true;
    }
  }
  if (comma === point) return null;
  return comma;
}
