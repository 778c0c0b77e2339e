import { attachProblem, problemText, type Problem } from '../../shared/i18n/problems';

/**
 * A file-level ingest problem. The message is one human-readable line WITHOUT the file
 * name: the caller prefixes it, so the same error reads well in the CLI and the UI. Made from a
 * `Problem` (kind and figures), the message is its English words (shared/i18n/problems.ts) and
 * the problem travels with the import's result, for the UI to word in its language; a plain
 * message (an internal error) has no kind.
 */
export class IngestError extends Error {
  declare readonly problem?: Problem;
  constructor(what: string | Problem, options?: { cause?: unknown }) {
    super(typeof what === 'string' ? what : problemText(what), options);
    this.name = 'IngestError';
    if (typeof what !== 'string') attachProblem(this, what);
  }
}

/** Maps fs error codes to the problems shown to users ("no such file"). */
export function fsErrorProblem(err: unknown): Problem | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { kind: 'noSuchFile' };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'permissionDenied' };
    case 'EISDIR':
      return { kind: 'isFolder' };
    case 'EBUSY':
      return { kind: 'fileLocked' };
    default:
      return null;
  }
}

/** Wraps fs errors in IngestError; anything else is re-thrown untouched. */
export function toIngestError(err: unknown): unknown {
  if (err instanceof IngestError) return err;
  const problem = fsErrorProblem(err);
  return problem ? new IngestError(problem, { cause: err }) : err;
}

/**
 * A read stopped by the import's AbortSignal. An IngestError, so that importFile reports it as
 * the file's one line ("import cancelled") like its own cancel, and the service sees a cancel.
 */
export class ReadCancelled extends IngestError {
  constructor() {
    super({ kind: 'importCancelled' });
    this.name = 'ReadCancelled';
  }
}

/** Throws ReadCancelled when the signal has fired. */
export function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ReadCancelled();
}
