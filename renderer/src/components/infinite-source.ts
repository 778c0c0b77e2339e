/**
 * The datasource of an infinite grid over one query, held by a view (page-source.ts makes it).
 * A new query, or new data (the data version), is a new datasource, which makes the grid drop
 * its blocks and ask again; answers that arrive for a datasource the grid no longer holds still
 * fill the grid's old blocks but are not reported (so an older filter set's count cannot
 * overwrite the current one's). A new datasource's first page is asked for as it is committed,
 * before AG Grid is handed it.
 */
import { useEffect, useEffectEvent, useLayoutEffect, useMemo } from 'react';
import type { IDatasource } from 'ag-grid-community';
import { errorMessage } from '../api-client';
import { useDataVersion } from '../hooks';
import { createSource, type Page, type PageParams, type SourceListener } from './page-source';

export type { Page, PageParams, SourceListener } from './page-source';

/**
 * `query`: memoised by the caller, a new value whenever the rows asked for change; `fetchPage`
 * and `listener`: stable (module functions, or memoised). `firstPage`: the page the grid will
 * ask for first (its first block, in the grid's sort), to ask for it ahead; null when unknown.
 */
export function useInfiniteSource<Q, A extends Page>(
  query: Q,
  fetchPage: (query: Q, page: PageParams) => Promise<A>,
  listener: SourceListener<Q, A>,
  firstPage?: () => PageParams | null,
): IDatasource {
  const { version } = useDataVersion();
  const source = useMemo(
    () => createSource({ query, dataVersion: version }, fetchPage, listener, errorMessage),
    [query, version, fetchPage, listener],
  );
  const first = useEffectEvent(() => firstPage?.() ?? null);
  // A layout effect: it runs before AG Grid is handed the datasource (in a passive effect).
  useLayoutEffect(() => {
    const p = first();
    if (p) source.ahead(p);
  }, [source]);
  useEffect(() => {
    source.held(true);
    return () => source.held(false);
  }, [source]);
  return source;
}
