/**
 * Following an import or export job to its end. The desktop preload pushes every job's state
 * (`onJobProgress`); browser mode has no push channel, so the job is polled instead. Nothing
 * else in the renderer asks `api.job` or listens for progress.
 */
import { useEffect, useState } from 'react';
import type { JobOut } from '../../shared/api';
import type { DesktopApi } from '../../shared/desktop';
import { api, errorMessage } from './api-client';

const POLL_MS = 300;

function pushChannel(): DesktopApi['onJobProgress'] | null {
  const desktop = window.ascent;
  return desktop && 'onJobProgress' in desktop ? desktop.onJobProgress.bind(desktop) : null;
}

/**
 * Calls `onUpdate` with each new state of `job` until it is no longer running, and resolves
 * with that last state (at once for a job that has ended). Rejects when asking for the job
 * fails; after `signal` aborts, nothing is called and the promise never settles.
 */
export function followJob(
  job: JobOut,
  onUpdate: (job: JobOut) => void,
  signal?: AbortSignal,
): Promise<JobOut> {
  if (job.state !== 'running') return Promise.resolve(job);
  const subscribe = pushChannel();
  return new Promise<JobOut>((resolve, reject) => {
    if (signal?.aborted) return;
    let ended = false;
    let stop = (): void => undefined;
    const end = (): void => {
      ended = true;
      stop();
    };
    signal?.addEventListener('abort', end, { once: true });
    const take = (j: JobOut): void => {
      if (ended || signal?.aborted || j.id !== job.id) return;
      onUpdate(j);
      if (j.state !== 'running') {
        end();
        resolve(j);
      }
    };
    const fail = (e: unknown): void => {
      if (ended || signal?.aborted) return;
      end();
      reject(e instanceof Error ? e : new Error(errorMessage(e)));
    };
    if (subscribe) {
      stop = subscribe(take);
      // A job can end between starting and subscribing: its last push would be missed.
      api.job({ id: job.id }).then(take, fail);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    stop = () => clearTimeout(timer);
    const poll = (): void => {
      timer = setTimeout(() => {
        api.job({ id: job.id }).then((j) => {
          take(j);
          if (!ended) poll();
        }, fail);
      }, POLL_MS);
    };
    poll();
  });
}

/**
 * The live state of a started job (`started`: as the call that started it returned it, or
 * null). A new `started` (another job, or the state a cancel returned) is followed instead.
 */
export function useJob(started: JobOut | null): { job: JobOut | null; error: string | null } {
  const [seen, setSeen] = useState<{ from: JobOut | null; job: JobOut | null; error: string | null }>({
    from: started,
    job: started,
    error: null,
  });
  useEffect(() => {
    if (!started) return;
    const stop = new AbortController();
    followJob(started, (job) => setSeen({ from: started, job, error: null }), stop.signal).catch(
      (e: unknown) =>
        setSeen((s) => ({
          from: started,
          job: s.from === started ? s.job : started,
          error: errorMessage(e),
        })),
    );
    return () => stop.abort();
  }, [started]);
  return seen.from === started ? { job: seen.job, error: seen.error } : { job: started, error: null };
}
