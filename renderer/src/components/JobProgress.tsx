import type { JobOut } from '../../../shared/api';
import { fmtInt, fmtSeconds } from '../format';

/** One job's progress: a bar (indeterminate until the size is known), rows, rate, time left. */
export function JobProgress({ job, label }: { job: JobOut; label?: string }) {
  const pct = job.fraction == null ? undefined : Math.round(job.fraction * 100);
  return (
    <div className="job">
      <progress max={100} value={pct} aria-label={`${label ?? job.label} progress`} className={job.state} />
      <div className="job-meta small">
        <span>{fmtInt(job.rows)} rows</span>
        {job.state === 'running' ? (
          <>
            <span>{job.rowsPerSecond != null ? `${fmtInt(job.rowsPerSecond)} rows/s` : '– rows/s'}</span>
            <span>
              {job.secondsLeft != null ? `${fmtSeconds(job.secondsLeft)} left` : 'estimating time left'}
            </span>
          </>
        ) : (
          <span className={`state ${job.state}`}>{job.state}</span>
        )}
      </div>
    </div>
  );
}
