/**
 * The name an export is offered under: the saved view's name, else the scope in words, then the
 * as-of date ("Evaluate + Nurture, Retail — 2026-12-02.csv"), made safe on every OS.
 */
import type { Filters } from '../../shared/filters';
import type { Locale } from '../../shared/i18n/locales';
import { scopeWords } from './describe';
import { wordsFor } from './words';

/** Longest stem kept before the date: file systems allow 255 bytes, some tools fewer. */
const MAX_STEM = 120;
/** Names Windows reserves whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * A file name's stem that every OS accepts: no path separators or characters Windows refuses
 * (< > : " / \ | ? *), no control characters, no leading dots or trailing dots and spaces, not a
 * reserved device name, at most MAX_STEM characters (cut between code points).
 */
export function safeStem(s: string, fallback: string): string {
  let t = s
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/[<>"|?*]/g, '')
    .replace(/\s*:\s*/g, ' - ')
    .replace(/[/\\]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  if ([...t].length > MAX_STEM) t = [...t].slice(0, MAX_STEM).join('').trim() + '…';
  t = t.replace(/[.\s]+$/, '');
  if (!t || RESERVED.test(t.split('.')[0]!)) t = t ? `${t} (export)` : fallback;
  return t;
}

export function exportFileName(opts: {
  view?: string;
  filters: Filters;
  asOf: string;
  format: 'xlsx' | 'csv';
  lang?: Locale;
}): string {
  const all = wordsFor(opts.lang).t('file.all');
  const words = opts.view?.trim() || scopeWords(opts.filters, opts.lang) || all;
  return `${safeStem(words, all)} — ${opts.asOf}.${opts.format}`;
}
