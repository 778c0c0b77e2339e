/**
 * Errors of the workspace file, each one line that names the workspace. No dependencies
 * beyond held.ts and the problems' words: the Electron main process maps errors with them and
 * must not load better-sqlite3.
 */
import { attachProblem, problemText, type Problem } from '../../shared/i18n/problems';
import { lastWorkspace } from './held';

/**
 * A problem with the cache file itself; the message is one line for the user. Made from a
 * `Problem`, the message is its English words and a job that fails on it carries the problem.
 */
export class CacheError extends Error {
  declare readonly problem?: Problem;
  constructor(what: string | Problem) {
    super(typeof what === 'string' ? what : problemText(what));
    if (typeof what !== 'string') attachProblem(this, what);
  }
}

/** The workspace is locked by another writer (an import elsewhere) beyond the busy timeout. */
export class CacheBusyError extends CacheError {}

/** The workspace file is damaged: refused before anything is written to it. */
export class CacheDamagedError extends CacheError {}

function sqliteCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

export function damagedProblem(file: string, detail: string): Problem {
  return { kind: 'workspaceDamaged', workspace: file, detail: detail.split('\n')[0]! };
}

/**
 * A SQLite error of the workspace as a CacheError whose one line names the workspace: locked
 * ("the workspace is busy importing (…)"), disk full, damaged. Anything else comes back as it was.
 */
export function cacheErrorOf(e: unknown, file: string | null = lastWorkspace()): unknown {
  if (e instanceof CacheError) return e;
  const code = sqliteCode(e);
  if (!code.startsWith('SQLITE_')) return e;
  const ws = file ?? 'the workspace';
  const msg = ((e as Error).message ?? '').split('\n')[0]!;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return new CacheBusyError({ kind: 'workspaceBusy', workspace: ws });
  if (code.startsWith('SQLITE_FULL')) return new CacheError({ kind: 'workspaceDiskFull', workspace: ws });
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'))
    return new CacheDamagedError(damagedProblem(ws, msg));
  if (code.startsWith('SQLITE_READONLY')) return new CacheError(`cannot write workspace ${ws}: ${msg}`);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN'))
    return new CacheError(`workspace ${ws}: ${msg}`);
  return e;
}
