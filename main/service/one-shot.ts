/**
 * The service for one command of a one-shot door (the CLI): the workspace opened without the
 * in-memory row store, whose build would cost seconds for one answer, and closed afterwards.
 * Not for the Electron bundle: main/paths.ts reads import.meta.
 */
import { resolveDbPath } from '../cache/db';
import { SAMPLE_DB, SAMPLE_DIR } from '../paths';
import { Service } from './service';

/** Runs `fn` on the workspace at `dbPath` (default: $ASCENT_DB, else the user-data folder's), then closes it. */
export async function withService<T>(dbPath: string | undefined, fn: (s: Service) => Promise<T>): Promise<T> {
  const service = new Service({
    dbPath: resolveDbPath(dbPath),
    sampleDbPath: SAMPLE_DB(),
    sampleDir: SAMPLE_DIR,
    rowStore: false,
  });
  try {
    return await fn(service);
  } finally {
    service.close();
  }
}
