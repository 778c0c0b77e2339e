import type { DB } from '../cache/db';
import type { FilterMiss } from '../../shared/api';
import { BLANK, FILTERS, FIRMOGRAPHIC_LISTS, type Filters } from '../../shared/filters';
import { currentImports, currentRowsWhere, placeholders, type Where } from './current';
import { LIST_COLUMNS } from './query-model';

export interface WarningOptions {
  /**
   * What the values are looked for in: the current propensity rows (the grid, `ascent rows`,
   * exports), or the customers of every current report, agreements included (the call list).
   */
  of?: 'rows' | 'customers';
  /** Current as of this date (default today). */
  asOf?: string;
}

function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/**
 * One line per filter value that no current row holds, with the nearest value that exists:
 * "no area 'Westren Europe'; did you mean 'Western Europe'?" (the CLI's and the API's English;
 * the renderer words `filterMisses` in its own language).
 */
export function filterWarnings(db: DB, filters: Filters, opts: WarningOptions = {}): string[] {
  return filterMisses(db, filters, opts).map(missInWords);
}

/** A miss in the contract's English, the filter named by its CLI flag. */
export function missInWords(m: FilterMiss): string {
  const flag = FILTERS[m.filter].flag;
  return m.nearest !== null
    ? `no ${flag} '${m.value}'; did you mean '${m.nearest}'?`
    : `no ${flag} '${m.value}' in the current data`;
}

/** The filter values that no current row holds, each with the nearest value that exists (if near). */
export function filterMisses(db: DB, filters: Filters, opts: WarningOptions = {}): FilterMiss[] {
  const out: FilterMiss[] = [];
  // The customers table names these columns as propensity does (schema.ts), so one alias `p`
  // and LIST_COLUMNS serve both.
  let current: Where;
  let table = 'propensity p';
  if (opts.of === 'customers') {
    const ids = currentImports(db, opts.asOf).map((c) => c.id);
    current = { sql: `p.import_id IN (${placeholders(ids.length)})`, params: ids };
    table = 'customers p';
  } else current = currentRowsWhere(db, 'p', opts.asOf);
  for (const key of FIRMOGRAPHIC_LISTS) {
    const col = LIST_COLUMNS[key];
    const wanted = (filters[key] ?? []).filter((v) => v !== BLANK);
    if (!wanted.length) continue;
    const existing = db
      .prepare(`SELECT DISTINCT ${col} FROM ${table} WHERE ${current.sql} AND ${col} IS NOT NULL`)
      .pluck()
      .all(...current.params) as string[];
    const have = new Set(existing);
    for (const v of wanted) {
      if (have.has(v)) continue;
      let best: string | null = null;
      let bestD = Infinity;
      for (const e of existing) {
        const d = distance(v, e);
        if (d < bestD) [best, bestD] = [e, d];
      }
      const near = best !== null && bestD <= Math.max(2, Math.floor(v.length / 3));
      out.push({ filter: key, value: v, nearest: near ? best : null });
    }
  }
  return out;
}
