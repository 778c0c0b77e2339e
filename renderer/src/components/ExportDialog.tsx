import { useEffect, useRef, useState } from 'react';
import type { ExportResultOut, JobOut } from '../../../shared/api';
import type { Filters } from '../../../shared/filters';
import { api, downloadUrl, errorMessage } from '../api-client';
import { useT } from '../i18n';
import { useLoad } from '../hooks';
import { useJob } from '../jobs';
import { Modal } from './Modal';
import { JobProgress } from './JobProgress';

export function ExportDialog({ filters, onClose }: { filters: Filters; onClose: () => void }) {
  const t = useT();
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
    <Modal title={t('export.title')} onClose={onClose}>
      <form onSubmit={(e) => void start(e)} className="stack">
        <fieldset className="radios">
          <legend>{t('export.format')}</legend>
          <label className="check">
            <input
              type="radio"
              name="format"
              checked={format === 'xlsx'}
              onChange={() => setFormat('xlsx')}
            />
            {t('export.xlsx')}
          </label>
          <label className="check">
            <input type="radio" name="format" checked={format === 'csv'} onChange={() => setFormat('csv')} />
            {t('export.csv')}
          </label>
        </fieldset>
        <label className="field">
          {t('export.scope')}
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="">{t('export.currentFilters')}</option>
            {(views.data ?? []).map((v) => (
              <option key={v.id} value={v.name}>
                {t('export.savedView', { name: v.name })}
              </option>
            ))}
          </select>
        </label>
        {job ? <JobProgress job={job} /> : null}
        {job?.state === 'done' ? (
          <p role="status">
            {written && written.rows === 0
              ? t('export.noRows')
              : t('export.ready', { rows: written?.rows ?? 0, customers: written?.customers ?? 0 })}{' '}
            {written?.warnings.map((w) => (
              <span key={w} className="error-text">
                {w}{' '}
              </span>
            ))}
            <a ref={link} href={downloadUrl(job.id)} download={written?.name ?? ''}>
              {written?.name ? t('export.download', { name: written.name }) : t('export.downloadFile')}
            </a>
          </p>
        ) : null}
        {job?.state === 'failed' || error ? (
          <p className="error-text" role="alert">
            {t('export.failed', { error: job?.error ?? error })}
          </p>
        ) : null}
        <div className="row gap end">
          <button type="button" onClick={() => void cancel()}>
            {job?.state === 'running' ? t('export.cancel') : t('common.close')}
          </button>
          <button type="submit" className="primary" disabled={job?.state === 'running'}>
            {t('export.start')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
