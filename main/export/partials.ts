/**
 * The partial files of exports in progress (`.NAME.partial-PID-RANDOM` beside the target):
 * removed on error and cancel by writeAtomically, on SIGINT, SIGTERM, SIGHUP and exit by the
 * handlers of ../exit-cleanup, and, when a process was killed outright (SIGKILL, power loss), by the next
 * export to the same target, which removes the partials of processes that are gone.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { forgetOnExit, pidAlive, removeOnExit } from '../exit-cleanup';

/** This process's partials now being written. */
const live = new Set<string>();
const started = Date.now() - process.uptime() * 1000;

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
  removeOnExit(tmp);
}

/** The partial is gone (renamed into place or removed). */
export function releasePartial(tmp: string): void {
  live.delete(tmp);
  forgetOnExit(tmp);
}

/** Partials in progress in this process (tests). */
export function livePartials(): string[] {
  return [...live];
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
        stale = pid === process.pid ? !live.has(full) : !pidAlive(pid);
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
