/**
 * Errors of the workspace file, each one line that names the workspace. No dependencies
 * beyond held.ts: the Electron main process maps errors with them and must not load
 * better-sqlite3.
 */
import { lastWorkspace } from './held';

/** A problem with the cache file itself; the message is one line for the user. */
export class CacheError extends Error {}

/** The workspace is locked by another writer (an import elsewhere) beyond the busy timeout. */
export class CacheBusyError extends CacheError {}

/** The workspace file is damaged: refused before anything is written to it. */
export class CacheDamagedError extends CacheError {}

function sqliteCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

export function damagedMessage(file: string, detail: string): string {
  return `workspace ${file} is damaged: ${detail.split('\n')[0]}; your downloads can be imported into a new one`;
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
    return new CacheBusyError(
      `the workspace is busy importing (${ws} is locked by another writer); try again when it is done`,
    );
  if (code.startsWith('SQLITE_FULL')) return new CacheError(`cannot write workspace ${ws}: disk full`);
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'))
    return new CacheDamagedError(damagedMessage(ws, msg));
  if (code.startsWith('SQLITE_READONLY')) return new CacheError(`cannot write workspace ${ws}: ${msg}`);
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN'))
    return new CacheError(`workspace ${ws}: ${msg}`);
  return e;
}
