import fs from 'node:fs';
import path from 'node:path';
import { attachProblem, problemText, type Problem, type WriteReason } from '../../shared/i18n/problems';
import { heldFiles, withCompanions } from '../cache/held';
import { partialPathFor, registerPartial, releasePartial, removeStalePartials } from './partials';

/**
 * An export that could not be written; the message is one line for the user. Made from a
 * `Problem`, the message is its English words and the job carries the problem for the UI.
 */
export class ExportError extends Error {
  override name = 'ExportError';
  declare readonly problem?: Problem;
  constructor(what: string | Problem) {
    super(typeof what === 'string' ? what : problemText(what));
    if (typeof what !== 'string') attachProblem(this, what);
  }
}

/** The export was cancelled (AbortSignal); nothing was left behind. */
export class ExportCancelled extends ExportError {
  override name = 'ExportCancelled';
  constructor() {
    super({ kind: 'exportCancelled' });
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportCancelled();
}

function reason(e: unknown): WriteReason | null {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'noFolder';
    case 'EACCES':
    case 'EPERM':
      return 'denied';
    case 'EROFS':
      return 'readOnly';
    case 'ENOSPC':
      return 'diskFull';
    case 'EISDIR':
      return 'isFolder';
    default:
      return null;
  }
}

/** The refusal to write `file`, for `why`: "cannot write /x/y.xlsx: permission denied". */
export const cannotWrite = (file: string, why: WriteReason) =>
  new ExportError({ kind: 'cannotWrite', file, reason: why });

/** An error from writing `target`, as one line: "cannot write /x/y.xlsx: permission denied". */
export function writeError(target: string, e: unknown): ExportError {
  if (e instanceof ExportError) return e;
  const why = reason(e);
  if (why) return cannotWrite(target, why);
  return new ExportError(
    `cannot write ${target}: ${((e as Error | null)?.message ?? String(e)).split('\n')[0]!}`,
  );
}

export interface TargetOptions {
  /** SQLite files that must never be replaced (the workspace); those this process holds are added. */
  protect?: readonly string[];
}

/** Where `p` leads: its real path, or for a file not (yet) there its real folder and its name. */
function realPathOf(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function isSqliteFile(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(SQLITE_MAGIC.length);
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_MAGIC);
  } catch {
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/**
 * What would make replacing `file` destroy data: the workspace or a companion of it (same real
 * path, or the same inode through another name), a device, FIFO, socket or folder, any SQLite
 * database. Null when it may be replaced.
 */
function refusal(file: string, protect: readonly string[]): WriteReason | null {
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(file);
  } catch {
    st = null;
  }
  const real = realPathOf(file);
  for (const p of new Set([...protect.flatMap(withCompanions), ...heldFiles()])) {
    if (realPathOf(p) === real) return 'workspace';
    if (st) {
      const other = fs.statSync(p, { throwIfNoEntry: false });
      if (other && other.dev === st.dev && other.ino === st.ino) return 'workspace';
    }
  }
  if (!st) return null;
  if (st.isDirectory()) return 'folderNotFile';
  if (!st.isFile()) return 'notRegular';
  if (isSqliteFile(file)) return 'sqlite';
  return null;
}

/**
 * Checks the target before any work: its folder must exist, be a folder and be writable; the
 * target must not be the workspace (nor any SQLite file this process holds), nor anything but
 * a regular file.
 */
export function checkTarget(target: string, opts: TargetOptions = {}): string {
  const file = path.resolve(target);
  const dir = path.dirname(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw cannotWrite(file, 'noFolder');
  }
  if (!st.isDirectory()) throw cannotWrite(file, 'noFolder');
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw cannotWrite(file, 'denied');
  }
  const no = refusal(file, opts.protect ?? []);
  if (no) throw cannotWrite(file, no);
  return file;
}

/** `.name.xlsx.partial-<pid>-<random>` beside the target, so that the final rename stays on one file system. */
export const tempPathFor = partialPathFor;

/** An error of reading the workspace, not of writing the file: not to be blamed on the target. */
function isSqliteError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/**
 * Runs `write(tmp)` against a temporary file beside `target`, then renames it into place.
 * On any failure or cancel the temporary file is removed and the target is left untouched
 * (an earlier file of that name stays as it was); a SIGINT, SIGTERM or SIGHUP meanwhile removes
 * it too (partials.ts), and partials left by killed processes are removed first. The target
 * is checked again just before the rename. `write` must have closed the file when it resolves
 * or rejects. Errors other than ExportError become one-line ExportErrors, except SQLite's
 * own (the workspace's, for the caller to name), which pass through.
 */
export async function writeAtomically<T>(
  target: string,
  write: (tmp: string) => Promise<T>,
  opts: TargetOptions = {},
): Promise<{ file: string; value: T }> {
  const file = checkTarget(target, opts);
  removeStalePartials(file);
  const tmp = tempPathFor(file);
  registerPartial(tmp);
  try {
    const value = await write(tmp);
    checkTarget(file, opts);
    fs.renameSync(tmp, file);
    return { file, value };
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more we can do; the error below is the one that matters
    }
    if (isSqliteError(e)) throw e;
    throw writeError(file, e);
  } finally {
    releasePartial(tmp);
  }
}
