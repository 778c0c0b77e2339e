import type { DB } from './db';
import type { ViewOut, ViewState } from '../../shared/api';
import { addDays } from '../../shared/dates';
import { todayIso } from '../../shared/domain/fiscal';
import { Filters } from '../../shared/filters';

/** Saved views / target lists: filters, columns and sort under a name. */
export class ViewError extends Error {}

/**
 * The built-in view (issue 13): customers in Act Now or Evaluate with an open agreement ending in
 * the next 90 days. Its dates are computed each time it is listed or opened, never stored; it has
 * the ID 0, which no stored view has (SQLite's rowids start at 1), and it cannot be deleted,
 * renamed or overwritten.
 */
export const BUILT_IN_VIEW = 'Renewals at risk of being missed';
export const BUILT_IN_VIEW_ID = 0;
const RENEWAL_DAYS = 90;

/** The built-in view as of `today` (default: today's local date). */
export function builtInView(today: string = todayIso()): ViewOut {
  const at = `${today}T00:00:00.000Z`;
  return {
    id: BUILT_IN_VIEW_ID,
    name: BUILT_IN_VIEW,
    builtIn: true,
    state: {
      filters: {
        cluster: ['Act Now', 'Evaluate'],
        agreementEnd: { from: today, to: addDays(today, RENEWAL_DAYS) },
      },
      page: 'customers',
      customerSort: [{ field: 'priority', dir: 'desc' }],
    },
    createdAt: at,
    updatedAt: at,
  };
}
const isBuiltIn = (name: string) => name.trim().toLowerCase() === BUILT_IN_VIEW.toLowerCase();
const builtInError = (what: string) =>
  new ViewError(
    `"${BUILT_IN_VIEW}" is a built-in view: it cannot be ${what}; save a copy under another name`,
  );

interface Raw {
  id: number;
  name: string;
  state: string;
  createdAt: string;
  updatedAt: string;
}
const COLS = 'id, name, state, created_at AS createdAt, updated_at AS updatedAt';
const out = (r: Raw): ViewOut => ({ ...r, state: JSON.parse(r.state) as ViewState });

/** The built-in view first, then the stored ones by name. */
export function listViews(db: DB, today?: string): ViewOut[] {
  return [
    builtInView(today),
    ...(db.prepare(`SELECT ${COLS} FROM views ORDER BY name COLLATE NOCASE`).all() as Raw[]).map(out),
  ];
}

export function viewByName(db: DB, name: string): ViewOut | null {
  const r = db.prepare(`SELECT ${COLS} FROM views WHERE name = ?`).get(name) as Raw | undefined;
  return r ? out(r) : null;
}

/** Saving under an existing name fails unless `replace` says so (the UI asks the user first). */
export function saveView(db: DB, name: string, state: ViewState, replace = false): ViewOut {
  if (isBuiltIn(name)) throw builtInError('overwritten');
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
  if (id === BUILT_IN_VIEW_ID) throw builtInError('renamed');
  if (isBuiltIn(name)) throw new ViewError(`"${BUILT_IN_VIEW}" is the name of the built-in view`);
  const clash = db.prepare('SELECT id FROM views WHERE name = ? AND id <> ?').get(name, id);
  if (clash) throw new ViewError(`a view named "${name}" already exists`);
  const n = db
    .prepare('UPDATE views SET name = ?, updated_at = ? WHERE id = ?')
    .run(name, new Date().toISOString(), id).changes;
  if (!n) throw new ViewError(`no view with ID ${id}`);
  return out(db.prepare(`SELECT ${COLS} FROM views WHERE id = ?`).get(id) as Raw);
}

export function deleteView(db: DB, id: number): boolean {
  if (id === BUILT_IN_VIEW_ID) throw builtInError('deleted');
  return db.prepare('DELETE FROM views WHERE id = ?').run(id).changes > 0;
}

/**
 * A saved view's filters, checked against today's filter model; null when there is no such view.
 * The built-in view's, with its dates as of `today`.
 */
export function viewFilters(db: DB, name: string, today?: string): Filters | null {
  if (isBuiltIn(name)) return builtInView(today).state.filters;
  const r = db.prepare('SELECT name, state FROM views WHERE name = ?').get(name) as
    { name: string; state: string } | undefined;
  if (!r) return null;
  let state: unknown;
  try {
    state = JSON.parse(r.state);
  } catch {
    throw new ViewError(`saved view "${r.name}" is damaged (its state is not JSON)`);
  }
  const raw = state && typeof state === 'object' && 'filters' in state ? state.filters : {};
  const f = Filters.safeParse(raw ?? {});
  if (!f.success) throw new ViewError(`saved view "${r.name}" has filters this version cannot read`);
  return f.data;
}
