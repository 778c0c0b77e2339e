import type { GroupOut } from '../../../shared/api';
import { isCluster } from '../../../shared/domain/matrix';
import { isProduct } from '../../../shared/domain/products';
import type { Filters } from '../../../shared/filters';
import { api } from '../api-client';
import { ClusterChip } from '../components/ClusterChip';
import { fmtInt, fmtMoney } from '../format';
import { useLoad } from '../hooks';
import { navigate, propensityHref } from '../url-state';
import { PAGE_LABELS, WHITESPACE_GROUPS } from '../labels';

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
  return (
    <div className="page">
      <header className="page-head">
        <h1>{PAGE_LABELS.whitespace}</h1>
        <p className="muted">
          Estimated whitespace revenue of customers who do not own the product family yet. Values marked ≈ are
          the workbench’s estimate (Settings), not the download’s figure. Click a row to open those customers.
        </p>
      </header>
      <div className="stack">
        {WHITESPACE_GROUPS.map((g) => (
          <GroupTable key={g.by} {...g} />
        ))}
      </div>
    </div>
  );
}

function GroupTable({ by, title, a, b }: { by: By; title: string; a: string; b: string }) {
  const r = useLoad(() => api.whitespace({ by }), `ws:${by}`);
  const rows = r.data ?? [];
  const total = rows.reduce((s, x) => s + x.revenue, 0);
  const totalEst = rows.reduce((s, x) => s + x.estimatedRevenue, 0);
  const max = Math.max(1, ...rows.map((x) => x.revenue));
  const id = `ws-${by}`;
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-head">
        <h2 id={id}>{title}</h2>
        <span className="muted small">
          {fmtMoney(total)} in total, ≈ {fmtMoney(totalEst)} estimated
        </span>
      </div>
      {r.error ? <p className="error-text">{r.error}</p> : null}
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{a}</th>
              <th scope="col">{b}</th>
              <th scope="col" className="num">
                Customers
              </th>
              <th scope="col" className="num">
                Whitespace revenue
              </th>
              <th scope="col" className="num">
                of which estimated
              </th>
              <th scope="col" aria-label="Share of the largest group" />
            </tr>
          </thead>
          <tbody>
            {rows.map((g, i) => {
              const f = drill(by, g);
              const label = `${g.a ?? '(none)'} · ${g.b ?? '(none)'}`;
              return (
                <tr
                  key={i}
                  className={f ? 'clickable' : undefined}
                  onClick={(e) => f && !(e.target as Element).closest('a') && navigate(propensityHref(f))}
                >
                  <td>
                    {f ? (
                      <a href={propensityHref(f)} aria-label={`Open ${label} in Propensity`}>
                        {g.a ?? <span className="muted">(none)</span>}
                      </a>
                    ) : (
                      (g.a ?? '(none)')
                    )}
                  </td>
                  <td>
                    {by === 'productCluster' ? (
                      <ClusterChip cluster={g.b} />
                    ) : (
                      (g.b ?? <span className="muted">(none)</span>)
                    )}
                  </td>
                  <td className="num">{fmtInt(g.customers)}</td>
                  <td className="num">{fmtMoney(g.revenue)}</td>
                  <td className="num estimate" title="Estimated by the workbench">
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
                  No whitespace in the loaded downloads.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
