/**
 * The Overview's Fit × Intent matrix for one product: customers, cluster and whitespace per
 * cell, shaded by how many customers it holds, each cell a link to its rows in Propensity.
 * Loads its own answer (api.matrix) under the Overview's scope; the product is chosen in the
 * URL (`matrix=`), so a link or the back button keeps it.
 */
import type { MatrixCellOut } from '../../../shared/api';
import { clusterColor } from '../../../shared/domain/colors';
import { BANDS } from '../../../shared/domain/matrix';
import { PRODUCT_INFO, type Product } from '../../../shared/domain/products';
import type { Filters } from '../../../shared/filters';
import { filtersToParams } from '../../../shared/filters';
import { api } from '../api-client';
import { contrast } from '../components/chip-colors';
import { fmtInt, fmtMoney, fmtMoneyShort } from '../format';
import { useLoad } from '../hooks';
import { bandLabel, clusterLabel, useT } from '../i18n';
import { href, navigate, propensityHref } from '../url-state';

export function Matrix({
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
