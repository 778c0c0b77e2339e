/**
 * The customers a filter set holds, as one SQL set, by the call list's rule (customers.ts):
 * with only filters that describe the customer (country, area, sales territory, industry,
 * vertical, subsegment, search), the customers of any current report, agreements included;
 * with any other filter set, the customers with a current propensity row matching every filter
 * at once. The Overview's figures and the Agreements list scope their customers with it.
 */
import type { DB } from '../cache/db';
import { activeFilters, FIRMOGRAPHIC_LISTS, type Filters } from '../../shared/filters';
import { currentImports, placeholders } from './current';
import { agreementScope } from './export-queries';
import { whereOf, type Where } from './filter-sql';

/** The filters agreementScope reads on the customer's own record. */
const CUSTOMER_LEVEL: ReadonlySet<string> = new Set([...FIRMOGRAPHIC_LISTS, 'search']);

/** `SELECT DISTINCT customer_id …` of the customers in scope; null when no filter is set. */
export function customerScopeSelect(db: DB, filters: Filters, asOf?: string): Where | null {
  const active = activeFilters(filters);
  if (!active.length) return null;
  if (active.every((k) => CUSTOMER_LEVEL.has(k))) {
    const ids = currentImports(db, asOf).map((c) => c.id);
    const s = agreementScope(db, filters, 'c', asOf);
    return {
      sql: `SELECT DISTINCT c.customer_id FROM customers c WHERE c.import_id IN (${placeholders(ids.length)}) AND ${s.sql}`,
      params: [...ids, ...s.params],
    };
  }
  const w = whereOf(db, filters, { asOf });
  return { sql: `SELECT DISTINCT p.customer_id FROM propensity p WHERE ${w.sql}`, params: w.params };
}

/** `col IN (customers in scope)`; null when no filter is set. */
export function customerScopeWhere(db: DB, filters: Filters, col: string, asOf?: string): Where | null {
  const s = customerScopeSelect(db, filters, asOf);
  return s ? { sql: `${col} IN (${s.sql})`, params: s.params } : null;
}
