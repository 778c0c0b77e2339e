/**
 * Routing and filters in the hash: `#/propensity?product=M365&cluster=Act%20Now&sort=fit:desc`.
 * Lists repeat their key (values may contain commas); yes/no filters are `=1`. A reload keeps
 * everything, and so does a bookmark.
 */
import { useSyncExternalStore } from 'react';
import type { Filters, Sort } from '../../shared/filters';
import { FACET_FIELDS, ROW_FIELDS } from '../../shared/filters';

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
  const path = rawPath.replace(/^\/+|\/+$/g, '') || 'overview';
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

const LIST_KEYS = [...FACET_FIELDS, 'flag'] as const;
export type ListKey = (typeof LIST_KEYS)[number];
export const TOGGLE_KEYS = ['whitespace', 'upsell', 'eos', 'mismatch', 'movedIntoActNow'] as const;
export type ToggleKey = (typeof TOGGLE_KEYS)[number];

export function filtersFromParams(p: URLSearchParams): Filters {
  const f: Record<string, unknown> = {};
  for (const k of LIST_KEYS) {
    const v = p.getAll(k).filter((s) => s !== '');
    if (v.length) f[k] = v;
  }
  for (const k of TOGGLE_KEYS) {
    const v = p.get(k);
    if (v === '1' || v === 'true') f[k] = true;
    else if (v === '0' || v === 'false') f[k] = false;
  }
  const q = p.get('q');
  if (q) f.search = q;
  return f as Filters;
}

export function filtersToParams(f: Filters, into = new URLSearchParams()): URLSearchParams {
  for (const k of LIST_KEYS) for (const v of (f[k] as string[] | undefined) ?? []) into.append(k, v);
  for (const k of TOGGLE_KEYS) if (f[k] !== undefined) into.set(k, f[k] ? '1' : '0');
  if (f.search) into.set('q', f.search);
  return into;
}

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

/** A Propensity link for the given filters (and optional sort / hidden columns). */
export function propensityHref(f: Filters, sort?: Sort, hidden?: string[]): string {
  const p = filtersToParams(f);
  if (sort?.length) p.set('sort', sortToString(sort));
  if (hidden?.length) p.set('hide', hidden.join(','));
  return href('propensity', p);
}

/** A stable key for effects and datasources: equal filters, equal key. */
export function filtersKey(f: Filters): string {
  return filtersToParams(f).toString();
}
