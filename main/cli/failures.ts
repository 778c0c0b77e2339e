import { cacheErrorOf } from '../cache/db';
import { emptyResult, type ImportResult } from '../ingest/import';

/**
 * The result of a file whose import failed on the workspace rather than on the file (locked by
 * another import, disk full): reported as that file's failure, so the CLI goes on with the rest.
 */
export function failedImport(file: string, e: unknown, workspace: string): ImportResult {
  const m = cacheErrorOf(e, workspace);
  return { ...emptyResult(file), error: String((m as Error | null)?.message ?? m).split('\n')[0]! };
}
