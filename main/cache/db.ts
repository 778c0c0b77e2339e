import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { holdWorkspace } from './held';
import { CacheDamagedError, CacheError, cacheErrorOf, damagedProblem } from './errors';
import { recountStaleFacets } from './facet-counts';
import { MIGRATIONS, SCHEMA_VERSION } from './schema';

export { heldFiles, lastWorkspace } from './held';
export { CacheBusyError, CacheDamagedError, CacheError, cacheErrorOf, damagedProblem } from './errors';

export type DB = Database.Database;

/**
 * How long a connection waits for another connection's write lock (an import in another
 * process, or on the service's import connection) before SQLite answers "database is locked".
 */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Workspaces up to this size get a full `PRAGMA quick_check` when first opened by a process
 * (≈ 0.9 GB/s from the page cache: a 153 MB workspace of 300k rows took 0.17 s). Bigger
 * files get a bounded check: every table and index but the bulk rows of the snapshots
 * (BULK_TABLES), which are what makes a workspace big and what a new import can rebuild.
 */
export const FULL_CHECK_MAX_BYTES = 256 * 1024 ** 2;
const BULK_TABLES = ['propensity', 'customers', 'flags', 'import_issues', 'facet_counts', 'agreements'];

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

function sqliteCode(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

// ---- opening --------------------------------------------------------------------------------

/** Files found sound by this process (real path, device and inode): checked once per process. */
const checked = new Set<string>();

function identity(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return `${fs.realpathSync(file)}\0${st.dev}\0${st.ino}`;
  } catch {
    return null;
  }
}

/**
 * `PRAGMA quick_check` (page structure, record formats, NOT NULL and CHECK constraints; not
 * index contents): whole below FULL_CHECK_MAX_BYTES, table by table without BULK_TABLES above.
 * Returns the first problem found, or null. Reads only.
 */
export function checkWorkspace(db: DB, sizeBytes: number): string | null {
  const problems: string[] = [];
  const run = (pragma: string) => {
    try {
      for (const r of db.pragma(pragma) as { quick_check: string }[])
        if (r.quick_check !== 'ok') problems.push(r.quick_check);
    } catch (e) {
      // A page too broken to walk: SQLite answers with an error rather than a row.
      if (!/^SQLITE_(CORRUPT|NOTADB)/.test(sqliteCode(e))) throw e;
      problems.push((e as Error).message);
    }
  };
  if (sizeBytes <= FULL_CHECK_MAX_BYTES) run('quick_check(1)');
  else {
    const tables = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    run(`quick_check('sqlite_schema')`);
    for (const t of tables) {
      if (problems.length) break;
      if (!BULK_TABLES.includes(t)) run(`quick_check('${t.replace(/'/g, "''")}')`);
    }
  }
  return problems[0] ?? null;
}

export function openCache(file: string, opts: { readonly?: boolean } = {}): DB {
  if (!opts.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const existed = fs.existsSync(file);
  const walExisted = fs.existsSync(`${file}-wal`) || fs.existsSync(`${file}-shm`);
  let db: DB;
  try {
    db = new Database(file, {
      readonly: !!opts.readonly,
      fileMustExist: !!opts.readonly,
      timeout: BUSY_TIMEOUT_MS,
    });
  } catch (e) {
    const mapped = cacheErrorOf(e, file);
    if (mapped instanceof CacheError) throw mapped;
    throw new CacheError(`cannot open cache ${file}: ${(e as Error).message}`);
  }
  holdWorkspace(file);
  try {
    // Every connection waits its turn for the write lock, readers included (a WAL reset).
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      throw new CacheError(
        `cache ${file} was written by a newer version of Ascent Workbench (schema ${version}, this version knows ${SCHEMA_VERSION}); update the app to open it`,
      );
    // Before anything is written (WAL mode, migrations): a damaged workspace is refused as it is.
    const id = existed ? identity(file) : null;
    if (id && !checked.has(id)) {
      const problem = checkWorkspace(db, fs.statSync(file).size);
      if (problem) throw new CacheDamagedError(damagedProblem(file, problem));
      checked.add(id);
    }
    // A file that is not a SQLite database fails here, before anything is written.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    if (!opts.readonly) {
      migrate(db, version);
      recountStaleFacets(db);
    }
    return db;
  } catch (e) {
    db.close();
    if (!walExisted) removeEmptyWal(file);
    if (e instanceof CacheError) throw e;
    const mapped = cacheErrorOf(e, file);
    if (mapped instanceof CacheError && !sqliteCode(e).startsWith('SQLITE_NOTADB')) throw mapped;
    throw new CacheError(`cannot open cache ${file}: ${(e as Error).message}`);
  }
}

/**
 * A refused file is left as it was found: a read of a WAL-mode file creates an empty -wal and
 * its -shm, which a read-only or refused connection does not remove on close.
 */
function removeEmptyWal(file: string): void {
  try {
    if (fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size !== 0) return;
    fs.rmSync(`${file}-wal`, { force: true });
    fs.rmSync(`${file}-shm`, { force: true });
  } catch {
    // left as they are: SQLite ignores an empty WAL
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
