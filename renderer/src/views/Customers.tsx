/**
 * The call list: one row per customer, highest priority first, with its products' clusters,
 * whitespace, next agreement end and the first reason to call. Enter or a click opens the
 * customer's detail beside the list (its own URL: `customer=ID`); Escape closes it.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  CellKeyDownEvent,
  ColDef,
  ColumnResizedEvent,
  GridApi,
  GridReadyEvent,
  RowClickedEvent,
  SizeColumnsToContentColumnLimits,
  SortChangedEvent,
} from 'ag-grid-community';
import type { Filters } from '../../../shared/filters';
import {
  CALL_LIST_COLUMNS,
  CUSTOMER_SORT_FIELDS,
  type CallListColumn,
  type CustomerRow,
  type CustomerSort,
  type CustomersResult,
} from '../../../shared/customers';
import { api } from '../api-client';
import {
  CustomerChipsRenderer,
  PriorityRenderer,
  ShortRevenueRenderer,
  TwoLinesRenderer,
} from '../components/cellRenderers';
import {
  CALL_LIST_PADDING,
  INFINITE_GRID,
  callListTheme,
  gridLocaleText,
  noRowsTemplate,
  withHeaderRoom,
} from '../components/grid';
import { LAYOUT_PARAMS, arrange, layoutFromParams, type Layout } from '../components/grid-layout';
import { useGridLayout } from '../components/use-grid-layout';
import { FacetPanel, FilterChips } from '../components/Facets';
import { SaveViewDialog } from '../components/SaveViewDialog';
import { ExportDialog, displayedColumns } from '../components/ExportDialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { fitHeaderHeight } from '../components/grid-measure';
import { useInfiniteSource, type PageParams, type SourceListener } from '../components/infinite-source';
import { CustomerPanel } from './CustomerPanel';
import { fmtDate } from '../format';
import { clusterLabel, columnLabel, t, useT } from '../i18n';
import { createValueStore, useValue, type ValueStore } from '../hooks';
import { filtersFromParams, filtersKey, filtersToParams, href, navigate, parseHash } from '../url-state';

const SORTABLE = new Set<string>(CUSTOMER_SORT_FIELDS);

export function customerSortFromParams(p: URLSearchParams): CustomerSort {
  return (p.get('sort') ?? '')
    .split(',')
    .filter(Boolean)
    .flatMap((part) => {
      const [field, dir] = part.split(':');
      return SORTABLE.has(field ?? '') && (dir === 'asc' || dir === 'desc')
        ? [{ field: field as CustomerSort[number]['field'], dir }]
        : [];
    });
}

function columns(sort: CustomerSort, layout: Layout): ColDef<CustomerRow>[] {
  const actEvaluate = { actNow: clusterLabel('Act Now'), evaluate: clusterLabel('Evaluate') };
  // Names, segments and reasons wrap onto the row's second line rather than being cut.
  const twoLines = { cellRenderer: TwoLinesRenderer, cellClass: 'wraps' } as const;
  const defs: Record<CallListColumn, ColDef<CustomerRow>> = {
    priority: { field: 'priority', headerName: columnLabel('priority'), cellRenderer: PriorityRenderer },
    accountName: {
      field: 'accountName',
      headerName: columnLabel('accountName'),
      flex: 1,
      minWidth: 100,
      tooltipField: 'accountName',
      ...twoLines,
    },
    country: { field: 'country', headerName: columnLabel('country'), ...twoLines },
    segment: { field: 'segment', headerName: columnLabel('segment'), tooltipField: 'segment', ...twoLines },
    products: {
      headerName: t('customers.colActEvaluate', actEvaluate),
      headerTooltip: t('customers.colActEvaluateTip', actEvaluate),
      sortable: false,
      cellRenderer: CustomerChipsRenderer,
    },
    whitespaceRevenue: {
      field: 'whitespaceRevenue',
      headerName: t('customers.colWhitespace'),
      type: 'rightAligned',
      cellRenderer: ShortRevenueRenderer,
    },
    nextAgreementEnd: {
      field: 'nextAgreementEnd',
      headerName: t('customers.colRenewal'),
      headerTooltip: t('customers.colRenewalTip'),
      valueFormatter: (p) => fmtDate(p.value as string | null),
    },
    why: {
      headerName: t('customers.colWhy'),
      flex: 1.4,
      minWidth: 110,
      sortable: false,
      valueGetter: (p) => p.data?.why[0] ?? '',
      tooltipValueGetter: (p) => p.data?.why.join('\n') ?? '',
      ...twoLines,
    },
  };
  return arrange(
    withHeaderRoom(
      CALL_LIST_COLUMNS.map((colId) => {
        const i = sort.findIndex((s) => s.field === colId);
        return {
          colId,
          ...defs[colId],
          ...(i >= 0 ? { initialSort: sort[i]!.dir, initialSortIndex: i } : {}),
        };
      }),
      CALL_LIST_PADDING,
    ),
    layout,
  );
}

/** The widest the call list's columns are sized to their content (the rest of a value wraps or shows in its tooltip). */
const CONTENT_LIMITS: SizeColumnsToContentColumnLimits[] = [
  { colId: 'country', maxWidth: 92 },
  { colId: 'segment', maxWidth: 104 },
  { colId: 'products', maxWidth: 130 },
];

interface CustomersQuery {
  key: string;
  filters: Filters;
}

function fetchCustomers(q: CustomersQuery, p: PageParams): Promise<CustomersResult> {
  const sort = p.sortModel
    .filter((s) => SORTABLE.has(s.colId))
    .map((s) => ({ field: s.colId as CustomerSort[number]['field'], dir: s.sort }));
  return api.customers({ filters: q.filters, sort, offset: p.startRow, limit: p.endRow - p.startRow });
}

/** Changes the URL's parameters, read afresh: the URL is the one source of truth. */
function updateParams(fn: (p: URLSearchParams) => void, replace = false): void {
  const p = parseHash(location.hash).params;
  fn(p);
  navigate(href('customers', p), { replace });
}

function setFilters(f: Filters): void {
  updateParams((p) => {
    const keep = new URLSearchParams();
    for (const k of ['sort', ...LAYOUT_PARAMS]) {
      const v = p.get(k);
      if (v) keep.set(k, v);
    }
    filtersToParams(f, keep);
    for (const k of [...p.keys()]) p.delete(k);
    for (const [k, v] of keep) p.append(k, v);
  });
}

function openCustomer(id: string | null): void {
  updateParams((p) => (id ? p.set('customer', id) : p.delete('customer')));
}

function onSortChanged(e: SortChangedEvent<CustomerRow>): void {
  // The sort arrow may take a header's line of its own.
  fitHeaderHeight(e.api, CALL_LIST_PADDING);
  const s = e.api
    .getColumnState()
    .filter((c) => c.sort && SORTABLE.has(c.colId))
    .sort((a, b) => (a.sortIndex ?? 0) - (b.sortIndex ?? 0))
    .map((c) => `${c.colId}:${c.sort}`)
    .join(',');
  if (s !== (parseHash(location.hash).params.get('sort') ?? ''))
    updateParams((p) => (s ? p.set('sort', s) : p.delete('sort')), true);
}

export function Customers({ params }: { params: URLSearchParams }) {
  const t = useT();
  const fKey = filtersKey(filtersFromParams(params));
  const query = useMemo<CustomersQuery>(
    () => ({ key: fKey, filters: filtersFromParams(new URLSearchParams(fKey)) }),
    [fKey],
  );
  const filters = query.filters;
  const selected = params.get('customer');
  const totalStore = useMemo(() => createValueStore<number | null>(null), []);
  const answeredStore = useMemo(() => createValueStore<string | null>(null), []);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'export' | 'save' | null>(null);
  const gridApi = useRef<GridApi<CustomerRow> | null>(null);
  const lastRow = useRef<number | null>(null);
  // The grid starts with the URL's sort and layout; later layouts are applied by useGridLayout.
  const [columnDefs] = useState(() =>
    columns(customerSortFromParams(params), layoutFromParams(params, CALL_LIST_COLUMNS)),
  );
  // The starting width, until a column is first shown and sized to its content.
  const defaultColDef = useMemo<ColDef>(() => ({ sortable: true, resizable: true, width: 90 }), []);
  const layout = useGridLayout(
    'customers',
    params,
    CALL_LIST_COLUMNS,
    gridApi,
    CONTENT_LIMITS,
    CALL_LIST_PADDING,
  );
  const { rowsArriving } = layout;
  const [localeText] = useState(gridLocaleText);

  const listener = useMemo<SourceListener<CustomersQuery, CustomersResult>>(
    () => ({
      // The first page's columns are sized to its rows before the grid draws them.
      arriving: (r, page) => rowsArriving(gridApi.current, r.rows, page),
      answered(r, q) {
        totalStore.set(r.total);
        setError(null);
        requestAnimationFrame(() => setTimeout(() => answeredStore.set(q.key)));
      },
      failed(message, q) {
        setError(message);
        answeredStore.set(q.key);
      },
    }),
    [totalStore, answeredStore, rowsArriving],
  );
  const datasource = useInfiniteSource(query, fetchCustomers, listener);

  const { onColumnResized: keepWidths } = layout.events;
  // The product chips are laid out for their column's width: again when it changes.
  const onColumnResized = useCallback(
    (e: ColumnResizedEvent<CustomerRow>) => {
      keepWidths(e);
      if (e.finished && e.columns?.some((c) => c.getColId() === 'products'))
        e.api.refreshCells({ columns: ['products'], force: true });
    },
    [keepWidths],
  );
  const onGridReady = useCallback((e: GridReadyEvent<CustomerRow>) => {
    gridApi.current = e.api;
    fitHeaderHeight(e.api, CALL_LIST_PADDING);
  }, []);
  const onRowClicked = useCallback((e: RowClickedEvent<CustomerRow>) => {
    lastRow.current = e.rowIndex;
    if (e.data) openCustomer(e.data.customerId);
  }, []);
  const onCellKeyDown = useCallback((e: CellKeyDownEvent<CustomerRow>) => {
    if ((e.event as KeyboardEvent | null)?.key !== 'Enter' || !e.data) return;
    lastRow.current = e.rowIndex;
    openCustomer(e.data.customerId);
  }, []);
  const closePanel = useCallback(() => {
    openCustomer(null);
    // Back to the row the panel was opened from, for the keyboard.
    const g = gridApi.current;
    if (g && lastRow.current !== null) g.setFocusedCell(lastRow.current, 'accountName');
  }, []);

  return (
    <div className="page page-full">
      <header className="page-head row between call-list-head">
        <div>
          <h1>{t('page.customers')}</h1>
          <p className="muted small">{t('customers.intro')}</p>
        </div>
        <div className="row gap toolbar" role="toolbar" aria-label={t('customers.tools')}>
          <button type="button" onClick={() => setDialog('save')}>
            {t('saveView.open')}
          </button>
          <button type="button" onClick={() => setDialog('export')}>
            {t('export.open')}
          </button>
        </div>
      </header>
      <div className={`split customers${selected ? ' with-panel' : ''}`}>
        <FacetPanel filters={filters} onChange={setFilters} rowsAnswered={answeredStore} counts="customers" />
        <section className="grid-area" aria-label={t('customers.grid')}>
          <div className="row between gridbar">
            <FilterChips filters={filters} onChange={setFilters} noun="customers" />
            <CustomerCount store={totalStore} />
          </div>
          <ErrorBanner message={error} />
          <div className="grid-box" data-skip-target="grid" tabIndex={-1}>
            <AgGridReact<CustomerRow>
              {...INFINITE_GRID}
              theme={callListTheme}
              localeText={localeText}
              datasource={datasource}
              columnDefs={columnDefs}
              defaultColDef={defaultColDef}
              onGridReady={onGridReady}
              onSortChanged={onSortChanged}
              onRowClicked={onRowClicked}
              onCellKeyDown={onCellKeyDown}
              {...layout.events}
              onColumnResized={onColumnResized}
              tooltipShowDelay={400}
              overlayNoRowsTemplate={noRowsTemplate(t('customers.noRows'))}
            />
          </div>
        </section>
        {selected ? <CustomerPanel customerId={selected} onClose={closePanel} /> : null}
      </div>
      {dialog === 'save' ? (
        <SaveViewDialog
          layout={layout.forView}
          state={{ filters, page: 'customers', customerSort: customerSortFromParams(params) }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'export' ? (
        <ExportDialog
          filters={filters}
          offer={{
            list: { grains: ['customers'], columns: () => displayedColumns(gridApi.current), format: 'csv' },
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}

function CustomerCount({ store }: { store: ValueStore<number | null> }) {
  const total = useValue(store);
  const t = useT();
  return (
    <span className="count" aria-live="polite" data-testid="customer-count">
      {total == null ? t('common.loading') : t('count.customers', { count: total })}
    </span>
  );
}
