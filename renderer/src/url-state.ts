/**
 * Routing and filters in the hash: `#/propensity?product=M365&cluster=Act%20Now&sort=fit:desc`.
 * The filters' keys and form come from the registry (shared/filters/url.ts): lists repeat their
 * key (values may contain commas); yes/no filters are `=1`. A reload keeps everything, and so
 * does a bookmark.
 */
import { useSyncExternalStore } from 'react';
import type { Filters, ListFilterKey, Sort, ToggleFilterKey } from '../../shared/filters';
import { ROW_FIELDS, TOGGLE_FILTERS, filtersToParams } from '../../shared/filters';

export { filtersFromParams, filtersToParams } from '../../shared/filters';

export interface Route {
  path: string;
  params: URLSearchParams;
}

const listeners = new Set<() => void>();
let current = location.hash;

function notify(): void {
  current = location.hash;
  for (const l of listeners) l();
}
window.addEventListener('hashchange', notify);

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const rawPath = q >= 0 ? h.slice(0, q) : h;
  // '' is the landing view, which App chooses (the call list once there is current data).
  const path = rawPath.replace(/^\/+|\/+$/g, '');
  return { path, params: new URLSearchParams(q >= 0 ? h.slice(q + 1) : '') };
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
  return parseHash(hash);
}

export function href(path: string, params?: URLSearchParams): string {
  const qs = params?.toString();
  return `#/${path}${qs ? `?${qs}` : ''}`;
}

/** Goes to a route; `replace` keeps the history entry (typing in a search box, sorting). */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === location.hash) return;
  if (opts.replace) {
    history.replaceState(null, '', location.pathname + location.search + to);
    notify();
  } else {
    location.hash = to;
    // The URL has changed now, but 'hashchange' comes a task later: without this, a click that
    // sets a filter ended with its controlled checkbox still showing the old state.
    notify();
  }
}

export type ListKey = ListFilterKey;
/** The yes/no filters, in the order the facets panel shows them. */
export const TOGGLE_KEYS: readonly ToggleFilterKey[] = TOGGLE_FILTERS;
export type ToggleKey = ToggleFilterKey;

export function sortFromParams(p: URLSearchParams): Sort {
  const s = p.get('sort');
  if (!s) return [];
  const out: Sort = [];
  for (const part of s.split(',')) {
    const [field, dir] = part.split(':');
    if ((ROW_FIELDS as readonly string[]).includes(field ?? '') && (dir === 'asc' || dir === 'desc'))
      out.push({ field: field as Sort[number]['field'], dir });
  }
  return out.slice(0, 5);
}

export function sortToString(s: Sort): string {
  return s.map((x) => `${x.field}:${x.dir}`).join(',');
}

/** A Propensity link for the given filters (a saved view's link: SavedViews.tsx viewHref). */
export function propensityHref(f: Filters): string {
  return href('propensity', filtersToParams(f));
}

/** A stable key for effects and datasources: equal filters, equal key. */
export function filtersKey(f: Filters): string {
  return filtersToParams(f).toString();
}
