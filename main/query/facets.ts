import type { DB } from '../cache/db';
import type { FacetField, FacetsOut, FacetValue } from '../../shared/api';
import { FACET_FIELDS } from '../../shared/api';
import type { Filters } from '../../shared/filters';
import { BLANK, MISMATCH_SQL, flaggedSql, whereOf, type ListFilter } from './rows';
import { currentPropensityIds, derived } from './current';
import { memo } from './memo';

const FACET_COLUMNS: Record<FacetField, string> = {
  product: 'p.product',
  cluster: 'p.cluster',
  cell: 'p.cell',
  country: 'p.country',
  area: 'p.area',
  industry: 'p.industry',
  vertical: 'p.vertical',
  subSegment: 'p.sub_segment',
  computedCluster: 'p.computed_cluster',
};

/** Values per facet, counted under the other filters (as Datasette's facets), most common first. */
export function facets(db: DB, filters: Filters, limit = 200): FacetsOut {
  // The unfiltered facets are what every visit to Propensity starts with: kept in the cache
  // file per set of current imports, so they cost one scan per import, not one per launch.
  if (Object.keys(filters).length === 0 && limit === 200)
    return derived(db, 'facets', () => computeFacets(db, filters, limit));
  return memo(db, `facets\u0000${limit}\u0000${JSON.stringify(filters)}`, () =>
    computeFacets(db, filters, limit),
  );
}

function computeFacets(db: DB, filters: Filters, limit: number): FacetsOut {
  const lists: FacetsOut['lists'] = {};
  for (const field of FACET_FIELDS) {
    const w = whereOf(db, filters, field as ListFilter);
    const col = FACET_COLUMNS[field];
    lists[field] = (
      db
        .prepare(
          `SELECT ${col} AS value, COUNT(*) AS count FROM propensity p WHERE ${w.sql} GROUP BY ${col} ORDER BY count DESC, value LIMIT ?`,
        )
        .all(...w.params, limit) as { value: string | null; count: number }[]
    ).map((r) => ({ value: r.value ?? BLANK, count: r.count }));
  }
  const w = whereOf(db, filters);
  const eos = flaggedSql(currentPropensityIds(db), 'fn.kind = ?', 'eos');
  const t = db
    .prepare(
      `SELECT COUNT(*) AS total, COALESCE(SUM(p.whitespace), 0) AS whitespace, COALESCE(SUM(p.upsell), 0) AS upsell,
         COALESCE(SUM(${MISMATCH_SQL}), 0) AS mismatch, COALESCE(SUM(${eos.sql}), 0) AS eos
       FROM propensity p WHERE ${w.sql}`,
    )
    .get(...eos.params, ...w.params) as {
    total: number;
    whitespace: number;
    upsell: number;
    mismatch: number;
    eos: number;
  };
  const moved = whereOf(db, { ...filters, movedIntoActNow: true });
  const movedCount = (
    db.prepare(`SELECT COUNT(*) AS n FROM propensity p WHERE ${moved.sql}`).get(...moved.params) as {
      n: number;
    }
  ).n;
  const flags = db
    .prepare(
      // CROSS JOIN keeps propensity the outer loop: left to itself the planner may start
      // from flags and probe the filter's lists for each, which took minutes.
      `SELECT n.name AS value, COUNT(*) AS count FROM propensity p
       CROSS JOIN flags g ON g.import_id = p.import_id AND g.customer_id = p.customer_id
       CROSS JOIN flag_names n ON n.id = g.flag_id
       WHERE ${w.sql} GROUP BY n.name ORDER BY count DESC, n.name LIMIT ?`,
    )
    .all(...w.params, limit) as FacetValue[];
  return {
    lists,
    toggles: {
      whitespace: t.whitespace,
      upsell: t.upsell,
      eos: t.eos,
      mismatch: t.mismatch,
      movedIntoActNow: movedCount,
    },
    flags,
    total: t.total,
  };
}
