/**
 * Files and folders this process is writing and must not leave behind (export partials, browser
 * mode's temp folders): removed if the process exits or is stopped by SIGINT, SIGTERM or SIGHUP.
 * One registry and one set of signal handlers, installed only while something is pending.
 */
import fs from 'node:fs';
import os from 'node:os';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Signal = (typeof SIGNALS)[number];
const pending = new Set<string>();

function removeAll(): void {
  for (const p of pending) {
    try {
      fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // going down anyway
    }
  }
  pending.clear();
}

function onSignal(sig: Signal): void {
  removeAll();
  // Alone on this signal: end as the default action would, with its conventional code.
  if (process.listenerCount(sig) <= 1) process.exit(128 + (os.constants.signals[sig] ?? 0));
}
const handlers = Object.fromEntries(SIGNALS.map((s) => [s, () => onSignal(s)])) as Record<Signal, () => void>;
let installed = false;

/** `p` is removed if the process exits or is stopped by a signal before forgetOnExit(p). */
export function removeOnExit(p: string): void {
  pending.add(p);
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.on(s, handlers[s]);
  process.on('exit', removeAll);
}

/** `p` is done with (renamed into place or removed): nothing to remove for it any more. */
export function forgetOnExit(p: string): void {
  pending.delete(p);
  if (pending.size || !installed) return;
  installed = false;
  for (const s of SIGNALS) process.removeListener(s, handlers[s]);
  process.removeListener('exit', removeAll);
}

/** Whether a process with this pid is running (someone else's counts: EPERM). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
