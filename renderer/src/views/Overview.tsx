import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { SummaryOut } from '../../../shared/api';
import { clusterColor } from '../../../shared/domain/colors';
import { chipColors } from '../components/chip-colors';
import { CLUSTERS } from '../../../shared/domain/matrix';
import { PRODUCT_INFO, isProduct, type Product } from '../../../shared/domain/products';
import { api } from '../api-client';
import { EmptyState } from '../components/EmptyState';
import { fmtDate, fmtInt, fmtMoney } from '../format';
import { useLoad } from '../hooks';
import { propensityHref, useRoute } from '../url-state';
import { ErrorBanner } from '../components/ErrorBanner';
import { clusterLabel, useT } from '../i18n';
import { activeFilters, type Filters } from '../../../shared/filters';
import { ScopeChips, ScopeLayout, scopedHref, useScope } from '../components/Scope';
import { ExportDialog } from '../components/ExportDialog';
import { Matrix } from './OverviewMatrix';

export function Overview({ empty }: { empty: boolean }) {
  const t = useT();
  const intl = useIntl();
  const route = useRoute();
  const scope = useScope('overview', route.params);
  const { filters } = scope;
  const scoped = activeFilters(filters).length > 0;
  const summary = useLoad(() => api.summary(scoped ? { filters } : {}), `summary:${scope.key}`);
  const s = summary.loading ? undefined : summary.data;
  const [exporting, setExporting] = useState(false);
  const products = s ? Object.keys(s.clusters).filter(isProduct) : [];
  const wanted = route.params.get('matrix');
  const product: Product | undefined = wanted && isProduct(wanted) ? wanted : products[0];

  return (
    <div className="page">
      <header className="page-head row between scoped-head">
        <div>
          <h1>{t('page.overview')}</h1>
          {summary.data ? (
            <p className="muted">
              {intl.formatMessage(
                { id: 'overview.fiscalYear' },
                {
                  fy: summary.data.fiscalYear,
                  start: fmtDate(summary.data.fiscalYearStart),
                  end: fmtDate(summary.data.fiscalYearEnd),
                  asOf: fmtDate(summary.data.asOf),
                  time: (chunks) => <time dateTime={summary.data!.asOf}>{chunks}</time>,
                },
              )}
            </p>
          ) : null}
        </div>
        <div className="row gap toolbar" role="toolbar" aria-label={t('scope.overview.tools')}>
          <button type="button" onClick={() => setExporting(true)} disabled={empty}>
            {t('export.open')}
          </button>
        </div>
      </header>
      <ErrorBanner message={summary.error} />
      {empty ? <EmptyState /> : null}
      <ScopeLayout filters={filters} onChange={scope.set} answered={s ? scope.key : null}>
        <ScopeChips filters={filters} onChange={scope.set} />
        {s ? (
          <>
            <section className="tiles" aria-label={t('overview.summary')}>
              <Tile
                id="customers"
                label={t('overview.customers')}
                value={fmtInt(s.customers)}
                note={scoped ? t('scope.overview.customersNote') : t('overview.customersNote')}
                link={scoped ? scopedHref('customers', filters) : undefined}
              />
              <Tile
                id="expiring"
                label={t('overview.expiring')}
                value={fmtInt(s.expiringAgreements)}
                note={t('overview.expiringNote', { fy: s.fiscalYear, asOf: fmtDate(s.asOf) })}
                link={scopedHref('agreements', filters)}
              />
              <Tile
                id="revenue"
                label={t('overview.revenue')}
                value={fmtMoney(s.openExpiringRevenue)}
                note={t('overview.revenueNote', { fy: s.fiscalYear, asOf: fmtDate(s.asOf) })}
                link={scopedHref('agreements', filters, { status: 'open' })}
              />
            </section>
            <div className="grid-2">
              <ClusterChart summary={s} products={products} filters={filters} />
              <Moved summary={s} products={products} filters={filters} />
            </div>
            {product ? (
              <Matrix product={product} products={products} filters={filters} scopeKey={scope.key} />
            ) : null}
          </>
        ) : summary.loading ? (
          <p className="muted">{t('common.loading')}</p>
        ) : null}
      </ScopeLayout>
      {exporting ? (
        <ExportDialog
          title={t('scope.overview.exportTitle')}
          filters={filters}
          offer={{
            choices: [
              {
                id: 'workbook',
                label: t('scope.overview.exportWorkbook'),
                hint: t('scope.overview.exportHint'),
                input: { format: 'xlsx' },
              },
            ],
          }}
          onClose={() => setExporting(false)}
        />
      ) : null}
    </div>
  );
}

function Tile({
  id,
  label,
  value,
  note,
  link,
}: {
  id: string;
  label: string;
  value: string;
  note: string;
  link?: string;
}) {
  const body = (
    <>
      <div className="tile-label">{label}</div>
      <div className="tile-value" data-testid={`tile-${id}`}>
        {value}
      </div>
      <div className="tile-note">{note}</div>
    </>
  );
  return (
    <div className="card tile" role="group" aria-label={label}>
      {link ? (
        <a href={link} className="tile-link">
          {body}
        </a>
      ) : (
        body
      )}
    </div>
  );
}

function ClusterChart({
  summary,
  products,
  filters,
}: {
  summary: SummaryOut;
  products: Product[];
  filters: Filters;
}) {
  const totals = products.map((p) => CLUSTERS.reduce((n, c) => n + (summary.clusters[p]?.[c] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const t = useT();
  return (
    <section className="card" aria-labelledby="clusters-title">
      <h2 id="clusters-title">{t('overview.clusters')}</h2>
      <div className="legend" aria-hidden="true">
        {CLUSTERS.map((c) => (
          <span key={c} className="legend-item">
            <span className="swatch" style={{ background: clusterColor(c)?.css }} />
            {clusterLabel(c)}
          </span>
        ))}
      </div>
      {products.length === 0 ? <p className="muted">{t('overview.noPropensity')}</p> : null}
      <ul className="bars">
        {products.map((p, i) => (
          <li key={p} className="bar-row">
            <span className="bar-label" title={PRODUCT_INFO[p].name}>
              {p}
            </span>
            <span className="bar-track">
              {CLUSTERS.map((c) => {
                const n = summary.clusters[p]?.[c] ?? 0;
                if (!n) return null;
                const col = chipColors(c)!;
                return (
                  <a
                    key={c}
                    className="bar-seg"
                    href={propensityHref({ ...filters, product: [p], cluster: [c] })}
                    style={{ width: `${(n / max) * 100}%`, ...col }}
                    title={t('overview.bar', { product: p, cluster: clusterLabel(c), count: n })}
                    aria-label={t('overview.barLabel', { product: p, cluster: clusterLabel(c), count: n })}
                  >
                    <span className="bar-num">{fmtInt(n)}</span>
                  </a>
                );
              })}
            </span>
            <span className="bar-total">{fmtInt(totals[i])}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Moved({
  summary,
  products,
  filters,
}: {
  summary: SummaryOut;
  products: Product[];
  filters: Filters;
}) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="moved-title">
      <h2 id="moved-title">{t('overview.moved')}</h2>
      <p className="muted small">{t('overview.movedIntro')}</p>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">{t('overview.product')}</th>
            <th scope="col" className="num">
              {t('overview.customersCol')}
            </th>
          </tr>
        </thead>
        <tbody>
          {products.map((p) => {
            const n = summary.movedIntoActNow[p] ?? 0;
            return (
              <tr key={p}>
                <td>{PRODUCT_INFO[p].name}</td>
                <td className="num">
                  {n > 0 ? (
                    <a
                      href={propensityHref({ ...filters, product: [p], movedIntoActNow: true })}
                      aria-label={t('overview.movedLink', { product: p, count: fmtInt(n) })}
                    >
                      {fmtInt(n)}
                    </a>
                  ) : (
                    <span className="muted">0</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {summary.snapshots.length ? (
        <p className="muted small">
          {t('overview.snapshots', {
            list: summary.snapshots.map((x) => `${x.report} ${fmtDate(x.snapshot)}`).join(' · '),
          })}
        </p>
      ) : null}
    </section>
  );
}
