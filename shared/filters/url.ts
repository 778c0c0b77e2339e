/**
 * Filters in a query string, from the registry's URL keys: lists repeat their key (values may
 * contain commas), yes/no filters are `=1` or `=0`, ranges are `fit=70..` (the CLI's form; a
 * range that does not read as one is left out, as a bad toggle is), the search is `q`. No browser API but
 * URLSearchParams, so that Node tests can check the round trip.
 */
import {
  FACET_FIELDS,
  FILTERS,
  LIST_FILTERS,
  RANGE_FILTERS,
  TOGGLE_FILTERS,
  formatRange,
  parseRange,
  type FilterKey,
  type Filters,
  type ListFilterKey,
} from './registry';

/** The lists in the order their keys are written: the facets, then the others (flags). */
const LIST_ORDER: readonly ListFilterKey[] = [
  ...FACET_FIELDS,
  ...LIST_FILTERS.filter((k) => !(FACET_FIELDS as readonly string[]).includes(k)),
];
const TEXT_FILTERS = (Object.keys(FILTERS) as FilterKey[]).filter((k) => FILTERS[k].kind === 'text');

export function filtersFromParams(p: URLSearchParams): Filters {
  const f: Record<string, unknown> = {};
  for (const k of LIST_ORDER) {
    const v = p.getAll(FILTERS[k].urlKey).filter((s) => s !== '');
    if (v.length) f[k] = v;
  }
  for (const k of TOGGLE_FILTERS) {
    const v = p.get(FILTERS[k].urlKey);
    if (v === '1' || v === 'true') f[k] = true;
    else if (v === '0' || v === 'false') f[k] = false;
  }
  for (const k of RANGE_FILTERS) {
    const v = p.get(FILTERS[k].urlKey);
    const r = v === null ? null : parseRange(k, v);
    if (r && 'value' in r && FILTERS[k].schema.safeParse(r.value).success) f[k] = r.value;
  }
  for (const k of TEXT_FILTERS) {
    const v = p.get(FILTERS[k].urlKey);
    if (v) f[k] = v;
  }
  return f;
}

export function filtersToParams(f: Filters, into = new URLSearchParams()): URLSearchParams {
  for (const k of LIST_ORDER) for (const v of f[k] ?? []) into.append(FILTERS[k].urlKey, v);
  for (const k of RANGE_FILTERS) {
    const v = f[k];
    if (v !== undefined) into.set(FILTERS[k].urlKey, formatRange(v));
  }
  for (const k of TOGGLE_FILTERS) if (f[k] !== undefined) into.set(FILTERS[k].urlKey, f[k] ? '1' : '0');
  for (const k of TEXT_FILTERS) {
    const v = f[k] as string | undefined;
    if (v) into.set(FILTERS[k].urlKey, v);
  }
  return into;
}
