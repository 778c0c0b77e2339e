import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from './schema';

export type DB = Database.Database;

/** A problem with the cache file itself; the message is one line for the user. */
export class CacheError extends Error {}

/** The OS user-data folder, as Electron's app.getPath('userData') would give it. */
export function userDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32')
    return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'ascent-workbench');
  if (process.platform === 'darwin')
    return path.join(home, 'Library', 'Application Support', 'ascent-workbench');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'ascent-workbench');
}

/** --db wins, then ASCENT_DB, then the default workspace in the user-data folder. */
export function resolveDbPath(explicit?: string | null): string {
  if (explicit) return path.resolve(explicit);
  if (process.env.ASCENT_DB) return path.resolve(process.env.ASCENT_DB);
  return path.join(userDataDir(), 'workspace.sqlite');
}

export function openCache(file: string, opts: { readonly?: boolean } = {}): DB {
  if (!opts.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  let db: DB;
  try {
    db = new Database(file, { readonly: !!opts.readonly, fileMustExist: !!opts.readonly });
  } catch (e) {
    throw new CacheError(`cannot open cache ${file}: ${(e as Error).message}`);
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      throw new CacheError(
        `cache ${file} was written by a newer version of Ascent Workbench (schema ${version}, this version knows ${SCHEMA_VERSION}); update the app to open it`,
      );
    // A file that is not a SQLite database fails here, before anything is written.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) migrate(db, version);
    return db;
  } catch (e) {
    db.close();
    if (e instanceof CacheError) throw e;
    throw new CacheError(`cannot open cache ${file}: ${(e as Error).message}`);
  }
}

function migrate(db: DB, from: number): void {
  for (let v = from; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
