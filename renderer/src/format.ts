/**
 * Numbers and dates in the chosen language (i18n/index.tsx sets it: en → en-US, nl → nl-NL:
 * `US$ 1.234,56`, `2 dec. 2026`); amounts stay in US dollars, the downloads' currency.
 */
import { t } from './i18n';

function formatters(tag: string) {
  return {
    integer: new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }),
    decimal: new Intl.NumberFormat(tag, { maximumFractionDigits: 2 }),
    money: new Intl.NumberFormat(tag, {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }),
    compactMoney: new Intl.NumberFormat(tag, {
      style: 'currency',
      currency: 'USD',
      notation: 'compact',
      maximumFractionDigits: 1,
    }),
    date: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }),
    dateTime: new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' }),
  };
}

let f = formatters('en-US');

/** The BCP 47 tag numbers and dates are formatted with from now on. */
export function setFormatLocale(tag: string): void {
  f = formatters(tag);
}

export function fmtInt(n: number | null | undefined): string {
  return n == null ? '' : f.integer.format(n);
}
export function fmtNum(n: number | null | undefined): string {
  return n == null ? '' : f.decimal.format(n);
}
export function fmtMoney(n: number | null | undefined): string {
  return n == null ? '' : f.money.format(n);
}
export function fmtMoneyShort(n: number | null | undefined): string {
  // Under a thousand, whole dollars: the compact form's one decimal would read as cents ($974.5).
  return n == null ? '' : f.compactMoney.format(Math.abs(n) < 1000 ? Math.round(n) : n);
}
/** ISO date (YYYY-MM-DD) → the locale's medium date. */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return f.date.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : f.dateTime.format(d);
}
/** "1 row", "1,234 rows" / "1 rij", "1.234 rijen". */
export function fmtRows(n: number): string {
  return t('count.rows', { count: n });
}
export function fmtSeconds(s: number | null | undefined): string {
  if (s == null) return t('common.dash');
  if (s < 60) return t('time.seconds', { s: Math.round(s) });
  const m = Math.floor(s / 60);
  return t('time.minutes', { m, s: Math.round(s - m * 60) });
}
