/**
 * Whitespace revenue grouped two levels deep, one grouping at a time (chosen in the URL: `by`),
 * under the filter panel's scope; a row opens its rows in Propensity, the export writes the
 * grouping shown.
 */
import { useState } from 'react';
import type { GroupOut } from '../../../shared/api';
import { isCluster } from '../../../shared/domain/matrix';
import { isProduct } from '../../../shared/domain/products';
import type { Filters } from '../../../shared/filters';
import type { LabelledField } from '../../../shared/i18n';
import { api } from '../api-client';
import { ClusterChip } from '../components/ClusterChip';
import { ScopeChips, ScopeLayout, useScope } from '../components/Scope';
import { ExportDialog } from '../components/ExportDialog';
import { fmtInt, fmtMoney } from '../format';
import { useLoad } from '../hooks';
import { clusterLabel, columnLabel, useT } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { WHITESPACE_GROUPS } from '../labels';
import { href, navigate, propensityHref, useRoute } from '../url-state';

/** The groupings offered, the territory × cluster one (issue 14) after the others. */
const GROUPS = [
  ...WHITESPACE_GROUPS,
  {
    by: 'territoryCluster',
    title: 'scope.ws.byTerritoryCluster',
    a: 'salesTerritory',
    b: 'cluster',
  },
] as const satisfies readonly { by: string; title: MessageKey; a: LabelledField; b: LabelledField }[];
type Group = (typeof GROUPS)[number];
type By = Group['by'];

/** The Propensity rows behind a group, within the scope; null when the group cannot be named. */
function drill(by: By, g: GroupOut, scope: Filters): Filters | null {
  const f: Filters = { ...scope, whitespace: true };
  if (by === 'productCluster') {
    if (g.a && isProduct(g.a)) f.product = [g.a];
    if (g.b && isCluster(g.b)) f.cluster = [g.b];
  } else if (by === 'territoryCluster') {
    if (g.a) f.salesTerritory = [g.a];
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
  const route = useRoute();
  const scope = useScope('whitespace', route.params);
  const group = GROUPS.find((g) => g.by === route.params.get('by')) ?? GROUPS[0];
  const [exporting, setExporting] = useState(false);
  const r = useLoad(
    () => api.whitespace({ by: group.by, filters: scope.filters }),
    `ws:${group.by}:${scope.key}`,
  );
  const choose = (by: By) => {
    const p = new URLSearchParams(route.params);
    p.set('by', by);
    navigate(href('whitespace', p), { replace: true });
  };
  return (
    <div className="page">
      <header className="page-head row between scoped-head">
        <div>
          <h1>{t('page.whitespace')}</h1>
          <p className="muted">{t('whitespace.intro')}</p>
        </div>
        <div className="row gap toolbar" role="toolbar" aria-label={t('scope.ws.tools')}>
          <button type="button" onClick={() => setExporting(true)}>
            {t('export.open')}
          </button>
        </div>
      </header>
      <ScopeLayout filters={scope.filters} onChange={scope.set} answered={r.loading ? null : scope.key}>
        <ScopeChips filters={scope.filters} onChange={scope.set} />
        <fieldset className="radios inline-radios">
          <legend>{t('scope.ws.groupBy')}</legend>
          {GROUPS.map((g) => (
            <label key={g.by} className="check">
              <input
                type="radio"
                name="ws-grouping"
                checked={g.by === group.by}
                onChange={() => choose(g.by)}
              />
              {t(g.title)}
            </label>
          ))}
        </fieldset>
        <GroupTable group={group} rows={r.data} error={r.error} scope={scope.filters} />
      </ScopeLayout>
      {exporting ? (
        <ExportDialog
          title={t('scope.ws.exportTitle')}
          filters={scope.filters}
          offer={{
            choices: [
              {
                id: 'grouping',
                label: t('scope.ws.exportGrouping', { grouping: t(group.title) }),
                hint: t('scope.ws.exportGroupingHint'),
                input: { format: 'csv', whitespaceBy: group.by },
              },
              {
                id: 'workbook',
                label: t('scope.ws.exportWorkbook'),
                hint: t('scope.ws.exportWorkbookHint'),
                input: { format: 'xlsx', tabs: ['Summary', 'Whitespace revenue'] },
              },
            ],
          }}
          onClose={() => setExporting(false)}
        />
      ) : null}
    </div>
  );
}

function GroupTable({
  group,
  rows: data,
  error,
  scope,
}: {
  group: Group;
  rows: GroupOut[] | undefined;
  error: string | null;
  scope: Filters;
}) {
  const t = useT();
  const { by, title, a, b } = group;
  const rows = data ?? [];
  const total = rows.reduce((s, x) => s + x.revenue, 0);
  const totalEst = rows.reduce((s, x) => s + x.estimatedRevenue, 0);
  const max = Math.max(1, ...rows.map((x) => x.revenue));
  const id = `ws-${by}`;
  const clusterB = b === 'cluster';
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-head">
        <h2 id={id}>{t(title)}</h2>
        <span className="muted small" data-testid="ws-total">
          {t('whitespace.total', { total: fmtMoney(total), estimated: fmtMoney(totalEst) })}
        </span>
      </div>
      {error ? <p className="error-text">{error}</p> : null}
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
              const f = drill(by, g, scope);
              const none = t('common.none');
              const shownB = clusterB && g.b ? clusterLabel(g.b) : g.b;
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
                    {clusterB ? (
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
            {data && rows.length === 0 ? (
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
