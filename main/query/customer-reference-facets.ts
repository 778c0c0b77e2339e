/** The call list's facets as the reference computes them (customer-reference.ts): every count is of customers. */
import type { DB } from '../cache/db';
import { FACET_FIELDS, type Filters } from '../../shared/filters';
import type { FacetsOut } from '../../shared/api';
import type { CustomerRow } from '../../shared/customers';
import { todayIso } from '../../shared/domain/fiscal';
import { PRODUCT_LEVEL, customerTests, referenceBook, matching, splitFilters } from './customer-reference';
import { rangeCounts } from './query-model';
import { FACET_LIMIT } from './facets';
import { whereOf } from './rows';
import { LIST_COLUMNS, topValues } from './query-model';
import { memo } from './memo';

/** Facets of the call list: every count is of customers, under the other filters (a facet's own left out). */
export function referenceCustomerFacets(
  db: DB,
  filters: Filters,
  asOf: string = todayIso(),
  limit = FACET_LIMIT,
): FacetsOut {
  return memo(
    db,
    `reference-customer-facets\u0000${asOf}\u0000${limit}\u0000${JSON.stringify(filters)}`,
    () => {
      const book = referenceBook(db, asOf);
      const inScope = (f: Filters): CustomerRow[] => matching(db, book, f, asOf);
      const lists: FacetsOut['lists'] = {};
      for (const field of FACET_FIELDS) {
        const others: Filters = { ...filters, [field]: undefined };
        const counts = new Map<string | null, number>();
        if (PRODUCT_LEVEL.has(field)) {
          // A customer counts once per value among its current products that match the other filters
          // (end of service describes the customer, as in `matching`).
          const { onRow, rest } = splitFilters(others);
          const test = customerTests(book, onRow);
          const w = whereOf(db, rest, { asOf });
          const col = LIST_COLUMNS[field];
          for (const r of db
            .prepare(`SELECT DISTINCT ${col} AS value, p.customer_id AS id FROM propensity p WHERE ${w.sql}`)
            .all(...w.params) as { value: string | null; id: string }[])
            if (test(book.byId.get(r.id)!)) counts.set(r.value, (counts.get(r.value) ?? 0) + 1);
        } else {
          const key = field === 'subSegment' ? 'segment' : field;
          for (const r of inScope(others)) {
            const v = r[key as 'country' | 'area' | 'salesTerritory' | 'industry' | 'vertical' | 'segment'];
            counts.set(v, (counts.get(v) ?? 0) + 1);
          }
        }
        lists[field] = topValues([...counts], limit);
      }
      const toggle = (k: 'whitespace' | 'upsell' | 'eos' | 'mismatch' | 'movedIntoActNow') =>
        inScope({ ...filters, [k]: true }).length;
      const { onRow, rest } = splitFilters(filters);
      const test = customerTests(book, onRow);
      const w = whereOf(db, rest, { asOf });
      const byName = new Map<string, number>();
      for (const r of db
        .prepare(
          `SELECT DISTINCT n.name, p.customer_id AS id FROM propensity p
         CROSS JOIN flags g ON g.import_id = p.import_id AND g.customer_id = p.customer_id
         CROSS JOIN flag_names n ON n.id = g.flag_id
         WHERE ${w.sql}`,
        )
        .all(...w.params) as { name: string; id: string }[])
        if (test(book.byId.get(r.id)!)) byName.set(r.name, (byName.get(r.name) ?? 0) + 1);
      const flags = [...byName].map(([name, n]) => ({ name, n }));
      const total = inScope(filters).length;
      const ranges = rangeCounts(filters, total, (f) => inScope(f).length);
      return {
        lists,
        toggles: {
          whitespace: toggle('whitespace'),
          upsell: toggle('upsell'),
          eos: toggle('eos'),
          mismatch: toggle('mismatch'),
          movedIntoActNow: toggle('movedIntoActNow'),
        },
        flags: topValues(
          flags.map((f) => [f.name, f.n]),
          limit,
        ),
        total,
        ...(ranges && { ranges }),
      };
    },
  );
}
