import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  ColDef,
  GridApi,
  GridReadyEvent,
  SortChangedEvent,
  ValueFormatterParams,
} from 'ag-grid-community';
import type { Out } from '../../../shared/api';
import type { Filters, PropensityRow, RowField, ShownField, Sort } from '../../../shared/filters';
import { ROW_FIELDS } from '../../../shared/filters';
import { api } from '../api-client';
import { ClusterRenderer, RevenueRenderer } from '../components/cellRenderers';
import { PROPENSITY_COLUMNS } from '../components/columns';
import {
  CELL_PADDING,
  INFINITE_GRID,
  gridLocaleText,
  noRowsTemplate,
  withHeaderRoom,
} from '../components/grid';
import { fitHeaderHeight } from '../components/grid-measure';
import { LAYOUT_PARAMS, arrange, layoutFromParams } from '../components/grid-layout';
import { useGridLayout } from '../components/use-grid-layout';
import { FacetPanel, FilterChips } from '../components/Facets';
import { ExportDialog, displayedColumns } from '../components/ExportDialog';
import { SaveViewDialog } from '../components/SaveViewDialog';
import { Menu } from '../components/Menu';
import { fmtInt, fmtMoney, fmtRows } from '../format';
import { columnLabel, t as translate, useT, reportLabel } from '../i18n';
import { createValueStore, useDebounced, useValue, type ValueStore } from '../hooks';
import { useInfiniteSource, type PageParams, type SourceListener } from '../components/infinite-source';
import {
  filtersFromParams,
  filtersKey,
  filtersToParams,
  href,
  navigate,
  parseHash,
  sortFromParams,
  sortToString,
} from '../url-state';
import { ErrorBanner } from '../components/ErrorBanner';

const NUMERIC: RowField[] = ['orgSize', 'fit', 'intent', 'whitespaceRevenue'];
const SORTABLE: ReadonlySet<ShownField> = new Set(ROW_FIELDS);

function buildColumns(initialSort: Sort, initialHidden: string[]): ColDef<PropensityRow>[] {
  return withHeaderRoom(
    PROPENSITY_COLUMNS.map((field) => {
      const s = initialSort.findIndex((x) => x.field === field);
      const col: ColDef<PropensityRow> = {
        colId: field,
        field,
        headerName: columnLabel(field),
        initialHide: initialHidden.includes(field),
        initialSort: s >= 0 ? initialSort[s]!.dir : undefined,
        initialSortIndex: s >= 0 ? s : undefined,
        sortable: SORTABLE.has(field),
      };
      if (NUMERIC.includes(field as RowField)) {
        col.type = 'rightAligned';
        col.valueFormatter = (p: ValueFormatterParams<PropensityRow, number | null>) =>
          field === 'whitespaceRevenue' ? fmtMoney(p.value) : fmtInt(p.value);
      }
      if (field === 'whitespaceRevenue') col.cellRenderer = RevenueRenderer;
      if (field === 'cluster' || field === 'computedCluster') col.cellRenderer = ClusterRenderer;
      if (field === 'report')
        col.valueFormatter = (p: ValueFormatterParams<PropensityRow, string>) => reportLabel(p.value ?? '');
      if (field === 'whitespace' || field === 'upsell')
        col.valueFormatter = (p) => translate(p.value ? 'common.yes' : 'common.no');
      // The account stays in view while the row scrolls sideways.
      if (field === 'accountName') col.pinned = 'left';
      return col;
    }),
  );
}

/** The rows the grid asks for: one filter set (`key` is its URL form). */
interface RowsQuery {
  key: string;
  filters: Filters;
}

function fetchRows(q: RowsQuery, p: PageParams): Promise<Out<'rows'>> {
  const sort = p.sortModel
    .filter((s) => (ROW_FIELDS as readonly string[]).includes(s.colId))
    .map((s) => ({ field: s.colId as RowField, dir: s.sort }));
  return api.rows({ filters: q.filters, sort, offset: p.startRow, limit: p.endRow - p.startRow });
}

/** Changes the URL's parameters, read afresh: the URL is the one source of truth. */
function updateParams(fn: (p: URLSearchParams) => void, replace = false): void {
  const p = parseHash(location.hash).params;
  fn(p);
  navigate(href('propensity', p), { replace });
}

/** The grid's sort (a click on a header) into the URL. */
function onSortChanged(e: SortChangedEvent<PropensityRow>): void {
  // The sort arrow may take a header's line of its own.
  fitHeaderHeight(e.api, CELL_PADDING);
  const s = sortToString(currentSort(e.api));
  if (s !== (parseHash(location.hash).params.get('sort') ?? ''))
    updateParams((p) => (s ? p.set('sort', s) : p.delete('sort')), true);
}

function setFilters(f: Filters, replace = false): void {
  updateParams((p) => {
    const keep = new URLSearchParams();
    for (const k of ['sort', 'hide', ...LAYOUT_PARAMS]) {
      const v = p.get(k);
      if (v) keep.set(k, v);
    }
    filtersToParams(f, keep);
    for (const k of [...p.keys()]) p.delete(k);
    for (const [k, v] of keep) p.append(k, v);
  }, replace);
}

export function Propensity({ params }: { params: URLSearchParams }) {
  const t = useT();
  // Equal filters, the same object: the grid's datasource and the facets follow the key.
  const fKey = filtersKey(filtersFromParams(params));
  const query = useMemo<RowsQuery>(
    () => ({ key: fKey, filters: filtersFromParams(new URLSearchParams(fKey)) }),
    [fKey],
  );
  const filters = query.filters;
  const sortParam = params.get('sort') ?? '';
  const hideParam = params.get('hide') ?? '';
  const hidden = useMemo(() => hideParam.split(',').filter(Boolean), [hideParam]);

  const totalStore = useMemo(() => createValueStore<number | null>(null), []);
  const answeredStore = useMemo(() => createValueStore<string | null>(null), []);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'export' | 'save' | null>(null);
  const gridApi = useRef<GridApi<PropensityRow> | null>(null);

  // Quick search, debounced into the URL.
  const urlSearch = filters.search ?? '';
  const [search, setSearch] = useState(urlSearch);
  const debounced = useDebounced(search, 250);
  const writeSearch = useEffectEvent((text: string) => {
    if (urlSearch !== text) setFilters({ ...filters, search: text || undefined }, true);
  });
  useEffect(() => writeSearch(debounced), [debounced]);
  // A link or an opened view changed the search: show it.
  const [shownUrlSearch, setShownUrlSearch] = useState(urlSearch);
  if (shownUrlSearch !== urlSearch) {
    setShownUrlSearch(urlSearch);
    if (urlSearch !== debounced) setSearch(urlSearch);
  }

  // The grid starts with the URL's sort, columns and layout; later changes are applied below.
  const [columnDefs] = useState(() =>
    arrange(buildColumns(sortFromParams(params), hidden), layoutFromParams(params, PROPENSITY_COLUMNS)),
  );
  // The starting width, until a column is first shown and sized to its content.
  const defaultColDef = useMemo<ColDef>(() => ({ sortable: true, resizable: true, width: 110 }), []);
  const layout = useGridLayout('propensity', params, PROPENSITY_COLUMNS, gridApi);
  const { rowsArriving } = layout;
  const [localeText] = useState(gridLocaleText);

  const listener = useMemo<SourceListener<RowsQuery, Out<'rows'>>>(
    () => ({
      // The first page's columns are sized to its rows before the grid draws them.
      arriving: (r, page) => rowsArriving(gridApi.current, r.rows, page),
      answered(r, q) {
        totalStore.set(r.total);
        setError(null);
        // Facet counts are asked for once these rows are painted: counting them keeps the
        // service busy for a tenth of a second at a million rows, which the paint would share.
        requestAnimationFrame(() => setTimeout(() => answeredStore.set(q.key)));
      },
      failed(message, q) {
        setError(message);
        answeredStore.set(q.key);
      },
    }),
    [totalStore, answeredStore, rowsArriving],
  );
  // The page the grid asks for first: its first block, in its sort (the URL's until it exists).
  const firstPage = (): PageParams => ({
    startRow: 0,
    endRow: INFINITE_GRID.cacheBlockSize,
    sortModel: (gridApi.current ? currentSort(gridApi.current) : sortFromParams(params)).map((s) => ({
      colId: s.field,
      sort: s.dir,
    })),
  });
  const datasource = useInfiniteSource(query, fetchRows, listener, firstPage);

  // Sort and columns from the URL (an opened view, the back button) into the grid.
  useEffect(() => {
    const g = gridApi.current;
    if (!g) return;
    const want = sortFromParams(new URLSearchParams({ sort: sortParam }));
    if (sortToString(currentSort(g)) !== sortToString(want))
      g.applyColumnState({
        state: want.map((s, i) => ({ colId: s.field, sort: s.dir, sortIndex: i })),
        defaultState: { sort: null },
      });
  }, [sortParam]);
  useEffect(() => {
    const g = gridApi.current;
    if (!g) return;
    g.setColumnsVisible(
      PROPENSITY_COLUMNS.filter((f) => !hidden.includes(f)),
      true,
    );
    g.setColumnsVisible(hidden, false);
  }, [hidden]);

  const onGridReady = useCallback((e: GridReadyEvent<PropensityRow>) => {
    gridApi.current = e.api;
    fitHeaderHeight(e.api, CELL_PADDING);
  }, []);
  const toggleColumn = (field: ShownField, visible: boolean) =>
    updateParams((p) => {
      const next = visible ? hidden.filter((h) => h !== field) : [...hidden, field];
      if (next.length) p.set('hide', next.join(','));
      else p.delete('hide');
    }, true);

  const sort = sortFromParams(params);

  return (
    <div className="page page-full">
      <header className="page-head row between">
        <h1>{t('page.propensity')}</h1>
        <div className="row gap toolbar" role="toolbar" aria-label={t('propensity.tools')}>
          <label className="search">
            <span className="sr-only">{t('common.search')}</span>
            <input
              type="search"
              value={search}
              placeholder={t('propensity.searchPlaceholder')}
              onChange={(e) => setSearch(e.target.value)}
            />
          </label>
          <Menu label={t('propensity.columns')}>
            <fieldset className="menu-body">
              <legend>{t('propensity.visibleColumns')}</legend>
              {PROPENSITY_COLUMNS.map((f) => (
                <label key={f} className="check">
                  <input
                    type="checkbox"
                    checked={!hidden.includes(f)}
                    onChange={(e) => toggleColumn(f, e.target.checked)}
                  />
                  {columnLabel(f)}
                </label>
              ))}
            </fieldset>
          </Menu>
          <button type="button" onClick={() => setDialog('save')}>
            {t('saveView.open')}
          </button>
          <button type="button" onClick={() => setDialog('export')}>
            {t('export.open')}
          </button>
        </div>
      </header>
      <div className="split">
        <FacetPanel filters={filters} onChange={setFilters} rowsAnswered={answeredStore} />
        <section className="grid-area" aria-label={t('propensity.rows')}>
          <div className="row between gridbar">
            <FilterChips filters={filters} onChange={setFilters} />
            <RowCount store={totalStore} />
          </div>
          <ErrorBanner message={error} />
          <div className="grid-box" data-skip-target="grid" tabIndex={-1}>
            <AgGridReact<PropensityRow>
              {...INFINITE_GRID}
              localeText={localeText}
              datasource={datasource}
              columnDefs={columnDefs}
              defaultColDef={defaultColDef}
              onGridReady={onGridReady}
              onSortChanged={onSortChanged}
              {...layout.events}
              overlayNoRowsTemplate={noRowsTemplate(t('propensity.noRows'))}
            />
          </div>
        </section>
      </div>
      {dialog === 'export' ? (
        <ExportDialog
          filters={filters}
          offer={{
            list: {
              grains: ['customers', 'products'],
              columns: () => displayedColumns(gridApi.current),
              format: 'xlsx',
            },
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'save' ? (
        <SaveViewDialog layout={layout.forView} state={{ filters, sort }} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

function RowCount({ store }: { store: ValueStore<number | null> }) {
  const total = useValue(store);
  const t = useT();
  return (
    <span className="count" aria-live="polite" data-testid="row-count">
      {total == null ? t('common.loading') : fmtRows(total)}
    </span>
  );
}

function currentSort(g: GridApi): Sort {
  return g
    .getColumnState()
    .filter((c) => c.sort && (ROW_FIELDS as readonly string[]).includes(c.colId))
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((c) => ({ field: c.colId as RowField, dir: c.sort! }));
}
