/**
 * Export from the views that are not grids (Overview, Whitespace, Agreements): the view offers
 * one or more ready-made exports of what it shows under its scope, in the UI's language; the
 * job's progress, the download, and the focus back on the button that opened it (Modal).
 */
import { useEffect, useRef, useState } from 'react';
import type { ExportResultOut, In, JobOut } from '../../../shared/api';
import type { Filters } from '../../../shared/filters';
import { api, downloadUrl, errorMessage } from '../api-client';
import { currentLocale, useT } from '../i18n';
import { useJob } from '../jobs';
import { JobProgress } from './JobProgress';
import { Modal } from './Modal';

export interface ExportChoice {
  id: string;
  label: string;
  hint: string;
  input: In<'startExport'>;
}

export function ViewExportDialog({
  title,
  choices,
  onClose,
}: {
  title: string;
  choices: ExportChoice[];
  onClose: () => void;
}) {
  const t = useT();
  const [chosen, setChosen] = useState(choices[0]!.id);
  const [started, setStarted] = useState<JobOut | null>(null);
  const { job, error: followError } = useJob(started);
  const written = job?.kind === 'export' ? (job.result as ExportResultOut | null) : null;
  const [startError, setError] = useState<string | null>(null);
  const error = startError ?? followError;
  const link = useRef<HTMLAnchorElement>(null);
  const choice = choices.find((c) => c.id === chosen) ?? choices[0]!;

  useEffect(() => {
    if (job?.state === 'done') link.current?.click();
  }, [job?.state]);

  async function start(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setStarted(await api.startExport({ ...choice.input, lang: currentLocale() }));
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
    <Modal title={title} onClose={onClose}>
      <form onSubmit={(e) => void start(e)} className="stack">
        {choices.length > 1 ? (
          <fieldset className="radios">
            <legend>{t('scope.export.what')}</legend>
            {choices.map((c) => (
              <label key={c.id} className="check">
                <input
                  type="radio"
                  name="view-export"
                  checked={c.id === choice.id}
                  onChange={() => setChosen(c.id)}
                />
                {c.label}
              </label>
            ))}
          </fieldset>
        ) : (
          <p>
            <strong>{choice.label}</strong>
          </p>
        )}
        <p className="muted small">{choice.hint}</p>
        {job ? <JobProgress job={job} /> : null}
        {job?.state === 'done' ? (
          <p role="status">
            {t('scope.export.ready', { rows: written?.rows ?? 0 })}{' '}
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

/** The Overview's export: the whole workbook for the current scope. */
export function WorkbookExportDialog({ filters, onClose }: { filters: Filters; onClose: () => void }) {
  const t = useT();
  return (
    <ViewExportDialog
      title={t('scope.overview.exportTitle')}
      choices={[
        {
          id: 'workbook',
          label: t('scope.overview.exportWorkbook'),
          hint: t('scope.overview.exportHint'),
          input: { format: 'xlsx', filters },
        },
      ]}
      onClose={onClose}
    />
  );
}
