import type { GroupOut } from '../../../shared/api';
import { isCluster } from '../../../shared/domain/matrix';
import { isProduct } from '../../../shared/domain/products';
import type { Filters } from '../../../shared/filters';
import { api } from '../api-client';
import { ClusterChip } from '../components/ClusterChip';
import { fmtInt, fmtMoney } from '../format';
import { useLoad } from '../hooks';
import { navigate, propensityHref } from '../url-state';
import { WHITESPACE_GROUPS } from '../labels';
import { clusterLabel, columnLabel, useT } from '../i18n';
import type { LabelledField } from '../../../shared/i18n';
import type { MessageKey } from '../i18n/en';

type By = (typeof WHITESPACE_GROUPS)[number]['by'];

function drill(by: By, g: GroupOut): Filters | null {
  const f: Filters = { whitespace: true };
  if (by === 'productCluster') {
    if (g.a && isProduct(g.a)) f.product = [g.a];
    if (g.b && isCluster(g.b)) f.cluster = [g.b];
  } else if (by === 'areaCountry') {
    if (g.a) f.area = [g.a];
    if (g.b) f.country = [g.b];
  } else {
    if (g.a) f.industry = [g.a];
    if (g.b) f.vertical = [g.b];
  }
  return f;
}

export function Whitespace() {
  const t = useT();
  return (
    <div className="page">
      <header className="page-head">
        <h1>{t('page.whitespace')}</h1>
        <p className="muted">{t('whitespace.intro')}</p>
      </header>
      <div className="stack">
        {WHITESPACE_GROUPS.map((g) => (
          <GroupTable key={g.by} {...g} />
        ))}
      </div>
    </div>
  );
}

function GroupTable({ by, title, a, b }: { by: By; title: MessageKey; a: LabelledField; b: LabelledField }) {
  const t = useT();
  const r = useLoad(() => api.whitespace({ by }), `ws:${by}`);
  const rows = r.data ?? [];
  const total = rows.reduce((s, x) => s + x.revenue, 0);
  const totalEst = rows.reduce((s, x) => s + x.estimatedRevenue, 0);
  const max = Math.max(1, ...rows.map((x) => x.revenue));
  const id = `ws-${by}`;
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-head">
        <h2 id={id}>{t(title)}</h2>
        <span className="muted small">
          {t('whitespace.total', { total: fmtMoney(total), estimated: fmtMoney(totalEst) })}
        </span>
      </div>
      {r.error ? <p className="error-text">{r.error}</p> : null}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{columnLabel(a)}</th>
              <th scope="col">{columnLabel(b)}</th>
              <th scope="col" className="num">
                {t('whitespace.customers')}
              </th>
              <th scope="col" className="num">
                {t('whitespace.revenue')}
              </th>
              <th scope="col" className="num">
                {t('whitespace.ofWhichEstimated')}
              </th>
              <th scope="col">
                <span className="sr-only">{t('whitespace.share')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((g, i) => {
              const f = drill(by, g);
              const none = t('common.none');
              const shownB = by === 'productCluster' && g.b ? clusterLabel(g.b) : g.b;
              const label = `${g.a ?? none} · ${shownB ?? none}`;
              return (
                <tr
                  key={i}
                  className={f ? 'clickable' : undefined}
                  onClick={(e) => f && !(e.target as Element).closest('a') && navigate(propensityHref(f))}
                >
                  <td>
                    {f ? (
                      <a href={propensityHref(f)} aria-label={t('whitespace.open', { group: label })}>
                        {g.a ?? <span className="muted">{none}</span>}
                      </a>
                    ) : (
                      (g.a ?? none)
                    )}
                  </td>
                  <td>
                    {by === 'productCluster' ? (
                      <ClusterChip cluster={g.b} />
                    ) : (
                      (g.b ?? <span className="muted">{none}</span>)
                    )}
                  </td>
                  <td className="num">{fmtInt(g.customers)}</td>
                  <td className="num">{fmtMoney(g.revenue)}</td>
                  <td className="num estimate" title={t('whitespace.estimatedTitle')}>
                    {g.estimatedRevenue ? `≈ ${fmtMoney(g.estimatedRevenue)}` : ''}
                  </td>
                  <td className="barcell" aria-hidden="true">
                    <span className="minibar" style={{ width: `${(g.revenue / max) * 100}%` }} />
                  </td>
                </tr>
              );
            })}
            {r.data && rows.length === 0 ? (
              <tr>
                <td colSpan={6} className="muted">
                  {t('whitespace.none')}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
