import type { DB } from '../cache/db';
import type { FacetsOut } from '../../shared/api';
import { FACET_FIELDS } from '../../shared/api';
import type { Filters } from '../../shared/filters';
import { COUNTED_FILTERS, MISMATCH_SQL, flaggedSql, whereOf } from './filter-sql';
import { BLANK, LIST_COLUMNS, activeFilters, rangeCounts, topValues } from './query-model';
import { currentPropensityIds, derivedAsync, shadowedRowsWhere } from './current';
import { memoAsync } from './memo';
import { Turns } from './turns';

/** Values listed per facet. */
export const FACET_LIMIT = 200;

/**
 * Values per facet, counted under the other filters (as Datasette's facets), most common first.
 * Asynchronous: it gives the event loop a turn every TURN_MS. Run it on a connection
 * of its own (as the service does): its statement stays open across those turns.
 */
export async function facets(db: DB, filters: Filters, limit = FACET_LIMIT): Promise<FacetsOut> {
  // The unfiltered facets are what every visit to Propensity starts with: kept in the cache
  // file per set of current imports, so they are counted once per import, not once per launch.
  if (Object.keys(filters).length === 0 && limit === FACET_LIMIT)
    return derivedAsync(db, 'facets', () => computeFacets(db, filters, limit));
  return memoAsync(db, `facets\u0000${limit}\u0000${JSON.stringify(filters)}`, () =>
    computeFacets(db, filters, limit),
  );
}

/** A row of the pass: the facet values (TEXT or null), whitespace, upsell, mismatch, eos, and the rows it stands for. */
type Row = (string | number | null)[];

/** Runs `fn` on every item, giving the event loop a turn every TURN_MS. */
async function eachInTurns<T>(items: Iterable<T>, fn: (item: T) => void): Promise<void> {
  const turns = new Turns();
  let seen = 0;
  for (const item of items) {
    fn(item);
    if ((++seen & 255) === 0 && turns.due()) await turns.turn();
  }
}

/** A list filter as a test on a value; null when the filter is not set. */
function listTest(values: string[] | undefined): ((v: string | number | null) => boolean) | null {
  if (!values?.length) return null;
  const set = new Set(values.filter((v) => v !== BLANK));
  const blank = values.includes(BLANK);
  return (v) => (v === null ? blank : set.has(v as string));
}

/**
 * One pass counts every facet: SQL applies the filters that are not facets (whitespace, flags,
 * search…), and each row then counts toward a facet when it passes every list filter but that
 * facet's own. The pass reads facet_counts (combinations of values with their row counts, ~169k
 * for 1.5M rows) unless a filter needs the rows themselves; then it scans propensity, which
 * takes 3.5–7.5 s at 1.5M rows (as nine GROUP BY queries did) and gives way to other requests
 * every few thousand rows.
 */
async function computeFacets(db: DB, filters: Filters, limit: number): Promise<FacetsOut> {
  const base: Filters = { ...filters };
  for (const field of FACET_FIELDS) delete base[field];
  const tests = FACET_FIELDS.map((f) => listTest(filters[f]));
  const counts = FACET_FIELDS.map(() => new Map<string | number | null, number>());
  const n = FACET_FIELDS.length;
  const columns = `${FACET_FIELDS.map((f) => LIST_COLUMNS[f]).join(', ')}, p.whitespace, p.upsell, (${MISMATCH_SQL})`;
  // Rows of facet_counts stand for n propensity rows each (eos of them flagged); when a filter
  // needs the rows themselves (flags, search, movement), one row stands for one.
  const fromCounts = activeFilters(base).every((k) => COUNTED_FILTERS.has(k));
  const eos = flaggedSql(currentPropensityIds(db), 'fn.kind = ?', 'eos');
  // facet_counts holds every row of each current snapshot: the rows a winning report replaces
  // (a product two current reports carry) are taken off again, each counting -1.
  const w = whereOf(db, base, { table: fromCounts ? 'facet_counts' : 'propensity' });
  const shadowed = fromCounts ? shadowedRowsWhere(db, 'p') : null;
  const minus = shadowed
    ? ` UNION ALL SELECT ${columns}, -(${eos.sql}), -1 FROM propensity p WHERE ${w.sql} AND ${shadowed.sql}`
    : '';
  const stmt = fromCounts
    ? db.prepare(`SELECT ${columns}, p.eos, p.n FROM facet_counts p WHERE ${w.sql}${minus}`).raw()
    : db.prepare(`SELECT ${columns}, ${eos.sql}, 1 FROM propensity p NOT INDEXED WHERE ${w.sql}`).raw();
  const params = fromCounts
    ? [...w.params, ...(shadowed ? [...eos.params, ...w.params, ...shadowed.params] : [])]
    : [...eos.params, ...w.params];
  let total = 0;
  let whitespace = 0;
  let upsell = 0;
  let mismatch = 0;
  let eosCount = 0;
  const add = (i: number, v: string | number | null, k: number) => {
    const m = counts[i]!;
    m.set(v, (m.get(v) ?? 0) + k);
  };
  await eachInTurns(stmt.iterate(...params) as IterableIterator<Row>, (r) => {
    const k = r[n + 4] as number;
    let failed = -1;
    let fails = 0;
    for (let i = 0; i < n && fails < 2; i++) {
      const test = tests[i];
      if (test && !test(r[i]!)) {
        fails++;
        failed = i;
      }
    }
    if (fails === 0) {
      for (let i = 0; i < n; i++) add(i, r[i]!, k);
      total += k;
      whitespace += Number(r[n]) * k;
      upsell += Number(r[n + 1]) * k;
      mismatch += Number(r[n + 2]) * k;
      eosCount += Number(r[n + 3]);
    } else if (fails === 1) add(failed, r[failed]!, k);
  });
  const lists: FacetsOut['lists'] = {};
  FACET_FIELDS.forEach((field, i) => {
    lists[field] = topValues(
      [...counts[i]!].map(([value, count]) => [value === null ? null : String(value), count]),
      limit,
    );
  });
  const all = whereOf(db, filters);
  const moved = whereOf(db, { ...filters, movedIntoActNow: true });
  let movedCount = 0;
  await eachInTurns(
    db
      .prepare(`SELECT 1 FROM propensity p WHERE ${moved.sql}`)
      .pluck()
      .iterate(...moved.params),
    () => movedCount++,
  );
  // Counted in JS rather than grouped in SQL so that it too gives way every few thousand rows
  // (at 1.5M rows it reads ≈ 600k flag rows under a cluster filter: ≈ 2 s). CROSS JOIN keeps
  // propensity the outer loop: left to itself the planner may start from flags and probe the
  // filter's lists for each, which took minutes.
  const byFlag = new Map<string, number>();
  await eachInTurns(
    db
      .prepare(
        `SELECT n.name FROM propensity p
         CROSS JOIN flags g ON g.import_id = p.import_id AND g.customer_id = p.customer_id
         CROSS JOIN flag_names n ON n.id = g.flag_id
         WHERE ${all.sql}`,
      )
      .pluck()
      .iterate(...all.params) as IterableIterator<string>,
    (name) => byFlag.set(name, (byFlag.get(name) ?? 0) + 1),
  );
  const flags = topValues([...byFlag], limit);
  const ranges = rangeCounts(filters, total, (f) => {
    const w = whereOf(db, f);
    return db
      .prepare(`SELECT COUNT(*) FROM propensity p WHERE ${w.sql}`)
      .pluck()
      .get(...w.params) as number;
  });
  return {
    lists,
    toggles: { whitespace, upsell, eos: eosCount, mismatch, movedIntoActNow: movedCount },
    flags,
    total,
    ...(ranges && { ranges }),
  };
}
