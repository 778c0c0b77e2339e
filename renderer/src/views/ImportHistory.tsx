/** The Imports page's history: every snapshot in the cache, its issues, and removing it. */
import { useState } from 'react';
import type { ImportOut } from '../../../shared/api';
import { reportName } from '../../../shared/domain/products';
import { api, errorMessage } from '../api-client';
import { fmtDate, fmtDateTime, fmtInt } from '../format';
import { useDataVersion, useLoad } from '../hooks';

export function History() {
  const { bump } = useDataVersion();
  const imports = useLoad(() => api.imports({}), 'imports');
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function remove(i: ImportOut) {
    if (
      !window.confirm(
        `Remove the ${reportName(i.report)} snapshot of ${i.snapshot} (${i.file}) from the cache?`,
      )
    )
      return;
    try {
      await api.forgetImport({ importId: i.id });
      bump();
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">Import history</h2>
      {imports.error || error ? (
        <p className="error-text" role="alert">
          {imports.error ?? error}
        </p>
      ) : null}
      <div className="table-scroll tall">
        <table className="table" aria-labelledby="history-title">
          <thead>
            <tr>
              <th scope="col">Snapshot</th>
              <th scope="col">Report</th>
              <th scope="col">File</th>
              <th scope="col">Imported</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" className="num">
                Rejected
              </th>
              <th scope="col" className="num">
                Issues
              </th>
              <th scope="col">Current</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(imports.data ?? []).map((i) => (
              <HistoryRow
                key={i.id}
                i={i}
                open={open === i.id}
                onToggle={() => setOpen(open === i.id ? null : i.id)}
                onRemove={() => void remove(i)}
              />
            ))}
            {imports.data && imports.data.length === 0 ? (
              <tr>
                <td colSpan={9} className="muted">
                  Nothing imported yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function HistoryRow({
  i,
  open,
  onToggle,
  onRemove,
}: {
  i: ImportOut;
  open: boolean;
  onToggle: () => void;
  onRemove: () => void;
}) {
  return (
    <>
      <tr>
        <td>{fmtDate(i.snapshot)}</td>
        <td>{reportName(i.report)}</td>
        <td className="file" title={`${i.format}${i.encoding ? `, ${i.encoding}` : ''}`}>
          {i.file}
        </td>
        <td>{fmtDateTime(i.importedAt)}</td>
        <td className="num">{fmtInt(i.rows)}</td>
        <td className="num">{fmtInt(i.rejected)}</td>
        <td className="num">
          {i.issueCount ? (
            <button
              type="button"
              className="link"
              aria-expanded={open}
              onClick={onToggle}
              aria-label={`${open ? 'Hide' : 'Show'} ${i.issueCount} issues of ${i.file}`}
            >
              {fmtInt(i.issueCount)}
            </button>
          ) : (
            '0'
          )}
        </td>
        <td>
          {i.current ? <span className="pill imported">current</span> : <span className="muted">older</span>}
        </td>
        <td>
          <button
            type="button"
            className="danger small"
            onClick={onRemove}
            aria-label={`Remove snapshot ${i.file}`}
          >
            Remove snapshot
          </button>
        </td>
      </tr>
      {open ? (
        <tr className="issues-row">
          <td colSpan={9}>
            <Issues importId={i.id} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function Issues({ importId }: { importId: number }) {
  const r = useLoad(() => api.importIssues({ importId, limit: 500 }), `issues:${importId}`);
  if (r.error) return <p className="error-text">{r.error}</p>;
  if (!r.data) return <p className="muted small">Loading issues…</p>;
  return (
    <div>
      <table className="table compact issues">
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Column</th>
            <th scope="col">Value</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {r.data.issues.map((x, k) => (
            <tr key={k}>
              <td className="num">{fmtInt(x.line)}</td>
              <td>{x.column ?? ''}</td>
              <td className="mono">{x.value ?? ''}</td>
              <td>{x.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.data.total > r.data.issues.length ? (
        <p className="muted small">
          Showing {fmtInt(r.data.issues.length)} of {fmtInt(r.data.total)} issues.
        </p>
      ) : null}
    </div>
  );
}
