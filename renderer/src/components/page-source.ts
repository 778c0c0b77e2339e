/**
 * An infinite grid's datasource over one query (infinite-source.ts holds it in a view): pages
 * fetched as AG Grid asks, answers reported while the grid holds it, and one page that may be
 * asked for ahead of the grid. AG Grid asks for a new datasource's first page only after it has
 * dropped the old rows and React has unmounted their cells; asked for ahead, the request
 * travels meanwhile. The grid's own request for that page (the same rows in the same sort)
 * then takes the answer already under way; any other page is asked for as before.
 */
import type { IDatasource, IGetRowsParams } from 'ag-grid-community';

export interface Page {
  rows: unknown[];
  total: number;
}

/** What a page request reads of AG Grid's parameters. */
export type PageParams = Pick<IGetRowsParams, 'startRow' | 'endRow' | 'sortModel'>;

/** What the view hears of the answers of the datasource it shows. Keep it stable (memoised). */
export interface SourceListener<Q, A extends Page> {
  /** A page's answer just before the grid is handed its rows (the view may lay its columns out for them). */
  arriving?(answer: A, page: PageParams): void;
  answered(answer: A, query: Q): void;
  failed(message: string, query: Q): void;
}

export interface Source extends IDatasource {
  /** Whether the grid holds this datasource (set by the effect that owns it). */
  held(on: boolean): void;
  /** Asks for a page ahead of the grid (once per datasource). */
  ahead(p: PageParams): void;
}

const pageKey = (p: PageParams) =>
  JSON.stringify([p.startRow, p.endRow, p.sortModel.map((s) => [s.colId, s.sort])]);

export function createSource<Q, A extends Page>(
  served: { query: Q; dataVersion: number },
  fetchPage: (query: Q, page: PageParams) => Promise<A>,
  listener: SourceListener<Q, A>,
  messageOf: (e: unknown) => string,
): Source {
  const { query } = served;
  let held = true;
  let early: { key: string; answer: Promise<A> } | null | undefined;
  return {
    held(on) {
      held = on;
    },
    ahead(p) {
      if (early !== undefined) return;
      const answer = fetchPage(query, p);
      // Handled when the grid takes it; not an unhandled rejection if it never does.
      answer.catch(() => undefined);
      early = { key: pageKey(p), answer };
    },
    getRows(p) {
      // The early page serves the grid's first request only, and only when it is that page.
      const pre = early;
      early = null;
      const answer = pre && pre.key === pageKey(p) ? pre.answer : fetchPage(query, p);
      answer.then(
        (a) => {
          if (held) listener.arriving?.(a, p);
          p.successCallback(a.rows, a.total);
          if (held) listener.answered(a, query);
        },
        (e: unknown) => {
          if (held) listener.failed(messageOf(e), query);
          p.failCallback();
        },
      );
    },
  };
}
