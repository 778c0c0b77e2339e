/**
 * Keeps a grid's layout and the URL in step (grid-layout.ts says the forms): a column dragged to
 * another place or resized by hand is written into the URL, so a reload or a saved view keeps
 * it; a layout arriving in the URL (an opened view, the back button) is applied to the grid.
 * Each column without a kept width is sized to its content when it is first shown, and the
 * header is as high as the columns' names need at their widths (grid-measure.ts).
 */
import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type {
  ColumnMovedEvent,
  ColumnResizedEvent,
  GridApi,
  SizeColumnsToContentColumnLimits,
} from 'ag-grid-community';
import type { ViewState } from '../../../shared/api';
import { href, navigate, parseHash } from '../url-state';
import { CELL_PADDING, CONTENT_WIDTH } from './grid';
import { contentWidths, firstRowsInView, fitHeaderHeight, renderedRows } from './grid-measure';
import { applyLayout, gridLayout, layoutFromParams, layoutToParams, viewLayout } from './grid-layout';

export function useGridLayout(
  page: 'propensity' | 'customers',
  params: URLSearchParams,
  keys: readonly string[],
  gridApi: RefObject<GridApi | null>,
  /** Per column, the widest it is sized to its content. */
  columnLimits?: SizeColumnsToContentColumnLimits[],
  /** The cells' horizontal padding in the grid's theme. */
  padding = CELL_PADDING,
) {
  const orderParam = params.get('order') ?? '';
  const widthsParam = params.get('widths') ?? '';

  useEffect(() => {
    const g = gridApi.current;
    if (g)
      applyLayout(g, layoutFromParams(new URLSearchParams({ order: orderParam, widths: widthsParam }), keys));
  }, [orderParam, widthsParam, keys, gridApi]);

  const write = useCallback(
    (api: GridApi, resized: Record<string, number> = {}) => {
      const p = parseHash(location.hash).params;
      const kept = layoutFromParams(p, keys).widths;
      layoutToParams({ order: gridLayout(api).order, widths: { ...kept, ...resized } }, keys, p);
      navigate(href(page, p), { replace: true });
    },
    [page, keys],
  );

  const onColumnMoved = useCallback(
    (e: ColumnMovedEvent) => {
      if (e.finished && e.source.startsWith('ui')) write(e.api);
    },
    [write],
  );
  /** A header dragged to another place: the move's last event may not say it is finished. */
  const onDragStopped = useCallback((e: { api: GridApi }) => write(e.api), [write]);
  const onColumnResized = useCallback(
    (e: ColumnResizedEvent) => {
      // A header's lines follow its width, while the column is dragged too.
      fitHeaderHeight(e.api, padding);
      if (!e.finished || e.source !== 'uiColumnResized' || !e.columns) return;
      write(e.api, Object.fromEntries(e.columns.map((c) => [c.getColId(), c.getActualWidth()])));
    },
    [write, padding],
  );
  /** A column shown or hidden (or the columns first laid out): the header's height again. */
  const onDisplayedColumnsChanged = useCallback(
    (e: { api: GridApi }) => fitHeaderHeight(e.api, padding),
    [padding],
  );
  // Sized once each, when first shown with rows, from the rows in view (grid-measure.ts measures
  // their values' text): the first page's columns as its rows arrive, before the grid draws
  // them; the columns scrolled or switched into view later, from the rows the grid shows.
  const sized = useRef(new Set<string>());
  const painted = useRef(false);
  const sizeShown = useCallback(
    (api: GridApi, rows: unknown[]) => {
      // Columns sized narrower bring more into view: those are sized too, a few rounds at most.
      for (let round = 0; round < 4; round++) {
        // Asked at every change of the columns in view (a sideways scroll): mostly none is new.
        const fresh = api
          .getAllDisplayedVirtualColumns()
          .filter((c) => !c.getColDef().flex && !sized.current.has(c.getColId()))
          .map((c) => c.getColId());
        if (!fresh.length) return;
        const kept = layoutFromParams(parseHash(location.hash).params, keys).widths;
        const colIds = fresh.filter((id) => kept[id] === undefined);
        const widths = colIds.length
          ? contentWidths(api, colIds, rows, { ...CONTENT_WIDTH, padding, columnLimits })
          : [];
        if (!widths) return; // no row to measure yet: sized when there is
        for (const id of fresh) sized.current.add(id);
        if (widths.length) api.applyColumnState({ state: widths });
        fitHeaderHeight(api, padding);
      }
    },
    [keys, columnLimits, padding],
  );
  /** For the datasource's listener (page-source.ts `arriving`): a page's rows, before the grid has them. */
  const rowsArriving = useCallback(
    (api: GridApi | null, rows: unknown[], page: { startRow: number }) => {
      if (api && page.startRow === 0) sizeShown(api, firstRowsInView(api, rows));
    },
    [sizeShown],
  );
  const onFirstDataRendered = useCallback(
    (e: { api: GridApi }) => {
      painted.current = true;
      sizeShown(e.api, renderedRows(e.api));
    },
    [sizeShown],
  );
  const onVirtualColumnsChanged = useCallback(
    (e: { api: GridApi }) => {
      if (painted.current) sizeShown(e.api, renderedRows(e.api));
    },
    [sizeShown],
  );

  /** The layout a saved view keeps, read from the grid as the view is saved (SaveViewDialog). */
  const forView = (): Pick<ViewState, 'columns' | 'widths'> => {
    const g = gridApi.current;
    return g ? viewLayout(g, layoutFromParams(parseHash(location.hash).params, keys).widths) : {};
  };

  return {
    events: {
      onColumnMoved,
      onColumnResized,
      onDisplayedColumnsChanged,
      onDragStopped,
      onFirstDataRendered,
      onVirtualColumnsChanged,
    },
    forView,
    rowsArriving,
  };
}
