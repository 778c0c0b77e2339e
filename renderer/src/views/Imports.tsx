import { useRef, useState } from 'react';
import type { ImportOut, JobOut } from '../../../shared/api';
import { api, errorMessage, uploadFile } from '../api-client';
import { JobProgress } from '../components/JobProgress';
import { reportName } from '../../../shared/domain/products';
import { fmtDate, fmtDateTime, fmtInt } from '../format';
import { useDataVersion, useLoad } from '../hooks';

interface FileResult {
  file: string;
  status: 'imported' | 'skipped' | 'failed';
  report: string | null;
  snapshot: string | null;
  rows: number;
  rejected: number;
  issueCount: number;
  error: string | null;
  shrink?: { before: number; after: number };
}

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
    // Uploads go one after another; each import job is polled on its own.
    queue.current = queue.current.then(async () => {
      patch(e.key, { phase: 'uploading', job: undefined, error: undefined });
      try {
        const job = await uploadFile(e.file, opts);
        patch(e.key, { phase: 'importing', job });
        await poll(e.key, job);
      } catch (err) {
        patch(e.key, { phase: 'error', error: errorMessage(err) });
      }
    });
  }

  async function poll(key: number, job: JobOut): Promise<void> {
    let j = job;
    while (j.state === 'running') {
      await new Promise((r) => setTimeout(r, 300));
      j = await api.job({ id: j.id });
      patch(key, { job: j });
    }
    patch(key, { phase: 'finished', job: j });
    bump();
  }

  async function cancel(e: Entry) {
    if (e.job) patch(e.key, { job: await api.cancelJob({ id: e.job.id }) });
  }

  return (
    <div className="page">
      <header className="page-head">
        <h1>Imports</h1>
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
                        onClick={() => cancel(e)}
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
  const results = (Array.isArray(job.result) ? job.result : []) as FileResult[];
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

function History() {
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
                onRemove={() => remove(i)}
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
