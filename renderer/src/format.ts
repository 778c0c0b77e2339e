/** Locale-aware formatting (nl-NL and en-US at least): the user's language, not ours. */
const locale = typeof navigator !== 'undefined' ? navigator.language : 'en-US';

const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
const money = new Intl.NumberFormat(locale, {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const compactMoney = new Intl.NumberFormat(locale, {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});
const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

export function fmtInt(n: number | null | undefined): string {
  return n == null ? '' : integer.format(n);
}
export function fmtNum(n: number | null | undefined): string {
  return n == null ? '' : decimal.format(n);
}
export function fmtMoney(n: number | null | undefined): string {
  return n == null ? '' : money.format(n);
}
export function fmtMoneyShort(n: number | null | undefined): string {
  return n == null ? '' : compactMoney.format(n);
}
/** ISO date (YYYY-MM-DD) → the locale's medium date. */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return date.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}
export function fmtRows(n: number): string {
  return `${integer.format(n)} ${n === 1 ? 'row' : 'rows'}`;
}
export function fmtSeconds(s: number | null | undefined): string {
  if (s == null) return '–';
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}
