/**
 * The renewal list: agreements of the current download, with its own filters (status, end-date
 * range, licence program, the fiscal-year switch, a search on the agreement's columns) and the
 * filter panel's scope (the customers it holds), all in the URL; exported as shown. The end
 * dates are typed in the UI's form (nl dd-mm-jjjj, en ISO) and kept as ISO in the URL.
 */
import { useCallback, useEffect, useEffectEvent, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type { ColDef, ICellRendererParams, ValueFormatterParams } from 'ag-grid-community';
import {
  AGREEMENT_SORT_FIELDS,
  type AgreementRowOut,
  type AgreementsQuery,
  type Out,
} from '../../../shared/api';
import { isIsoDate } from '../../../shared/domain/fiscal';
import { ScopeChips, ScopeLayout, useScope } from '../components/Scope';
import { ExportDialog } from '../components/ExportDialog';
import { api } from '../api-client';
import { useInfiniteSource, type PageParams, type SourceListener } from '../components/infinite-source';
import { ClustersRenderer } from '../components/cellRenderers';
import { INFINITE_GRID, gridLocaleText, noRowsTemplate } from '../components/grid';
import { fmtDate, fmtMoney, fmtRows } from '../format';
import { useDebounced } from '../hooks';
import { href, navigate } from '../url-state';
import { ErrorBanner } from '../components/ErrorBanner';
import { DateInput, useDateWords } from '../components/DateInput';
import { formatDateInput, parseDateInput } from '../date-input';
import { clusterLabel, columnLabel, t as translate, useLanguage, useT } from '../i18n';

type SortField = NonNullable<AgreementsQuery['sort']>[number]['field'];

function StatusCell(p: ICellRendererParams<AgreementRowOut>) {
  const t = useT();
  if (!p.value) return null;
  return (
    <span className={`status ${p.value as string}`}>
      {p.value === 'open' ? t('status.open') : t('status.ended')}
    </span>
  );
}

/** The grid's columns, named in the current language (the page remounts when it changes). */
const columns = (): ColDef<AgreementRowOut>[] => [
  { field: 'customerId', headerName: columnLabel('customerId'), width: 130 },
  { field: 'accountName', headerName: columnLabel('accountName'), width: 220 },
  { field: 'agreementId', headerName: columnLabel('agreementId'), width: 150 },
  { field: 'licenseProgram', headerName: columnLabel('licenseProgram'), width: 160 },
  { field: 'product', headerName: columnLabel('renewalProduct'), width: 190 },
  {
    field: 'endDate',
    headerName: columnLabel('endDate'),
    width: 130,
    valueFormatter: (p: ValueFormatterParams<AgreementRowOut, string>) => fmtDate(p.value),
  },
  {
    field: 'expiringRevenue',
    headerName: columnLabel('expiringRevenue'),
    width: 160,
    type: 'rightAligned',
    valueFormatter: (p: ValueFormatterParams<AgreementRowOut, number | null>) => fmtMoney(p.value),
  },
  { field: 'status', headerName: columnLabel('status'), width: 100, cellRenderer: StatusCell },
  {
    colId: 'clusters',
    headerName: columnLabel('clusters'),
    sortable: false,
    flex: 1,
    minWidth: 260,
    cellRenderer: ClustersRenderer,
    tooltipValueGetter: (p) =>
      Object.entries(p.data?.clusters ?? {})
        .map(([k, v]) => translate('grid.productCluster', { product: k, cluster: clusterLabel(v) }))
        .join(', '),
  },
];

/**
 * One end of the end-date range: typed in the UI's form (../components/DateInput) and applied on
 * Enter or when the focus leaves it, as ISO (`null`: cleared); a date that is none is not applied
 * but refused, which the field reports (`onRefused`) for the view to say so under the filters.
 */
function EndDate({
  label,
  value,
  refusal,
  onApply,
  onRefused,
}: {
  label: string;
  /** The applied date (ISO, '' for none). */
  value: string;
  /** The id of the refusal shown while a field's text is no date. */
  refusal: string;
  onApply: (iso: string | null) => void;
  onRefused: (refused: boolean) => void;
}) {
  const { locale } = useLanguage();
  const id = useId();
  const [text, setText] = useState(() => formatDateInput(value, locale));
  const [refused, setRefused] = useState(false);
  // The applied date changed elsewhere (a saved view, the URL): show it.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(formatDateInput(value, locale));
    setRefused(false);
  }
  const report = useEffectEvent(onRefused);
  useEffect(() => report(refused), [refused]);
  function apply(): void {
    const typed = text.trim();
    const iso = typed === '' ? '' : parseDateInput(typed, locale);
    setRefused(iso === null);
    if (iso !== null && iso !== value) onApply(iso || null);
  }
  return (
    <span className="date-field">
      <label htmlFor={id}>{label}</label>
      <DateInput
        id={id}
        text={text}
        onText={setText}
        invalid={refused}
        describedBy={refused ? refusal : undefined}
        onBlur={apply}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            apply();
          }
        }}
      />
    </span>
  );
}

/** The agreements the grid asks for, but for sort and paging. */
type AgreementsScope = Omit<AgreementsQuery, 'sort' | 'offset' | 'limit'>;

function fetchAgreements(scope: AgreementsScope, p: PageParams): Promise<Out<'agreements'>> {
  const sort = p.sortModel
    .filter((s) => (AGREEMENT_SORT_FIELDS as readonly string[]).includes(s.colId))
    .map((s) => ({ field: s.colId as SortField, dir: s.sort }))
    .slice(0, 3);
  return api.agreements({ ...scope, sort, offset: p.startRow, limit: p.endRow - p.startRow });
}

/** The URL's date, when it is one. */
const dateParam = (p: URLSearchParams, k: string) => {
  const v = p.get(k) ?? '';
  return isIsoDate(v) ? v : '';
};

export function Agreements({ params }: { params: URLSearchParams }) {
  const all = params.get('all') === '1';
  const statusParam = params.get('status');
  const status: 'open' | 'ended' | '' = statusParam === 'open' || statusParam === 'ended' ? statusParam : '';
  const endFrom = dateParam(params, 'endFrom');
  const endTo = dateParam(params, 'endTo');
  const badRange = !!endFrom && !!endTo && endFrom > endTo;
  const program = params.get('program') ?? '';
  const scope = useScope('agreements', params);
  // The search box is the list's own search (agreement ID too); the rest of the scope is the panel's.
  const panelKey = JSON.stringify({ ...scope.filters, search: undefined });
  const q = params.get('q') ?? '';
  const [exporting, setExporting] = useState(false);
  const [programs, setPrograms] = useState<string[]>([]);
  const [search, setSearch] = useState(q);
  const debounced = useDebounced(search, 250);
  const [info, setInfo] = useState<{ total: number; fiscalYear: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const t = useT();
  const [columnDefs] = useState(columns);
  // The end dates typed that are no date (not applied; the URL keeps the last good one).
  const [refused, setRefused] = useState<{ endFrom?: boolean; endTo?: boolean }>({});
  const refusalId = useId();
  const dateWords = useDateWords();

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

  const own = useMemo<Omit<AgreementsScope, 'filters'>>(
    () => ({
      all,
      search: q || undefined,
      status: status || undefined,
      endDate:
        (endFrom || endTo) && !badRange ? { from: endFrom || undefined, to: endTo || undefined } : undefined,
      licenseProgram: program ? [program] : undefined,
    }),
    [all, q, status, endFrom, endTo, badRange, program],
  );
  const query = useMemo<AgreementsScope>(
    () => ({ ...own, filters: JSON.parse(panelKey) as AgreementsScope['filters'] }),
    [own, panelKey],
  );
  const [answered, setAnswered] = useState<string | null>(null);
  const listener = useMemo<SourceListener<AgreementsScope, Out<'agreements'>>>(
    () => ({
      answered(r, asked) {
        setInfo({ total: r.total, fiscalYear: r.fiscalYear });
        setPrograms((p) => (p.join('\u0000') === r.licensePrograms.join('\u0000') ? p : r.licensePrograms));
        setError(null);
        setAnswered(JSON.stringify(asked.filters));
      },
      failed: (message) => setError(message),
    }),
    [],
  );
  const datasource = useInfiniteSource(query, fetchAgreements, listener);
  const defaultColDef = useMemo<ColDef>(() => ({ sortable: true, resizable: true }), []);
  const [localeText] = useState(gridLocaleText);

  return (
    <div className="page page-full">
      <header className="page-head row between scoped-head">
        <div>
          <h1>{t('page.agreements')}</h1>
          <p className="muted small">
            {all
              ? t('agreements.all')
              : info
                ? t('agreements.fiscalYear', { fy: info.fiscalYear })
                : t('agreements.fiscalYearUnknown')}{' '}
            {t('agreements.asOfToday')}
          </p>
        </div>
        <div className="row gap toolbar" role="toolbar" aria-label={t('agreements.tools')}>
          <label className="search">
            <span className="sr-only">{t('common.search')}</span>
            <input
              type="search"
              value={search}
              placeholder={t('agreements.searchPlaceholder')}
              onChange={(e) => setSearch(e.target.value)}
            />
          </label>
          <button type="button" onClick={() => setExporting(true)}>
            {t('export.open')}
          </button>
        </div>
      </header>
      <ScopeLayout
        filters={scope.filters}
        onChange={scope.set}
        answered={answered === panelKey ? scope.key : null}
        className="full"
      >
        <div className="row gap own-filters" role="group" aria-label={t('agreements.tools')}>
          <label className="inline">
            {t('agreements.status')}{' '}
            <select value={status} onChange={(e) => set('status', e.target.value || null)}>
              <option value="">{t('agreements.openAndEnded')}</option>
              <option value="open">{t('status.open')}</option>
              <option value="ended">{t('status.ended')}</option>
            </select>
          </label>
          <EndDate
            label={t('scope.ag.endFrom')}
            value={endFrom}
            refusal={refusalId}
            onApply={(iso) => set('endFrom', iso)}
            onRefused={(r) => setRefused((x) => ({ ...x, endFrom: r }))}
          />
          <EndDate
            label={t('scope.ag.endTo')}
            value={endTo}
            refusal={refusalId}
            onApply={(iso) => set('endTo', iso)}
            onRefused={(r) => setRefused((x) => ({ ...x, endTo: r }))}
          />
          <label className="inline">
            {t('scope.ag.program')}{' '}
            <select value={program} onChange={(e) => set('program', e.target.value || null)}>
              <option value="">{t('scope.ag.allPrograms')}</option>
              {(program && !programs.includes(program) ? [program, ...programs] : programs).map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={all}
              onChange={(e) => set('all', e.target.checked ? '1' : null)}
            />
            {t('agreements.allSwitch')}
          </label>
        </div>
        {refused.endFrom || refused.endTo ? (
          <p id={refusalId} className="error-text" role="alert">
            {dateWords.refused}
          </p>
        ) : null}
        {badRange ? (
          <p className="error-text" role="alert">
            {t('scope.ag.badRange', { from: fmtDate(endFrom), to: fmtDate(endTo) })}
          </p>
        ) : null}
        <ScopeChips filters={scope.filters} onChange={scope.set}>
          <span className="count" aria-live="polite">
            {info ? fmtRows(info.total) : t('common.loading')}
          </span>
        </ScopeChips>
        <ErrorBanner message={error} />
        <div className="grid-box" data-skip-target="grid" tabIndex={-1}>
          <AgGridReact<AgreementRowOut>
            {...INFINITE_GRID}
            localeText={localeText}
            datasource={datasource}
            columnDefs={columnDefs}
            defaultColDef={defaultColDef}
            overlayNoRowsTemplate={noRowsTemplate(t('agreements.noRows'))}
          />
        </div>
      </ScopeLayout>
      {exporting ? (
        <ExportDialog
          title={t('scope.ag.exportTitle')}
          filters={query.filters ?? {}}
          offer={{
            choices: [
              {
                id: 'list',
                label: t('scope.ag.exportList'),
                hint: t('scope.ag.exportHint'),
                input: { format: 'csv', agreements: own },
              },
            ],
          }}
          onClose={() => setExporting(false)}
        />
      ) : null}
    </div>
  );
}
