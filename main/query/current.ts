import type { DB } from '../cache/db';
import { PROPENSITY_REPORTS, type ReportKind } from '../../shared/domain/products';

export interface ImportRef {
  id: number;
  report: ReportKind;
  snapshot: string;
}

/**
 * "Current" data: the latest snapshot of each report kind, whatever order files were
 * imported in. Two files of one kind and date: the one imported last wins.
 */
export function currentImports(db: DB): ImportRef[] {
  return db
    .prepare(
      `SELECT id, report, snapshot FROM imports i
       WHERE id = (SELECT id FROM imports j WHERE j.report = i.report ORDER BY snapshot DESC, id DESC LIMIT 1)
       ORDER BY report`,
    )
    .all() as ImportRef[];
}

/** The snapshot before the current one of the same report kind (for movement). */
export function previousImport(db: DB, current: ImportRef): ImportRef | null {
  return (
    (db
      .prepare(
        `SELECT id, report, snapshot FROM imports WHERE report = ? AND snapshot < ?
         ORDER BY snapshot DESC, id DESC LIMIT 1`,
      )
      .get(current.report, current.snapshot) as ImportRef | undefined) ?? null
  );
}

export function currentPropensityIds(db: DB): number[] {
  return currentImports(db)
    .filter((i) => PROPENSITY_REPORTS.includes(i.report))
    .map((i) => i.id);
}

/** Key of derived figures: they depend only on which imports are current (and settings). */
export function currentKey(db: DB): string {
  return currentImports(db)
    .map((i) => i.id)
    .join(',');
}

/** Memoises a figure over the current data in the cache; imports and settings clear it. */
export function derived<T>(db: DB, name: string, compute: () => T): T {
  const key = derivedKey(db, name);
  const hit = readDerived<T>(db, key);
  if (hit !== undefined) return hit;
  const value = compute();
  writeDerived(db, key, value);
  return value;
}

/** derived() for a figure computed asynchronously: the key is taken before, so a snapshot imported meanwhile cannot receive it. */
export async function derivedAsync<T>(db: DB, name: string, compute: () => Promise<T>): Promise<T> {
  const key = derivedKey(db, name);
  const hit = readDerived<T>(db, key);
  if (hit !== undefined) return hit;
  const value = await compute();
  writeDerived(db, key, value);
  return value;
}

function derivedKey(db: DB, name: string): string {
  return `${name}:${currentKey(db)}`;
}

function readDerived<T>(db: DB, key: string): T | undefined {
  const hit = db.prepare('SELECT value FROM derived_cache WHERE key = ?').get(key) as
    { value: string } | undefined;
  return hit ? (JSON.parse(hit.value) as T) : undefined;
}

function writeDerived(db: DB, key: string, value: unknown): void {
  if (db.readonly) return;
  try {
    db.prepare('INSERT OR REPLACE INTO derived_cache (key, value) VALUES (?, ?)').run(
      key,
      JSON.stringify(value),
    );
  } catch (e) {
    // Another connection is writing (an import): the figure is still right, just not kept.
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
  }
}

export function placeholders(n: number): string {
  return n ? Array(n).fill('?').join(', ') : 'NULL';
}
