/**
 * The filter panel of the views that are not grids of rows (Overview, Whitespace, Agreements):
 * the grids' facets (counted in customers) beside the view, the scope as chips above it with
 * one click to clear, and the scope in the URL next to the view's own parameters.
 */
import { useEffect, useMemo, type ReactNode } from 'react';
import { FILTERS, type Filters } from '../../../shared/filters';
import { createValueStore } from '../hooks';
import { filtersFromParams, filtersKey, filtersToParams, href, navigate, parseHash } from '../url-state';
import { FacetPanel, FilterChips } from './Facets';

const FILTER_URL_KEYS: ReadonlySet<string> = new Set(Object.values(FILTERS).map((f) => f.urlKey));

/** A link to another view under the same scope, with that view's own parameters. */
export function scopedHref(page: string, filters: Filters, own: Record<string, string> = {}): string {
  const p = filtersToParams(filters);
  for (const [k, v] of Object.entries(own)) p.set(k, v);
  return href(page, p);
}

/** The view's scope from its URL, and how to change it: the view's own parameters are kept. */
export function useScope(
  page: string,
  params: URLSearchParams,
): { filters: Filters; key: string; set: (f: Filters) => void } {
  const key = filtersKey(filtersFromParams(params));
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(key)), [key]);
  const set = useMemo(
    () => (f: Filters) => {
      // Read afresh: the URL is the one source of truth.
      const current = parseHash(location.hash).params;
      const next = new URLSearchParams();
      for (const [k, v] of current) if (!FILTER_URL_KEYS.has(k)) next.append(k, v);
      filtersToParams(f, next);
      navigate(href(page, next));
    },
    [page],
  );
  return { filters, key, set };
}

/**
 * The facets beside the view. `answered`: the filters key of the view's latest answer, so the
 * facets are counted after what the user waits for (the cache answers one query at a time).
 */
export function ScopeLayout({
  filters,
  onChange,
  answered,
  className,
  children,
}: {
  filters: Filters;
  onChange: (f: Filters) => void;
  answered: string | null;
  className?: string;
  children: ReactNode;
}) {
  const store = useMemo(() => createValueStore<string | null>(null), []);
  useEffect(() => store.set(answered), [answered, store]);
  return (
    <div className={`split scoped${className ? ` ${className}` : ''}`}>
      <FacetPanel filters={filters} onChange={onChange} rowsAnswered={store} counts="customers" />
      <div className="scoped-main">{children}</div>
    </div>
  );
}

/** The scope as chips (or "all customers"), with whatever the view shows beside them. */
export function ScopeChips({
  filters,
  onChange,
  children,
}: {
  filters: Filters;
  onChange: (f: Filters) => void;
  children?: ReactNode;
}) {
  return (
    <div className="row between gridbar scope-bar">
      <FilterChips filters={filters} onChange={onChange} noun="customers" />
      {children}
    </div>
  );
}
