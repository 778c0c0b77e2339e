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
  GridApi,
  GridReadyEvent,
  IGetRowsParams,
  RowClickedEvent,
  SortChangedEvent,
} from 'ag-grid-community';
import type { Filters } from '../../../shared/filters';
import {
  CUSTOMER_SORT_FIELDS,
  type CustomerRow,
  type CustomerSort,
  type CustomersResult,
} from '../../../shared/customers';
import { api } from '../api-client';
import { CustomerChipsRenderer, PriorityRenderer, ShortRevenueRenderer } from '../components/cellRenderers';
import { INFINITE_GRID, gridLocaleText, noRowsTemplate } from '../components/grid';
import { FacetPanel, FilterChips } from '../components/Facets';
import { SaveViewDialog } from '../components/SaveViewDialog';
import { ExportDialog, displayedColumns } from '../components/ExportDialog';
import { ErrorBanner } from '../components/ErrorBanner';
import { useInfiniteSource, type SourceListener } from '../components/infinite-source';
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

function columns(sort: CustomerSort): ColDef<CustomerRow>[] {
  const actEvaluate = { actNow: clusterLabel('Act Now'), evaluate: clusterLabel('Evaluate') };
  const initial = (field: string) => {
    const i = sort.findIndex((s) => s.field === field);
    return i >= 0 ? { initialSort: sort[i]!.dir, initialSortIndex: i } : {};
  };
  return [
    {
      colId: 'priority',
      field: 'priority',
      headerName: columnLabel('priority'),
      width: 72,
      cellRenderer: PriorityRenderer,
      ...initial('priority'),
    },
    {
      colId: 'accountName',
      field: 'accountName',
      headerName: columnLabel('accountName'),
      width: 122,
      ...initial('accountName'),
    },
    {
      colId: 'country',
      field: 'country',
      headerName: columnLabel('country'),
      width: 80,
      ...initial('country'),
    },
    {
      colId: 'segment',
      field: 'segment',
      headerName: columnLabel('segment'),
      width: 96,
      ...initial('segment'),
    },
    {
      colId: 'products',
      headerName: t('customers.colActEvaluate', actEvaluate),
      headerTooltip: t('customers.colActEvaluateTip', actEvaluate),
      width: 120,
      sortable: false,
      cellRenderer: CustomerChipsRenderer,
    },
    {
      colId: 'whitespaceRevenue',
      field: 'whitespaceRevenue',
      headerName: t('customers.colWhitespace'),
      type: 'rightAligned',
      width: 86,
      cellRenderer: ShortRevenueRenderer,
      ...initial('whitespaceRevenue'),
    },
    {
      colId: 'nextAgreementEnd',
      field: 'nextAgreementEnd',
      headerName: t('customers.colRenewal'),
      headerTooltip: t('customers.colRenewalTip'),
      width: 88,
      valueFormatter: (p) => fmtDate(p.value as string | null),
      ...initial('nextAgreementEnd'),
    },
    {
      colId: 'why',
      headerName: t('customers.colWhy'),
      flex: 1,
      minWidth: 130,
      sortable: false,
      valueGetter: (p) => p.data?.why[0] ?? '',
      tooltipValueGetter: (p) => p.data?.why.join('\n') ?? '',
    },
  ];
}

interface CustomersQuery {
  key: string;
  filters: Filters;
}

function fetchCustomers(q: CustomersQuery, p: IGetRowsParams): Promise<CustomersResult> {
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
    const sort = p.get('sort');
    if (sort) keep.set('sort', sort);
    filtersToParams(f, keep);
    for (const k of [...p.keys()]) p.delete(k);
    for (const [k, v] of keep) p.append(k, v);
  });
}

function openCustomer(id: string | null): void {
  updateParams((p) => (id ? p.set('customer', id) : p.delete('customer')));
}

function onSortChanged(e: SortChangedEvent<CustomerRow>): void {
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
  const [columnDefs] = useState(() => columns(customerSortFromParams(params)));
  const defaultColDef = useMemo<ColDef>(() => ({ sortable: true, resizable: true }), []);
  const [localeText] = useState(gridLocaleText);

  const listener = useMemo<SourceListener<CustomersQuery, CustomersResult>>(
    () => ({
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
    [totalStore, answeredStore],
  );
  const datasource = useInfiniteSource(query, fetchCustomers, listener);

  const onGridReady = useCallback((e: GridReadyEvent<CustomerRow>) => {
    gridApi.current = e.api;
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
      <header className="page-head row between">
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
              localeText={localeText}
              datasource={datasource}
              columnDefs={columnDefs}
              defaultColDef={defaultColDef}
              onGridReady={onGridReady}
              onSortChanged={onSortChanged}
              onRowClicked={onRowClicked}
              onCellKeyDown={onCellKeyDown}
              tooltipShowDelay={400}
              overlayNoRowsTemplate={noRowsTemplate(t('customers.noRows'))}
            />
          </div>
        </section>
        {selected ? <CustomerPanel customerId={selected} onClose={closePanel} /> : null}
      </div>
      {dialog === 'save' ? (
        <SaveViewDialog
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
