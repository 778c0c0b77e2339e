import { useRef, useState } from 'react';
import type { JobOut } from '../../../shared/api';
import { api, errorMessage, uploadFile } from '../api-client';
import { JobProgress } from '../components/JobProgress';
import { reportName } from '../../../shared/domain/products';
import { fmtDate, fmtInt } from '../format';
import { useDataVersion } from '../hooks';
import { followJob } from '../jobs';
import { PAGE_LABELS } from '../labels';
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
        <h1>{PAGE_LABELS.imports}</h1>
        <p className="muted">
          CloudAscent downloads from Partner Center: M365, Dynamics 365, Azure, Surface and agreement renewals
          as TSV, CSV or XLSX. Files already imported are recognised and skipped.
        </p>
      </header>
      <section
        className={`dropzone card${dragging ? ' dragging' : ''}`}
        aria-label="Drop files here"
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
        <p>Drop downloads here, or</p>
        <label className="button primary file-label">
          Import downloads…
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
          <h2 id="uploads-title">This session</h2>
          <ul className="uploads">
            {entries.map((e) => (
              <li key={e.key} className="upload" data-testid="upload">
                <div className="row between">
                  <strong>{e.name}</strong>
                  <span className="muted small">{fmtInt(Math.round(e.size / 1024))} KB</span>
                </div>
                {e.phase === 'waiting' ? <span className="muted small">Waiting…</span> : null}
                {e.phase === 'uploading' ? (
                  <div className="job">
                    <progress aria-label={`${e.name} upload`} />
                    <span className="muted small">Uploading…</span>
                  </div>
                ) : null}
                {e.job ? (
                  <div className="row gap">
                    <JobProgress job={e.job} label={e.name} />
                    {e.job.state === 'running' ? (
                      <button
                        type="button"
                        onClick={() => void cancel(e)}
                        aria-label={`Cancel import of ${e.name}`}
                      >
                        Cancel
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
  const results = Array.isArray(job.result) ? job.result : [];
  if (!results.length)
    return job.error ? <p className="error-text">{job.error}</p> : <p className="muted small">{job.state}</p>;
  return (
    <ul className="results">
      {results.map((r, i) => (
        <li key={i} className={`result ${r.status}`} role="status">
          <span className={`pill ${r.status}`}>{r.status}</span>{' '}
          {r.status === 'failed' && r.shrink && onImportAnyway ? (
            <>
              <span className="error-text">
                would replace {fmtInt(r.shrink.before)} customers with {fmtInt(r.shrink.after)}: the download
                may be cut off. Import it anyway only if the book really shrank.
              </span>{' '}
              <button
                type="button"
                onClick={() => {
                  const n = `${fmtInt(r.shrink!.before)} customers with ${fmtInt(r.shrink!.after)}`;
                  if (window.confirm(`Import ${r.file} anyway? It replaces ${n}.`)) onImportAnyway();
                }}
              >
                Import anyway
              </button>
            </>
          ) : r.status === 'failed' ? (
            <span className="error-text">{r.error}</span>
          ) : (
            <span>
              {r.report ? reportName(r.report) : ''} {r.snapshot ? `snapshot ${fmtDate(r.snapshot)}` : ''}:{' '}
              {fmtInt(r.rows)} rows
              {r.rejected ? `, ${fmtInt(r.rejected)} rejected` : ''}
              {r.issueCount ? `, ${fmtInt(r.issueCount)} issues` : ''}
              {r.status === 'skipped' && r.error ? ` (${r.error})` : ''}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
