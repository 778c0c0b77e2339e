/**
 * The partial files of exports in progress (`.NAME.partial-PID-RANDOM` beside the target):
 * removed on error and cancel by writeAtomically, on SIGINT, SIGTERM, SIGHUP and exit by the
 * handlers here, and, when a process was killed outright (SIGKILL, power loss), by the next
 * export to the same target, which removes the partials of processes that are gone.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Signal = (typeof SIGNALS)[number];
const started = Date.now() - process.uptime() * 1000;

function removeLive(): void {
  for (const f of live) {
    try {
      fs.rmSync(f, { force: true });
    } catch {
      // going down anyway
    }
  }
  live.clear();
}

function onSignal(sig: Signal): void {
  removeLive();
  // Alone on this signal: end as the default action would, with its conventional code.
  if (process.listenerCount(sig) <= 1) process.exit(128 + (os.constants.signals[sig] ?? 0));
}
const handlers = Object.fromEntries(SIGNALS.map((s) => [s, () => onSignal(s)])) as Record<Signal, () => void>;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.on(s, handlers[s]);
  process.on('exit', removeLive);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const s of SIGNALS) process.removeListener(s, handlers[s]);
  process.removeListener('exit', removeLive);
}

/** `.name.xlsx.partial-<pid>-<random>` beside the target, so that the final rename stays on one file system. */
export function partialPathFor(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.partial-${process.pid}-${randomBytes(6).toString('hex')}`,
  );
}

/** A partial file now being written: removed if the process is stopped by a signal or exits. */
export function registerPartial(tmp: string): void {
  live.add(tmp);
  install();
}

/** The partial is gone (renamed into place or removed). */
export function releasePartial(tmp: string): void {
  live.delete(tmp);
  if (!live.size) uninstall();
}

/** Partials in progress in this process (tests). */
export function livePartials(): string[] {
  return [...live];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // someone else's: alive
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Removes the partials of our own naming beside `file` that no running export owns: those of a
 * process that is gone, those of this process that it is not writing, and those of the older
 * naming without a pid (`.NAME.partial-<12 hex>`) last written before this process started.
 * Returns the names removed. Never fails the export.
 */
export function removeStalePartials(file: string): string[] {
  const dir = path.dirname(file);
  const re = new RegExp(`^\\.${escapeRe(path.basename(file))}\\.partial-(?:(\\d+)-)?[0-9a-f]{12}$`);
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = re.exec(name);
    if (!m) continue;
    const full = path.join(dir, name);
    let stale: boolean;
    try {
      const st = fs.lstatSync(full);
      if (!st.isFile()) continue;
      if (m[1] === undefined) stale = st.mtimeMs < started;
      else {
        const pid = Number(m[1]);
        stale = pid === process.pid ? !live.has(full) : !alive(pid);
      }
      if (stale) {
        fs.rmSync(full, { force: true });
        removed.push(name);
      }
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}
