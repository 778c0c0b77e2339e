import { useEffect, useRef, useState } from 'react';
import type { ExportResultOut, JobOut } from '../../../shared/api';
import type { Filters } from '../../../shared/filters';
import { api, downloadUrl, errorMessage } from '../api-client';
import { fmtInt } from '../format';
import { useLoad } from '../hooks';
import { useJob } from '../jobs';
import { Modal } from './Modal';
import { JobProgress } from './JobProgress';

export function ExportDialog({ filters, onClose }: { filters: Filters; onClose: () => void }) {
  const views = useLoad(() => api.views({}), 'views');
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [scope, setScope] = useState('');
  // `started`: the job as starting or cancelling it returned it; `job`: its live state.
  const [started, setStarted] = useState<JobOut | null>(null);
  const { job, error: followError } = useJob(started);
  const written = job?.kind === 'export' ? (job.result as ExportResultOut | null) : null;
  const [startError, setError] = useState<string | null>(null);
  const error = startError ?? followError;
  const link = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (job?.state === 'done') link.current?.click();
  }, [job?.state]);

  async function start(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setStarted(await api.startExport(scope ? { format, view: scope } : { format, filters }));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function cancel() {
    if (job?.state !== 'running') return onClose();
    try {
      setStarted(await api.cancelJob({ id: job.id }));
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <Modal title="Export" onClose={onClose}>
      <form onSubmit={(e) => void start(e)} className="stack">
        <fieldset className="radios">
          <legend>Format</legend>
          <label className="check">
            <input
              type="radio"
              name="format"
              checked={format === 'xlsx'}
              onChange={() => setFormat('xlsx')}
            />
            Excel workbook (.xlsx)
          </label>
          <label className="check">
            <input type="radio" name="format" checked={format === 'csv'} onChange={() => setFormat('csv')} />
            CSV (.csv)
          </label>
        </fieldset>
        <label className="field">
          Scope
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="">Current filters</option>
            {(views.data ?? []).map((v) => (
              <option key={v.id} value={v.name}>
                Saved view: {v.name}
              </option>
            ))}
          </select>
        </label>
        {job ? <JobProgress job={job} /> : null}
        {job?.state === 'done' ? (
          <p role="status">
            {written && written.rows === 0
              ? 'No rows match these filters: the file holds no data rows. '
              : `Export ready (${fmtInt(written?.rows ?? 0)} rows, ${fmtInt(written?.customers ?? 0)} customers). `}
            {written?.warnings.map((w) => (
              <span key={w} className="error-text">
                {w}{' '}
              </span>
            ))}
            <a ref={link} href={downloadUrl(job.id)} download={written?.name ?? ''}>
              Download {written?.name ?? 'the file'}
            </a>
          </p>
        ) : null}
        {job?.state === 'failed' || error ? (
          <p className="error-text" role="alert">
            Export failed: {job?.error ?? error}
          </p>
        ) : null}
        <div className="row gap end">
          <button type="button" onClick={() => void cancel()}>
            {job?.state === 'running' ? 'Cancel export' : 'Close'}
          </button>
          <button type="submit" className="primary" disabled={job?.state === 'running'}>
            Export
          </button>
        </div>
      </form>
    </Modal>
  );
}
