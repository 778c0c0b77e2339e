import { useState } from 'react';
import type { ViewOut } from '../../../shared/api';
import { api, errorMessage } from '../api-client';
import { PROPENSITY_COLUMNS } from '../components/columns';
import { layoutOfView, layoutToParams } from '../components/grid-layout';
import { CALL_LIST_COLUMNS } from '../../../shared/customers';
import { filterName, filterValue } from '../components/Facets';
import { useT, type T } from '../i18n';
import { fmtDateTime } from '../format';
import { useLoad } from '../hooks';
import { filtersToParams, href, sortToString } from '../url-state';
import { formatRange } from '../../../shared/filters';
import { ErrorBanner } from '../components/ErrorBanner';

/** The link that opens a view: its filters, sort, visible columns and layout, as the grid's URL. */
export function viewHref(v: ViewOut): string {
  if (v.state.page === 'customers') {
    const p = filtersToParams(v.state.filters, new URLSearchParams());
    const sort = (v.state.customerSort ?? []).map((s) => `${s.field}:${s.dir}`).join(',');
    if (sort) p.set('sort', sort);
    layoutToParams(layoutOfView(v.state, CALL_LIST_COLUMNS), CALL_LIST_COLUMNS, p);
    return href('customers', p);
  }
  const cols = v.state.columns;
  const hidden = cols?.length ? PROPENSITY_COLUMNS.filter((f) => !cols.includes(f)) : [];
  const p = filtersToParams(v.state.filters, new URLSearchParams());
  if (v.state.sort?.length) p.set('sort', sortToString(v.state.sort));
  if (hidden.length) p.set('hide', hidden.join(','));
  layoutToParams(layoutOfView(v.state, PROPENSITY_COLUMNS), PROPENSITY_COLUMNS, p);
  return href('propensity', p);
}

function describe(t: T, v: ViewOut): string {
  const parts: string[] = [];
  for (const [k, val] of Object.entries(v.state.filters)) {
    if (val === undefined) continue;
    const name = filterName(t, k);
    if (Array.isArray(val))
      parts.push(
        t('chips.list', { filter: name, value: (val as string[]).map((x) => filterValue(k, x)).join(', ') }),
      );
    else if (typeof val === 'boolean') parts.push(val ? name : t('chips.not', { filter: name }));
    else if (typeof val === 'object')
      parts.push(t('chips.list', { filter: name, value: formatRange(val) })); // a range: 70.., ..40
    else parts.push(t('chips.text', { filter: name, value: String(val) }));
  }
  return parts.join(' · ') || t('views.allRows');
}

export function SavedViews() {
  const t = useT();
  const views = useLoad(() => api.views({}), 'views');
  const [editing, setEditing] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function rename(e: React.FormEvent, v: ViewOut) {
    e.preventDefault();
    try {
      await api.renameView({ id: v.id, name });
      setEditing(null);
      setError(null);
      views.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function remove(v: ViewOut) {
    if (!window.confirm(t('views.confirmDelete', { name: v.name }))) return;
    try {
      await api.deleteView({ id: v.id });
      views.reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <div className="page">
      <header className="page-head">
        <h1>{t('page.views')}</h1>
        <p className="muted">{t('views.intro')}</p>
      </header>
      <ErrorBanner message={error ?? views.error} />
      <section className="card">
        <table className="table" aria-label={t('views.table')}>
          <thead>
            <tr>
              <th scope="col">{t('views.name')}</th>
              <th scope="col">{t('views.filters')}</th>
              <th scope="col">{t('views.updated')}</th>
              <th scope="col">
                <span className="sr-only">{t('views.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(views.data ?? []).map((v) => (
              <tr key={v.id}>
                <td>
                  {editing === v.id ? (
                    <form onSubmit={(e) => void rename(e, v)} className="row gap">
                      <label className="sr-only" htmlFor={`rename-${v.id}`}>
                        {t('views.newName', { name: v.name })}
                      </label>
                      <input
                        id={`rename-${v.id}`}
                        value={name}
                        onChange={(e) => setName(e.target.value)}
                        autoFocus
                        required
                      />
                      <button type="submit" className="primary small">
                        {t('views.saveName')}
                      </button>
                      <button type="button" className="small" onClick={() => setEditing(null)}>
                        {t('common.cancel')}
                      </button>
                    </form>
                  ) : (
                    <a href={viewHref(v)}>{v.name}</a>
                  )}
                </td>
                <td className="muted small">{describe(t, v)}</td>
                <td className="small">{fmtDateTime(v.updatedAt)}</td>
                <td className="actions">
                  <a
                    className="button small"
                    href={viewHref(v)}
                    aria-label={t('views.openLabel', { name: v.name })}
                  >
                    {t('views.open')}
                  </a>
                  <button
                    type="button"
                    className="small"
                    aria-label={t('views.renameLabel', { name: v.name })}
                    onClick={() => {
                      setEditing(v.id);
                      setName(v.name);
                    }}
                  >
                    {t('views.rename')}
                  </button>
                  <button
                    type="button"
                    className="small danger"
                    aria-label={t('views.deleteLabel', { name: v.name })}
                    onClick={() => void remove(v)}
                  >
                    {t('views.delete')}
                  </button>
                </td>
              </tr>
            ))}
            {views.data && views.data.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  {t('views.none')}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>
    </div>
  );
}
