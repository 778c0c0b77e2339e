import type { JobOut } from '../../../shared/api';
import { fmtInt, fmtSeconds } from '../format';
import { useT } from '../i18n';

/**
 * One job's progress: a bar (indeterminate until the size is known), rows, rate, time left. A job
 * that failed or was cancelled has no bar (an indeterminate one would go on moving, and a screen
 * reader would still hear a progress bar): its rows and its state are what is left to say.
 */
export function JobProgress({ job, label }: { job: JobOut; label?: string }) {
  const t = useT();
  const pct = job.fraction == null ? undefined : Math.round(job.fraction * 100);
  const stopped = job.state === 'failed' || job.state === 'cancelled';
  return (
    <div className={`job ${job.state}`}>
      {stopped ? null : (
        <progress
          max={100}
          value={pct}
          aria-label={t('job.progress', { label: label ?? job.label })}
          className={job.state}
        />
      )}
      <div className="job-meta small">
        <span>{t('job.rows', { count: job.rows })}</span>
        {job.state === 'running' ? (
          <>
            <span>
              {job.rowsPerSecond != null
                ? t('job.rate', { rate: fmtInt(job.rowsPerSecond) })
                : t('job.rateUnknown')}
            </span>
            <span>
              {job.secondsLeft != null
                ? t('job.left', { time: fmtSeconds(job.secondsLeft) })
                : t('job.estimating')}
            </span>
          </>
        ) : (
          <span className={`state ${job.state}`}>{t(`job.state.${job.state}`)}</span>
        )}
      </div>
    </div>
  );
}
