/**
 * The job registry: long work (imports, exports) as jobs with an id, progress, a cancel, and a
 * result typed by kind. Long writes run one at a time (`exclusive`), so an import never
 * interleaves with another import's transaction.
 */
import crypto from 'node:crypto';
import type { ExportResultOut, ImportFileResult, JobOut } from '../../shared/api';
import type { Problem } from '../../shared/i18n/problems';
import { ServiceError } from './errors';

export type JobKind = JobOut['kind'];
type JobOutOf<K extends JobKind> = Extract<JobOut, { kind: K }>;

export interface Job<K extends JobKind = JobKind> {
  /** What the doors hand out: the same object, updated as the job runs. */
  out: JobOutOf<K>;
  controller: AbortController;
  started: number;
  /** Export jobs: the file written, for the door to hand over. */
  filePath?: string;
}

/** A job of either kind, narrowed by `out.kind`. */
export type AnyJob = Job<'import'> | Job<'export'>;

const FINISHED_JOBS_KEPT = 50;

export class Jobs {
  private readonly jobs = new Map<string, AnyJob>();
  private busy: Promise<unknown> = Promise.resolve();

  /** Long writes run one at a time; `fn` runs once those before it have settled. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.busy.then(fn, fn);
    this.busy = run.catch(() => undefined);
    return run;
  }

  startImport(label: string, result: ImportFileResult[]): Job<'import'> {
    return this.add<Job<'import'>>({ ...this.fresh(), out: { ...this.fields('import', label), result } });
  }

  startExport(label: string, result: ExportResultOut, filePath: string): Job<'export'> {
    return this.add<Job<'export'>>({
      ...this.fresh(),
      out: { ...this.fields('export', label), result },
      filePath,
    });
  }

  get(id: string): JobOut {
    const j = this.jobs.get(id);
    if (!j) throw new ServiceError(`no job ${id}`);
    return j.out;
  }

  cancel(id: string): JobOut {
    const j = this.jobs.get(id);
    if (!j) throw new ServiceError(`no job ${id}`);
    j.controller.abort();
    return j.out;
  }

  /** The file a finished export job wrote, or null. */
  exportFile(id: string): { path: string; name: string } | null {
    const j = this.jobs.get(id);
    if (!j || j.out.kind !== 'export' || j.out.state !== 'done' || !j.filePath) return null;
    return { path: j.filePath, name: j.out.result.name };
  }

  abortAll(): void {
    for (const j of this.jobs.values()) j.controller.abort();
  }

  progress(job: AnyJob, rows: number, fraction: number | null): void {
    const secs = (Date.now() - job.started) / 1000;
    job.out.rows = rows;
    job.out.fraction = fraction;
    job.out.rowsPerSecond = secs > 0 ? Math.round(rows / secs) : null;
    job.out.secondsLeft =
      fraction && fraction > 0 && secs > 0.5
        ? Math.max(0, Math.round((secs / fraction) * (1 - fraction)))
        : null;
  }

  /** Ends the job; a failure's `problem` (its kind and figures) goes beside its English `error`. */
  finish(job: AnyJob, state: JobOut['state'], error: string | null, problem?: Problem): void {
    job.out.state = state;
    job.out.error = error;
    if (problem) job.out.problem = problem;
    if (state === 'done') job.out.fraction = 1;
    job.out.secondsLeft = 0;
  }

  private fresh(): { controller: AbortController; started: number } {
    return { controller: new AbortController(), started: Date.now() };
  }

  /** The fields every job starts with, in the order the wire has always had them. */
  private fields<K extends JobKind>(kind: K, label: string) {
    return {
      id: crypto.randomUUID(),
      kind,
      state: 'running' as JobOut['state'],
      label,
      rows: 0,
      fraction: null as number | null,
      rowsPerSecond: null as number | null,
      secondsLeft: null as number | null,
      error: null as string | null,
    };
  }

  private add<J extends AnyJob>(job: J): J {
    this.jobs.set(job.out.id, job);
    if (this.jobs.size > FINISHED_JOBS_KEPT)
      for (const [k, j] of this.jobs)
        if (j.out.state !== 'running' && this.jobs.size > FINISHED_JOBS_KEPT) this.jobs.delete(k);
    return job;
  }
}
