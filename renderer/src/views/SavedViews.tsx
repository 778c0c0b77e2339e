import { useState } from 'react';
import type { ViewOut } from '../../../shared/api';
import { api, errorMessage } from '../api-client';
import { FILTER_LABELS, SHOWN_FIELDS } from '../components/columns';
import { fmtDateTime } from '../format';
import { useLoad } from '../hooks';
import { filtersToParams, href, propensityHref } from '../url-state';
import { formatRange } from '../../../shared/filters';
import { ErrorBanner } from '../components/ErrorBanner';
import { PAGE_LABELS } from '../labels';

export function viewHref(v: ViewOut): string {
  if (v.state.page === 'customers') {
    const p = filtersToParams(v.state.filters, new URLSearchParams());
    const sort = (v.state.customerSort ?? []).map((s) => `${s.field}:${s.dir}`).join(',');
    if (sort) p.set('sort', sort);
    return href('customers', p);
  }
  const cols = v.state.columns;
  const hidden = cols?.length ? SHOWN_FIELDS.filter((f) => !cols.includes(f)) : [];
  return propensityHref(v.state.filters, v.state.sort, hidden);
}

function describe(v: ViewOut): string {
  const parts: string[] = [];
  for (const [k, val] of Object.entries(v.state.filters)) {
    if (val === undefined) continue;
    const name = FILTER_LABELS[k] ?? k;
    if (Array.isArray(val)) parts.push(`${name}: ${val.join(', ')}`);
    else if (typeof val === 'boolean') parts.push(val ? name : `not ${name}`);
    else if (typeof val === 'object')
      parts.push(`${name}: ${formatRange(val)}`); // a range: 70.., ..40
    else parts.push(`${name}: “${val}”`);
  }
  return parts.join(' · ') || 'All rows';
}

export function SavedViews() {
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
    if (!window.confirm(`Delete the saved view “${v.name}”?`)) return;
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
        <h1>{PAGE_LABELS.views}</h1>
        <p className="muted">
          Target lists: filters, columns and sort saved from Propensity (use “Save view…” there). Stored in
          the cache.
        </p>
      </header>
      <ErrorBanner message={error ?? views.error} />
      <section className="card">
        <table className="table" aria-label="Saved views">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Filters</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
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
                        New name for {v.name}
                      </label>
                      <input
                        id={`rename-${v.id}`}
                        value={name}
                        onChange={(e) => setName(e.target.value)}
                        autoFocus
                        required
                      />
                      <button type="submit" className="primary small">
                        Save name
                      </button>
                      <button type="button" className="small" onClick={() => setEditing(null)}>
                        Cancel
                      </button>
                    </form>
                  ) : (
                    <a href={viewHref(v)}>{v.name}</a>
                  )}
                </td>
                <td className="muted small">{describe(v)}</td>
                <td className="small">{fmtDateTime(v.updatedAt)}</td>
                <td className="actions">
                  <a className="button small" href={viewHref(v)} aria-label={`Open ${v.name}`}>
                    Open
                  </a>
                  <button
                    type="button"
                    className="small"
                    aria-label={`Rename ${v.name}`}
                    onClick={() => {
                      setEditing(v.id);
                      setName(v.name);
                    }}
                  >
                    Rename
                  </button>
                  <button
                    type="button"
                    className="small danger"
                    aria-label={`Delete ${v.name}`}
                    onClick={() => void remove(v)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
            {views.data && views.data.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  No saved views yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>
    </div>
  );
}
