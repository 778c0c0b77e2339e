/**
 * CSV for target lists: RFC 4180 quoting, and text that a spreadsheet would run as a
 * formula (=, +, -, @, tab, CR first) prefixed with a single quote unless it is a plain number.
 * The full-width and small forms of = + - @ (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫) count too: spreadsheets
 * with East Asian input read a leading ＝ as =.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function neutraliseFormula(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** A value a CSV field can hold: what a row's fields are. */
export type CsvValue = string | number | boolean | Date | null | undefined;

export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  const s = neutraliseFormula(v instanceof Date ? v.toISOString().slice(0, 10) : v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: CsvValue[]): string {
  return values.map(csvField).join(',') + '\r\n';
}
