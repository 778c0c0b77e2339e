import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** An export that could not be written; the message is one line for the user. */
export class ExportError extends Error {
  override name = 'ExportError';
}

/** The export was cancelled (AbortSignal); nothing was left behind. */
export class ExportCancelled extends ExportError {
  override name = 'ExportCancelled';
  constructor(message = 'export cancelled') {
    super(message);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportCancelled();
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'folder does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'disk full';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTDIR':
      return 'folder does not exist';
    default:
      return ((e as Error | null)?.message ?? String(e)).split('\n')[0]!;
  }
}

/** An error from writing `target`, as one line: "cannot write /x/y.xlsx: permission denied". */
export function writeError(target: string, e: unknown): ExportError {
  if (e instanceof ExportError) return e;
  return new ExportError(`cannot write ${target}: ${reason(e)}`);
}

/** Checks the target folder before any work: it must exist, be a folder and be writable. */
export function checkTarget(target: string): string {
  const file = path.resolve(target);
  const dir = path.dirname(file);
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw new ExportError(`cannot write ${file}: folder does not exist`);
  }
  if (!st.isDirectory()) throw new ExportError(`cannot write ${file}: folder does not exist`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw new ExportError(`cannot write ${file}: permission denied`);
  }
  try {
    if (fs.statSync(file).isDirectory()) throw new ExportError(`cannot write ${file}: is a folder`);
  } catch (e) {
    if (e instanceof ExportError) throw e;
  }
  return file;
}

/** `.name.xlsx.partial-<random>` beside the target, so that the final rename stays on one file system. */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.partial-${randomBytes(6).toString('hex')}`);
}

/**
 * Runs `write(tmp)` against a temporary file beside `target`, then renames it into place.
 * On any failure or cancel the temporary file is removed and the target is left untouched
 * (an earlier file of that name stays as it was). `write` must have closed the file when it
 * resolves or rejects. Errors other than ExportError become one-line ExportErrors.
 */
export async function writeAtomically<T>(
  target: string,
  write: (tmp: string) => Promise<T>,
): Promise<{ file: string; value: T }> {
  const file = checkTarget(target);
  const tmp = tempPathFor(file);
  try {
    const value = await write(tmp);
    fs.renameSync(tmp, file);
    return { file, value };
  } catch (e) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing more we can do; the error below is the one that matters
    }
    throw writeError(file, e);
  }
}
