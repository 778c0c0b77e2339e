/**
 * A date as a person reads and types it in the UI's language, for the date fields the app draws
 * itself (a browser's `<input type=date>` follows the browser's locale, not the UI's): Dutch
 * dd-mm-jjjj (`01-12-2026`; a one-digit day or month, `1-12-2026`, is read too), English the ISO
 * form yyyy-mm-dd (`2026-12-01`; docs/i18n.md says why). Parsed strictly: that order and
 * separator only, a four-digit year, a real calendar date in the years the filters take; anything
 * else is refused, never guessed. Filters and URLs keep ISO whatever the language.
 */
import { IsoDate } from '../../shared/dates';
import type { Locale } from '../../shared/i18n/locales';

const PATTERN: Record<Locale, RegExp> = {
  nl: /^(?<d>\d{1,2})-(?<m>\d{1,2})-(?<y>\d{4})$/,
  en: /^(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})$/,
};

const pad = (s: string) => s.padStart(2, '0');

/** An ISO date (YYYY-MM-DD) as the field shows it in `locale`; anything else as it is. */
export function formatDateInput(iso: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return locale === 'nl' ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

/** What was typed, as an ISO date, or null when it is no date of `locale`'s form. */
export function parseDateInput(text: string, locale: Locale): string | null {
  const g = PATTERN[locale].exec(text.trim())?.groups;
  if (!g) return null;
  const iso = `${g.y}-${pad(g.m!)}-${pad(g.d!)}`;
  return IsoDate.safeParse(iso).success ? iso : null;
}
