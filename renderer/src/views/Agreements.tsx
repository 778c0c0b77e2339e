import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ICellRendererParams, IDatasource, IGetRowsParams } from 'ag-grid-community';
import { AGREEMENT_SORT_FIELDS, type AgreementRowOut, type AgreementsQuery } from '../../../shared/api';
import { api, errorMessage } from '../api-client';
import { ClustersRenderer } from '../components/cellRenderers';
import { INFINITE_GRID } from '../components/grid';
import { fmtDate, fmtMoney, fmtRows } from '../format';
import { useDataVersion, useDebounced } from '../hooks';
import { href, navigate } from '../url-state';
import { ErrorBanner } from '../components/ErrorBanner';

type SortField = NonNullable<AgreementsQuery['sort']>[number]['field'];

function StatusCell(p: ICellRendererParams<AgreementRowOut>) {
  if (!p.value) return null;
  return <span className={`status ${p.value as string}`}>{p.value === 'open' ? 'Open' : 'Ended'}</span>;
}

const COLUMNS: ColDef<AgreementRowOut>[] = [
  { field: 'customerId', headerName: 'Customer ID', width: 130 },
  { field: 'accountName', headerName: 'Customer', width: 220 },
  { field: 'agreementId', headerName: 'Agreement ID', width: 150 },
  { field: 'licenseProgram', headerName: 'License program', width: 160 },
  { field: 'product', headerName: 'Product up for renewal', width: 190 },
  { field: 'endDate', headerName: 'End date', width: 130, valueFormatter: (p) => fmtDate(p.value) },
  {
    field: 'expiringRevenue',
    headerName: 'Expiring revenue',
    width: 160,
    type: 'rightAligned',
    valueFormatter: (p) => fmtMoney(p.value),
  },
  { field: 'status', headerName: 'Status', width: 100, cellRenderer: StatusCell },
  {
    colId: 'clusters',
    headerName: 'Current clusters',
    sortable: false,
    flex: 1,
    minWidth: 260,
    cellRenderer: ClustersRenderer,
    tooltipValueGetter: (p) =>
      Object.entries(p.data?.clusters ?? {})
        .map(([k, v]) => `${k}: ${v}`)
        .join(', '),
  },
];

export function Agreements({ params }: { params: URLSearchParams }) {
  const all = params.get('all') === '1';
  const status =
    params.get('status') === 'open' || params.get('status') === 'ended' ? params.get('status')! : '';
  const q = params.get('q') ?? '';
  const { version } = useDataVersion();
  const [search, setSearch] = useState(q);
  const debounced = useDebounced(search, 250);
  const [info, setInfo] = useState<{ total: number; fiscalYear: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const set = useCallback(
    (k: string, v: string | null) => {
      const p = new URLSearchParams(params);
      if (v) p.set(k, v);
      else p.delete(k);
      navigate(href('agreements', p), { replace: true });
    },
    [params],
  );
  useEffect(() => {
    if (debounced !== q) set('q', debounced || null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const current = useRef<IDatasource | null>(null);
  const datasource = useMemo<IDatasource>(() => {
    const ds: IDatasource = {
      getRows(p: IGetRowsParams) {
        const sort = p.sortModel
          .filter((s) => (AGREEMENT_SORT_FIELDS as readonly string[]).includes(s.colId))
          .map((s) => ({ field: s.colId as SortField, dir: s.sort }))
          .slice(0, 3);
        api
          .agreements({
            all,
            search: q || undefined,
            status: (status || undefined) as 'open' | 'ended' | undefined,
            sort,
            offset: p.startRow,
            limit: p.endRow - p.startRow,
          })
          .then(
            (r) => {
              if (current.current === ds) {
                setInfo({ total: r.total, fiscalYear: r.fiscalYear });
                setError(null);
              }
              p.successCallback(r.rows, r.total);
            },
            (e: unknown) => {
              if (current.current === ds) setError(errorMessage(e));
              p.failCallback();
            },
          );
      },
    };
    return ds;
  }, [all, q, status, version]);
  current.current = datasource;
  const defaultColDef = useMemo<ColDef>(() => ({ sortable: true, resizable: true }), []);

  return (
    <div className="page page-full">
      <header className="page-head row between">
        <div>
          <h1>Agreements</h1>
          <p className="muted small">
            {all
              ? 'All agreement renewals in the loaded downloads.'
              : `Agreements ending in the current fiscal year${info ? ` (${info.fiscalYear})` : ''}.`}{' '}
            Status is as of today.
          </p>
        </div>
        <div className="row gap toolbar" role="toolbar" aria-label="Agreement filters">
          <label className="search">
            <span className="sr-only">Search</span>
            <input
              type="search"
              value={search}
              placeholder="Search customer, agreement ID"
              onChange={(e) => setSearch(e.target.value)}
            />
          </label>
          <label className="inline">
            Status{' '}
            <select value={status} onChange={(e) => set('status', e.target.value || null)}>
              <option value="">Open and ended</option>
              <option value="open">Open</option>
              <option value="ended">Ended</option>
            </select>
          </label>
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={all}
              onChange={(e) => set('all', e.target.checked ? '1' : null)}
            />
            All agreements
          </label>
        </div>
      </header>
      <div className="row between gridbar">
        <span />
        <span className="count" aria-live="polite">
          {info ? fmtRows(info.total) : 'Loading…'}
        </span>
      </div>
      <ErrorBanner message={error} />
      <div className="grid-box">
        <AgGridReact<AgreementRowOut>
          {...INFINITE_GRID}
          datasource={datasource}
          columnDefs={COLUMNS}
          defaultColDef={defaultColDef}
          overlayNoRowsTemplate="<span>No agreements match.</span>"
        />
      </div>
    </div>
  );
}
