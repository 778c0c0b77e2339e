/**
 * A file-level ingest problem. The message is one human-readable line WITHOUT the file
 * name: the caller prefixes it, so the same error reads well in the CLI and the UI.
 */
export class IngestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IngestError';
  }
}

/** Maps fs error codes to the short reasons shown to users. */
export function fsErrorReason(err: unknown): string | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'EBUSY':
      return 'file is locked by another program';
    default:
      return null;
  }
}

/** Wraps fs errors in IngestError; anything else is re-thrown untouched. */
export function toIngestError(err: unknown): unknown {
  if (err instanceof IngestError) return err;
  const reason = fsErrorReason(err);
  return reason ? new IngestError(reason, { cause: err }) : err;
}

/**
 * A read stopped by the import's AbortSignal. An IngestError, so that importFile reports it as
 * the file's one line ("import cancelled") like its own cancel, and the service sees a cancel.
 */
export class ReadCancelled extends IngestError {
  constructor() {
    super('import cancelled');
    this.name = 'ReadCancelled';
  }
}

/** Throws ReadCancelled when the signal has fired. */
export function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ReadCancelled();
}
