/**
 * The scope in words, per language: the workbook's "Filters" line and the words a file is named
 * after. Both are generated from the filter registry (shared/filters/registry.ts), one filter at a
 * time, so a filter added there appears here without a change; Dutch replaces the registry's
 * English names where shared/i18n/workbook.ts has them.
 */
import {
  FILTERS,
  FILTER_KEYS,
  describeFilters as registryDescribe,
  isActive,
  type Filters,
} from '../../shared/filters';
import type { Locale } from '../../shared/i18n/locales';
import { FILTER_WORDS_NL } from '../../shared/i18n/workbook';
import { wordsFor } from './words';

const CLUSTER_LISTS = new Set(['cluster', 'computedCluster']);

/** One active filter in the registry's words ("Product: M365, Azure"; "Whitespace only"), in `lang`. */
function describeOne(key: (typeof FILTER_KEYS)[number], f: Filters, lang: Locale): string {
  const def = FILTERS[key] as { kind: string; describe: unknown };
  const english = registryDescribe({ [key]: f[key] });
  if (lang === 'en') return english;
  const w = wordsFor(lang);
  if (def.kind === 'list' && Array.isArray(f[key])) {
    const values = (f[key] as string[]).map((v) => (CLUSTER_LISTS.has(key) ? w.cluster(v) : v));
    return `${FILTER_WORDS_NL[key] ?? (def.describe as string)}: ${values.join(', ')}`;
  }
  if (FILTER_WORDS_NL[english]) return FILTER_WORDS_NL[english];
  const prefix = typeof def.describe === 'string' ? `${def.describe}: ` : null;
  if (prefix && english.startsWith(prefix) && FILTER_WORDS_NL[key])
    return `${FILTER_WORDS_NL[key]}: ${english.slice(prefix.length)}`;
  return english;
}

/** The Summary's "Filters" line in `lang`; null when no filter is set. */
export function describeScope(f: Filters, lang: Locale = 'en'): string | null {
  const active = FILTER_KEYS.filter((k) => isActive(k, f[k]));
  if (!active.length) return null;
  // The registry's order of kinds: lists, then yes/no filters, then the rest (search, ranges).
  const rank = (k: (typeof FILTER_KEYS)[number]) => {
    const kind = (FILTERS[k] as { kind: string }).kind;
    return kind === 'list' ? 0 : kind === 'toggle' ? 1 : 2;
  };
  return active
    .map((k, i) => ({ k, i }))
    .sort((a, b) => rank(a.k) - rank(b.k) || a.i - b.i)
    .map(({ k }) => describeOne(k, f, lang))
    .join('; ');
}

/**
 * The scope as a file name's words: the values of each list ("Evaluate + Nurture"), the wording of
 * the other filters, filters separated by ", ": "Evaluate + Nurture, Retail".
 */
export function scopeWords(f: Filters, lang: Locale = 'en'): string | null {
  const active = FILTER_KEYS.filter((k) => isActive(k, f[k]));
  if (!active.length) return null;
  const w = wordsFor(lang);
  return active
    .map((k) => {
      const def = FILTERS[k] as { kind: string };
      if (def.kind === 'list' && Array.isArray(f[k]))
        return (f[k] as string[]).map((v) => (CLUSTER_LISTS.has(k) ? w.cluster(v) : v)).join(' + ');
      return describeOne(k, f, lang);
    })
    .join(', ');
}

/** The English "Filters" line as the workbook writes it, "None (…)" when no filter is set. */
export function describeFilters(f: Filters): string {
  return describeScope(f, 'en') ?? wordsFor('en').t('summary.noFilters');
}
