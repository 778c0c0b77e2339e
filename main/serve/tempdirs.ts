/**
 * Browser mode's private temp folders (`ascent-upload-PID-XXXXXX`, `ascent-export-PID-XXXXXX`
 * in the OS temp folder): removed when the server closes, when the process exits or is stopped
 * by SIGINT, SIGTERM or SIGHUP, and, for a server that was killed outright, at the next start,
 * which removes the folders of processes that are gone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forgetOnExit, pidAlive, removeOnExit } from '../exit-cleanup';

export const TEMP_PREFIXES = ['ascent-upload-', 'ascent-export-'] as const;
/** This process's folders, until removed. */
const live = new Set<string>();

/** A new private folder `PREFIXpid-XXXXXX` in `root` (the OS temp folder), removed on exit. */
export function makeTempDir(prefix: (typeof TEMP_PREFIXES)[number], root = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(root, `${prefix}${process.pid}-`));
  live.add(dir);
  removeOnExit(dir);
  return dir;
}

/** Removes a folder made by makeTempDir now. */
export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
  forgetOnExit(dir);
}

/**
 * Removes the folders of our naming left in `root` by servers that are gone (a dead pid).
 * Folders of the older naming without a pid are left alone: a running older server may own them.
 */
export function removeStaleTempDirs(root = os.tmpdir()): string[] {
  const re = new RegExp(`^(?:${TEMP_PREFIXES.join('|')})(\\d+)-[A-Za-z0-9]{6}$`);
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = re.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    const full = path.join(root, name);
    // This pid's folders are ours while live; else a process gone before us had the same pid.
    if (pid === process.pid ? live.has(full) : pidAlive(pid)) continue;
    try {
      if (!fs.lstatSync(full).isDirectory()) continue;
      fs.rmSync(full, { recursive: true, force: true });
      removed.push(name);
    } catch {
      // not ours to remove after all
    }
  }
  return removed;
}
