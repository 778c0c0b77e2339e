import type { DB } from './db';
import type { ViewOut, ViewState } from '../../shared/api';
import { Filters } from '../../shared/filters';

/** Saved views / target lists: filters, columns and sort under a name. */
export class ViewError extends Error {}

interface Raw {
  id: number;
  name: string;
  state: string;
  createdAt: string;
  updatedAt: string;
}
const COLS = 'id, name, state, created_at AS createdAt, updated_at AS updatedAt';
const out = (r: Raw): ViewOut => ({ ...r, state: JSON.parse(r.state) as ViewState });

export function listViews(db: DB): ViewOut[] {
  return (db.prepare(`SELECT ${COLS} FROM views ORDER BY name COLLATE NOCASE`).all() as Raw[]).map(out);
}

export function viewByName(db: DB, name: string): ViewOut | null {
  const r = db.prepare(`SELECT ${COLS} FROM views WHERE name = ?`).get(name) as Raw | undefined;
  return r ? out(r) : null;
}

/** Saving under an existing name fails unless `replace` says so (the UI asks the user first). */
export function saveView(db: DB, name: string, state: ViewState, replace = false): ViewOut {
  const existing = viewByName(db, name);
  if (existing && !replace)
    throw new ViewError(`a view named "${existing.name}" already exists: replace it, or choose another name`);
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO views (name, state, created_at, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  ).run(name, JSON.stringify(state), now, now);
  return viewByName(db, name)!;
}

export function renameView(db: DB, id: number, name: string): ViewOut {
  const clash = db.prepare('SELECT id FROM views WHERE name = ? AND id <> ?').get(name, id);
  if (clash) throw new ViewError(`a view named "${name}" already exists`);
  const n = db
    .prepare('UPDATE views SET name = ?, updated_at = ? WHERE id = ?')
    .run(name, new Date().toISOString(), id).changes;
  if (!n) throw new ViewError(`no view with ID ${id}`);
  return out(db.prepare(`SELECT ${COLS} FROM views WHERE id = ?`).get(id) as Raw);
}

export function deleteView(db: DB, id: number): boolean {
  return db.prepare('DELETE FROM views WHERE id = ?').run(id).changes > 0;
}

/** A saved view's filters, checked against today's filter model; null when there is no such view. */
export function viewFilters(db: DB, name: string): Filters | null {
  const r = db.prepare('SELECT name, state FROM views WHERE name = ?').get(name) as
    { name: string; state: string } | undefined;
  if (!r) return null;
  let state: unknown;
  try {
    state = JSON.parse(r.state);
  } catch {
    throw new ViewError(`saved view "${r.name}" is damaged (its state is not JSON)`);
  }
  const raw =
    state && typeof state === 'object' && 'filters' in state ? (state as { filters: unknown }).filters : {};
  const f = Filters.safeParse(raw ?? {});
  if (!f.success) throw new ViewError(`saved view "${r.name}" has filters this version cannot read`);
  return f.data;
}
