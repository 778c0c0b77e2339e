/**
 * The datasource of an infinite grid over one query. A new query, or new data (the data
 * version), is a new datasource, which makes the grid drop its blocks and ask again; answers
 * that arrive for a datasource the grid no longer holds still fill the grid's old blocks but
 * are not reported (so an older filter set's count cannot overwrite the current one's).
 */
import { useEffect, useMemo } from 'react';
import type { IDatasource, IGetRowsParams } from 'ag-grid-community';
import { errorMessage } from '../api-client';
import { useDataVersion } from '../hooks';

export interface Page {
  rows: unknown[];
  total: number;
}

/** What the view hears of the answers of the datasource it shows. Keep it stable (memoised). */
export interface SourceListener<Q, A extends Page> {
  answered(answer: A, query: Q): void;
  failed(message: string, query: Q): void;
}

interface Source extends IDatasource {
  /** Whether the grid holds this datasource (set by the effect that owns it). */
  held(on: boolean): void;
}

function createSource<Q, A extends Page>(
  served: { query: Q; dataVersion: number },
  fetchPage: (query: Q, page: IGetRowsParams) => Promise<A>,
  listener: SourceListener<Q, A>,
): Source {
  let held = true;
  return {
    held(on) {
      held = on;
    },
    getRows(p) {
      fetchPage(served.query, p).then(
        (a) => {
          p.successCallback(a.rows, a.total);
          if (held) listener.answered(a, served.query);
        },
        (e: unknown) => {
          if (held) listener.failed(errorMessage(e), served.query);
          p.failCallback();
        },
      );
    },
  };
}

/**
 * `query`: memoised by the caller, a new value whenever the rows asked for change; `fetchPage`
 * and `listener`: stable (module functions, or memoised).
 */
export function useInfiniteSource<Q, A extends Page>(
  query: Q,
  fetchPage: (query: Q, page: IGetRowsParams) => Promise<A>,
  listener: SourceListener<Q, A>,
): IDatasource {
  const { version } = useDataVersion();
  const source = useMemo(
    () => createSource({ query, dataVersion: version }, fetchPage, listener),
    [query, version, fetchPage, listener],
  );
  useEffect(() => {
    source.held(true);
    return () => source.held(false);
  }, [source]);
  return source;
}
