import { useRef, useState } from 'react';
import type { JobOut } from '../../../shared/api';
import { api, errorMessage, uploadFile } from '../api-client';
import { JobProgress } from '../components/JobProgress';
import { fmtDate, fmtInt } from '../format';
import { useDataVersion } from '../hooks';
import { followJob } from '../jobs';
import { failureText, useT, reportLabel } from '../i18n';
import { History } from './ImportHistory';

interface Entry {
  key: number;
  name: string;
  size: number;
  /** Kept so a file held back for shrinking its report can be imported anyway. */
  file: File;
  phase: 'waiting' | 'uploading' | 'importing' | 'finished' | 'error';
  job?: JobOut;
  error?: string;
}

let nextKey = 1;

export function Imports() {
  const t = useT();
  const { bump } = useDataVersion();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [dragging, setDragging] = useState(false);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const patch = (key: number, p: Partial<Entry>) =>
    setEntries((es) => es.map((e) => (e.key === key ? { ...e, ...p } : e)));

  function add(files: FileList | File[]) {
    const list = [...files];
    const fresh = list.map((f) => ({
      key: nextKey++,
      name: f.name,
      size: f.size,
      file: f,
      phase: 'waiting' as const,
    }));
    setEntries((es) => [...fresh, ...es]);
    fresh.forEach((e) => start(e));
  }

  function start(e: Entry, opts: { allowShrink?: boolean } = {}) {
    // One file at a time: the next upload waits for this one's import to end. The job is
    // followed past this page's life, so the data version is bumped even after leaving it.
    queue.current = queue.current.then(async () => {
      patch(e.key, { phase: 'uploading', job: undefined, error: undefined });
      try {
        const started = await uploadFile(e.file, opts);
        patch(e.key, { phase: 'importing', job: started });
        const job = await followJob(started, (j) => patch(e.key, { job: j }));
        patch(e.key, { phase: 'finished', job });
        bump();
      } catch (err) {
        patch(e.key, { phase: 'error', error: errorMessage(err) });
      }
    });
  }

  async function cancel(e: Entry) {
    if (!e.job) return;
    try {
      patch(e.key, { job: await api.cancelJob({ id: e.job.id }) });
    } catch (err) {
      patch(e.key, { error: errorMessage(err) });
    }
  }

  return (
    <div className="page">
      <header className="page-head">
        <h1>{t('page.imports')}</h1>
        <p className="muted">{t('imports.intro')}</p>
      </header>
      <section
        className={`dropzone card${dragging ? ' dragging' : ''}`}
        aria-label={t('imports.dropzone')}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (e.dataTransfer.files.length) add(e.dataTransfer.files);
        }}
      >
        <p>{t('imports.drop')}</p>
        <label className="button primary file-label">
          {t('imports.choose')}
          <input
            type="file"
            multiple
            accept=".tsv,.csv,.txt,.xlsx"
            className="sr-only"
            onChange={(e) => {
              if (e.target.files?.length) add(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
      </section>
      {entries.length ? (
        <section className="card" aria-labelledby="uploads-title">
          <h2 id="uploads-title">{t('imports.session')}</h2>
          <ul className="uploads">
            {entries.map((e) => (
              <li key={e.key} className="upload" data-testid="upload">
                <div className="row between">
                  <strong>{e.name}</strong>
                  <span className="muted small">
                    {t('imports.size', { kb: fmtInt(Math.round(e.size / 1024)) })}
                  </span>
                </div>
                {e.phase === 'waiting' ? <span className="muted small">{t('imports.waiting')}</span> : null}
                {e.phase === 'uploading' ? (
                  <div className="job">
                    <progress aria-label={t('imports.uploadProgress', { file: e.name })} />
                    <span className="muted small">{t('imports.uploading')}</span>
                  </div>
                ) : null}
                {e.job ? (
                  <div className="row gap">
                    <JobProgress job={e.job} label={e.name} />
                    {e.job.state === 'running' ? (
                      <button
                        type="button"
                        onClick={() => void cancel(e)}
                        aria-label={t('imports.cancel', { file: e.name })}
                      >
                        {t('common.cancel')}
                      </button>
                    ) : null}
                  </div>
                ) : null}
                {e.phase === 'finished' && e.job ? (
                  <Results job={e.job} onImportAnyway={() => start(e, { allowShrink: true })} />
                ) : null}
                {e.error ? (
                  <p className="error-text" role="alert">
                    {e.error}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <History />
    </div>
  );
}

function Results({ job, onImportAnyway }: { job: JobOut; onImportAnyway?: () => void }) {
  const t = useT();
  const results = Array.isArray(job.result) ? job.result : [];
  if (!results.length)
    return job.error ? (
      <p className="error-text">{failureText(job.error, job.problem)}</p>
    ) : (
      <p className="muted small">{t(`job.state.${job.state}`)}</p>
    );
  // The live region holds the list (a list's items cannot be status regions themselves).
  return (
    <div role="status">
      <ul className="results">
        {results.map((r, i) => (
          <li key={i} className={`result ${r.status}`}>
            <span className={`pill ${r.status}`}>{t(`imports.status.${r.status}`)}</span>{' '}
            {r.status === 'failed' && r.shrink && onImportAnyway ? (
              <>
                <span className="error-text">
                  {t('imports.shrink', { before: fmtInt(r.shrink.before), after: fmtInt(r.shrink.after) })}
                </span>{' '}
                <button
                  type="button"
                  onClick={() => {
                    const ask = t('imports.confirmAnyway', {
                      file: r.file,
                      before: fmtInt(r.shrink!.before),
                      after: fmtInt(r.shrink!.after),
                    });
                    if (window.confirm(ask)) onImportAnyway();
                  }}
                >
                  {t('imports.importAnyway')}
                </button>
              </>
            ) : r.status === 'failed' ? (
              <span className="error-text">{failureText(r.error, r.problem)}</span>
            ) : (
              <span>
                {t('imports.result', {
                  report: r.report ? reportLabel(r.report) : '',
                  snapshot: r.snapshot ? t('imports.snapshot', { date: fmtDate(r.snapshot) }) : '',
                  rows: r.rows,
                })}
                {r.rejected ? t('imports.rejected', { count: fmtInt(r.rejected) }) : ''}
                {r.issueCount ? t('imports.issues', { count: r.issueCount }) : ''}
                {r.status === 'skipped' && r.error
                  ? t('imports.skippedWhy', { reason: failureText(r.error, r.problem) })
                  : ''}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
