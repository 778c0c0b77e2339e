import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { MatrixCellOut, SummaryOut } from '../../../shared/api';
import { clusterColor } from '../../../shared/domain/colors';
import { chipColors, contrast } from '../components/chip-colors';
import { BANDS, CLUSTERS } from '../../../shared/domain/matrix';
import { PRODUCT_INFO, isProduct, type Product } from '../../../shared/domain/products';
import { api } from '../api-client';
import { EmptyState } from '../components/EmptyState';
import { fmtDate, fmtInt, fmtMoney, fmtMoneyShort } from '../format';
import { useLoad } from '../hooks';
import { href, navigate, propensityHref, useRoute } from '../url-state';
import { ErrorBanner } from '../components/ErrorBanner';
import { bandLabel, clusterLabel, useT } from '../i18n';
import { activeFilters, filtersToParams, type Filters } from '../../../shared/filters';
import { ScopeChips, ScopeLayout, scopedHref, useScope } from '../components/Scope';
import { ExportDialog } from '../components/ExportDialog';

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

function Matrix({
  product,
  products,
  filters,
  scopeKey,
}: {
  product: Product;
  products: Product[];
  filters: Filters;
  scopeKey: string;
}) {
  const t = useT();
  const m = useLoad(() => api.matrix({ product, filters }), `matrix:${product}:${scopeKey}`);
  const cells = m.data?.cells ?? [];
  const max = Math.max(1, ...cells.map((c) => c.customers));
  const at = (f: string, i: string): MatrixCellOut | undefined =>
    cells.find((c) => c.fitBand === f && c.intentBand === i);
  return (
    <section className="card" aria-labelledby="matrix-title">
      <div className="card-head">
        <h2 id="matrix-title">{t('overview.matrix')}</h2>
        <label className="inline">
          {t('overview.product')}{' '}
          <select
            value={product}
            onChange={(e) => {
              const p = filtersToParams(filters);
              p.set('matrix', e.target.value);
              navigate(href('overview', p), { replace: true });
            }}
          >
            {products.map((p) => (
              <option key={p} value={p}>
                {PRODUCT_INFO[p].name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {m.error ? <p className="error-text">{m.error}</p> : null}
      <div className="matrix" role="table" aria-label={t('overview.matrixFor', { product })}>
        <div role="row" className="matrix-row">
          <div role="columnheader" className="matrix-corner">
            {t('overview.matrixCorner')}
          </div>
          {BANDS.map((b) => (
            <div role="columnheader" key={b} className="matrix-head">
              {bandLabel(b)}
            </div>
          ))}
        </div>
        {BANDS.map((f) => (
          <div role="row" className="matrix-row" key={f}>
            <div role="rowheader" className="matrix-head">
              {bandLabel(f)}
            </div>
            {BANDS.map((i) => {
              const c = at(f, i);
              const n = c?.customers ?? 0;
              const alpha = 0.06 + 0.84 * (n / max);
              const col = clusterColor(c?.cluster);
              return (
                <div role="cell" key={i} className="matrix-cell-wrap">
                  {c ? (
                    <a
                      className="matrix-cell"
                      href={propensityHref({ ...filters, product: [product], cell: [c.cell as never] })}
                      style={heat(alpha)}
                      title={t('overview.matrixCell', {
                        cell: c.cell,
                        cluster: clusterLabel(c.cluster),
                        fit: bandLabel(f),
                        intent: bandLabel(i),
                        count: n,
                        revenue: fmtMoney(c.whitespaceRevenue),
                      })}
                      data-cell={c.cell}
                    >
                      {/* The name is the visible text, with the words a screen reader needs around it. */}
                      <span className="cell-name">
                        <span className="cell-dot" style={{ background: col?.css }} />
                        {c.cell}
                        <span className="sr-only">
                          {' '}
                          {t('overview.cellWhere', {
                            cluster: clusterLabel(c.cluster),
                            fit: bandLabel(f),
                            intent: bandLabel(i),
                          })}
                        </span>
                      </span>
                      <span className="cell-count">
                        {fmtInt(n)}
                        <span className="sr-only"> {t('overview.cellCustomers', { count: n })}</span>
                      </span>
                      <span className="cell-rev">
                        {fmtMoneyShort(c.whitespaceRevenue)}
                        <span className="sr-only"> {t('overview.cellRevenue')}</span>
                      </span>
                    </a>
                  ) : (
                    <span className="matrix-cell none">{t('common.dash')}</span>
                  )}
                </div>
              );
            })}
          </div>
        ))}
      </div>
      {m.data?.unscored ? (
        <p className="muted small">{t('overview.unscored', { count: m.data.unscored })}</p>
      ) : null}
    </section>
  );
}

/**
 * A matrix cell's shade of the accent blue (more customers, darker) and the text that reads on
 * it: black or white, whichever contrasts more with the blended colour (always ≥ 4.5:1).
 */
function heat(alpha: number): { background: string; color: string } {
  const hex = [47, 111, 181]
    .map((c) =>
      Math.round(255 - alpha * (255 - c))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('');
  const background = `#${hex}`;
  const color = contrast(background, '#000000') >= contrast(background, '#ffffff') ? '#000000' : '#ffffff';
  return { background, color };
}
