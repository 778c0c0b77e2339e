import { useEffect, useRef, useState } from 'react';
import type { ExportResultOut, JobOut } from '../../../shared/api';
import type { Filters } from '../../../shared/filters';
import { api, downloadUrl, errorMessage } from '../api-client';
import { fmtInt } from '../format';
import { useLoad } from '../hooks';
import { Modal } from './Modal';
import { JobProgress } from './JobProgress';

export function ExportDialog({ filters, onClose }: { filters: Filters; onClose: () => void }) {
  const views = useLoad(() => api.views({}), 'views');
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const [scope, setScope] = useState('');
  const [job, setJob] = useState<JobOut | null>(null);
  const written = job?.kind === 'export' ? (job.result as ExportResultOut | null) : null;
  const [error, setError] = useState<string | null>(null);
  const link = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (!job || job.state !== 'running') return;
    const t = setTimeout(() => {
      api.job({ id: job.id }).then(setJob, (e: unknown) => setError(errorMessage(e)));
    }, 300);
    return () => clearTimeout(t);
  }, [job]);
  useEffect(() => {
    if (job?.state === 'done') link.current?.click();
  }, [job?.state]);

  async function start(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setJob(await api.startExport(scope ? { format, view: scope } : { format, filters }));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function cancel() {
    if (job?.state === 'running') setJob(await api.cancelJob({ id: job.id }));
    else onClose();
  }

  return (
    <Modal title="Export" onClose={onClose}>
      <form onSubmit={start} className="stack">
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
          <button type="button" onClick={cancel}>
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
