/**
 * The languages the UI and the workbook speak. English is the fallback; the stored values (cluster
 * names, filter values, JSON keys) are English whatever the language, only what a person reads
 * changes. See docs/i18n.md for the library chosen and docs/glossary.md for the terms.
 */
export const LOCALES = ['en', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The BCP 47 tag each language formats numbers and dates with (nl: `US$ 1.234,56`, `2 dec. 2026`). */
export const FORMAT_TAG: Record<Locale, string> = { en: 'en-US', nl: 'nl-NL' };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/** The first supported language among the OS's or browser's preferred tags (`nl-BE` → nl), else English. */
export function pickLocale(tags: readonly string[]): Locale {
  for (const tag of tags) {
    const lang = tag.toLowerCase().split(/[-_]/)[0];
    if (isLocale(lang)) return lang;
  }
  return DEFAULT_LOCALE;
}
