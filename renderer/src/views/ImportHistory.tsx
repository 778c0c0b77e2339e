/**
 * The Imports page's history: every snapshot in the cache, its issues, and removing it. The table
 * fits the page at 1280 px in both languages: the file name takes what the other columns leave
 * and is cut with an ellipsis (its title holds the whole name), the other cells do not wrap.
 * A row's issues are worded in the UI's language (`issueText`: shared/i18n/issues.ts).
 */
import { useState } from 'react';
import type { ImportOut } from '../../../shared/api';
import { api, errorMessage } from '../api-client';
import { fmtDate, fmtDateTime, fmtInt } from '../format';
import { useDataVersion, useLoad } from '../hooks';
import { issueText, useT, reportLabel } from '../i18n';

export function History() {
  const t = useT();
  const { bump } = useDataVersion();
  const imports = useLoad(() => api.imports({}), 'imports');
  const [open, setOpen] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function remove(i: ImportOut) {
    if (
      !window.confirm(
        t('history.confirmRemove', {
          report: reportLabel(i.report),
          date: fmtDate(i.snapshot),
          file: i.file,
        }),
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
      <h2 id="history-title">{t('history.title')}</h2>
      {imports.error || error ? (
        <p className="error-text" role="alert">
          {imports.error ?? error}
        </p>
      ) : null}
      <div className="table-scroll tall">
        <table className="table history" aria-labelledby="history-title">
          <thead>
            <tr>
              <th scope="col">{t('history.snapshot')}</th>
              <th scope="col">{t('history.report')}</th>
              <th scope="col">{t('history.file')}</th>
              <th scope="col">{t('history.imported')}</th>
              <th scope="col" className="num">
                {t('history.rows')}
              </th>
              <th scope="col" className="num">
                {t('history.rejected')}
              </th>
              <th scope="col" className="num">
                {t('history.issues')}
              </th>
              <th scope="col">{t('history.current')}</th>
              <th scope="col">
                <span className="sr-only">{t('history.actions')}</span>
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
                  {t('history.nothing')}
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
  const t = useT();
  return (
    <>
      <tr>
        <td>{fmtDate(i.snapshot)}</td>
        <td>{reportLabel(i.report)}</td>
        <td className="file" title={`${i.file} (${i.format}${i.encoding ? `, ${i.encoding}` : ''})`}>
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
              aria-label={t(open ? 'history.hideIssues' : 'history.showIssues', {
                count: i.issueCount,
                file: i.file,
              })}
            >
              {fmtInt(i.issueCount)}
            </button>
          ) : (
            fmtInt(0)
          )}
        </td>
        <td>
          {i.current ? (
            <span className="pill imported">{t('history.currentPill')}</span>
          ) : (
            <span className="muted">{t('history.older')}</span>
          )}
        </td>
        <td>
          <button
            type="button"
            className="danger small"
            onClick={onRemove}
            aria-label={t('history.removeLabel', { file: i.file })}
          >
            {t('history.remove')}
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
  const t = useT();
  const r = useLoad(() => api.importIssues({ importId, limit: 500 }), `issues:${importId}`);
  if (r.error) return <p className="error-text">{r.error}</p>;
  if (!r.data) return <p className="muted small">{t('history.loadingIssues')}</p>;
  return (
    <div>
      <table className="table compact issues">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('history.line')}
            </th>
            <th scope="col">{t('history.column')}</th>
            <th scope="col">{t('history.value')}</th>
            <th scope="col">{t('history.message')}</th>
          </tr>
        </thead>
        <tbody>
          {r.data.issues.map((x, k) => (
            <tr key={k}>
              <td className="num">{fmtInt(x.line)}</td>
              <td>{x.column ?? ''}</td>
              <td className="mono">{x.value ?? ''}</td>
              <td>{issueText(x)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.data.total > r.data.issues.length ? (
        <p className="muted small">
          {t('history.showing', { shown: fmtInt(r.data.issues.length), count: r.data.total })}
        </p>
      ) : null}
    </div>
  );
}
