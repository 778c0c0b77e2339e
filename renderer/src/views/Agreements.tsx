import { useCallback, useEffect, useEffectEvent, useMemo, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ICellRendererParams, IGetRowsParams, ValueFormatterParams } from 'ag-grid-community';
import {
  AGREEMENT_SORT_FIELDS,
  type AgreementRowOut,
  type AgreementsQuery,
  type Out,
} from '../../../shared/api';
import { api } from '../api-client';
import { useInfiniteSource, type SourceListener } from '../components/infinite-source';
import { ClustersRenderer } from '../components/cellRenderers';
import { INFINITE_GRID } from '../components/grid';
import { fmtDate, fmtMoney, fmtRows } from '../format';
import { useDebounced } from '../hooks';
import { href, navigate } from '../url-state';
import { ErrorBanner } from '../components/ErrorBanner';
import { AGREEMENT_COLUMN_LABELS, AGREEMENT_STATUS_LABELS, PAGE_LABELS } from '../labels';

type SortField = NonNullable<AgreementsQuery['sort']>[number]['field'];

function StatusCell(p: ICellRendererParams<AgreementRowOut>) {
  if (!p.value) return null;
  return (
    <span className={`status ${p.value as string}`}>
      {AGREEMENT_STATUS_LABELS[p.value === 'open' ? 'open' : 'ended']}
    </span>
  );
}

const COLUMNS: ColDef<AgreementRowOut>[] = [
  { field: 'customerId', headerName: AGREEMENT_COLUMN_LABELS.customerId, width: 130 },
  { field: 'accountName', headerName: AGREEMENT_COLUMN_LABELS.accountName, width: 220 },
  { field: 'agreementId', headerName: AGREEMENT_COLUMN_LABELS.agreementId, width: 150 },
  { field: 'licenseProgram', headerName: AGREEMENT_COLUMN_LABELS.licenseProgram, width: 160 },
  { field: 'product', headerName: AGREEMENT_COLUMN_LABELS.product, width: 190 },
  {
    field: 'endDate',
    headerName: AGREEMENT_COLUMN_LABELS.endDate,
    width: 130,
    valueFormatter: (p: ValueFormatterParams<AgreementRowOut, string>) => fmtDate(p.value),
  },
  {
    field: 'expiringRevenue',
    headerName: AGREEMENT_COLUMN_LABELS.expiringRevenue,
    width: 160,
    type: 'rightAligned',
    valueFormatter: (p: ValueFormatterParams<AgreementRowOut, number | null>) => fmtMoney(p.value),
  },
  { field: 'status', headerName: AGREEMENT_COLUMN_LABELS.status, width: 100, cellRenderer: StatusCell },
  {
    colId: 'clusters',
    headerName: AGREEMENT_COLUMN_LABELS.clusters,
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

/** The agreements the grid asks for, but for sort and paging. */
type AgreementsScope = Omit<AgreementsQuery, 'sort' | 'offset' | 'limit'>;

function fetchAgreements(scope: AgreementsScope, p: IGetRowsParams): Promise<Out<'agreements'>> {
  const sort = p.sortModel
    .filter((s) => (AGREEMENT_SORT_FIELDS as readonly string[]).includes(s.colId))
    .map((s) => ({ field: s.colId as SortField, dir: s.sort }))
    .slice(0, 3);
  return api.agreements({ ...scope, sort, offset: p.startRow, limit: p.endRow - p.startRow });
}

export function Agreements({ params }: { params: URLSearchParams }) {
  const all = params.get('all') === '1';
  const statusParam = params.get('status');
  const status = statusParam === 'open' || statusParam === 'ended' ? statusParam : '';
  const q = params.get('q') ?? '';
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
  const writeSearch = useEffectEvent((text: string) => {
    if (text !== q) set('q', text || null);
  });
  useEffect(() => writeSearch(debounced), [debounced]);

  const query = useMemo<AgreementsScope>(
    () => ({ all, search: q || undefined, status: status || undefined }),
    [all, q, status],
  );
  const listener = useMemo<SourceListener<AgreementsScope, Out<'agreements'>>>(
    () => ({
      answered(r) {
        setInfo({ total: r.total, fiscalYear: r.fiscalYear });
        setError(null);
      },
      failed: (message) => setError(message),
    }),
    [],
  );
  const datasource = useInfiniteSource(query, fetchAgreements, listener);
  const defaultColDef = useMemo<ColDef>(() => ({ sortable: true, resizable: true }), []);

  return (
    <div className="page page-full">
      <header className="page-head row between">
        <div>
          <h1>{PAGE_LABELS.agreements}</h1>
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
              <option value="open">{AGREEMENT_STATUS_LABELS.open}</option>
              <option value="ended">{AGREEMENT_STATUS_LABELS.ended}</option>
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
