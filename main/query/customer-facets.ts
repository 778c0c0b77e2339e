/**
 * The call list's facets: every count is of customers, each facet under the other filters (its
 * own left out), in one pass over the book. Per customer, the customer tests that fail are
 * counted (a customer failing only a facet's own filter still counts in that facet); per
 * product row, the row tests that fail, so that a product-level facet counts a customer once per
 * value among its rows that pass the other filters, and a yes/no count replaces its own filter.
 * customer-reference-facets.ts is the meaning; the differential tests hold the two together.
 */
import type { DB } from '../cache/db';
import { FACET_FIELDS, type FacetField, type FilterKey, type Filters } from '../../shared/filters';
import type { FacetsOut } from '../../shared/api';
import { todayIso } from '../../shared/domain/fiscal';
import { ROW_BITS, type CustomerBook, type RowField } from './customer-book';
import { matchingOf, planOf, type CustomerListField } from './customer-filters';
import { bookFor } from './customers';
import { FACET_LIMIT } from './facets';
import { rangeCounts, topValues } from './query-model';
import { Lru } from './memo';

/** Where each facet's values live in the book. */
const FACET_SOURCE: Record<FacetField, { row: RowField } | { customer: CustomerListField }> = {
  product: { row: 'product' },
  cluster: { row: 'cluster' },
  cell: { row: 'cell' },
  computedCluster: { row: 'computedCluster' },
  country: { customer: 'country' },
  area: { customer: 'area' },
  salesTerritory: { customer: 'salesTerritory' },
  industry: { customer: 'industry' },
  vertical: { customer: 'vertical' },
  subSegment: { customer: 'segment' },
};
const TOGGLES = ['whitespace', 'upsell', 'mismatch', 'movedIntoActNow'] as const;

const kept = new WeakMap<CustomerBook, Lru<FacetsOut>>();

export function customerFacets(
  db: DB,
  filters: Filters,
  asOf: string = todayIso(),
  limit = FACET_LIMIT,
  given?: CustomerBook,
): FacetsOut {
  const book = given ?? bookFor(db, asOf);
  let lru = kept.get(book);
  if (!lru) kept.set(book, (lru = new Lru(32)));
  return lru.get(`${limit}\u0000${JSON.stringify(filters)}`, () => facetsOf(book, filters, limit));
}

function facetsOf(book: CustomerBook, filters: Filters, limit: number): FacetsOut {
  // The yes/no counts replace their own filter by "yes": their tests are planned as such, apart.
  const base: Filters = { ...filters };
  for (const t of TOGGLES) delete base[t];
  delete base.eos;
  const plan = planOf(book, base);
  const keyIndex = (k: FilterKey) => FACET_FIELDS.indexOf(k as FacetField);
  const cTests = plan.customer.map((t) => ({ f: keyIndex(t.key), test: t.test }));
  const rTests = plan.row.map((t) => ({ f: keyIndex(t.key), test: t.test }));
  const own = (k: (typeof TOGGLES)[number]) => {
    const v = filters[k];
    const bit = ROW_BITS[k];
    return v === undefined ? null : v ? bit : 0;
  };
  const toggleWant = TOGGLES.map(own);
  // Without product-level filters a customer needs no product (one found only in agreements counts).
  const rowFiltered = rTests.length > 0 || toggleWant.some((w) => w !== null);
  const eosWant = filters.eos === undefined ? null : filters.eos ? 1 : 0;

  const customerCounts = FACET_FIELDS.map((f) => {
    const s = FACET_SOURCE[f];
    return 'row' in s ? null : new Float64Array(book.columns[s.customer].size + 1);
  });
  const rowCounts = FACET_FIELDS.map((f) => {
    const s = FACET_SOURCE[f];
    return 'row' in s ? new Float64Array(book.rows[s.row].dict.length) : null;
  });
  // Per customer, the values a product-level facet has already counted (stamped with the customer).
  const stamps = FACET_FIELDS.map((f, k) =>
    rowCounts[k] ? new Int32Array(rowCounts[k].length).fill(-1) : null,
  );
  const flagStamp = new Int32Array(book.flags.length).fill(-1);
  const flagCounts = new Float64Array(book.flags.length);
  const flagSets = book.flags.map((f) => f.records);
  const { customerOf } = book.parts;
  const toggles = { whitespace: 0, upsell: 0, eos: 0, mismatch: 0, movedIntoActNow: 0 };
  const rowFields = FACET_FIELDS.flatMap((f, k) => (rowCounts[k] ? [k] : []));
  const customerFields = FACET_FIELDS.flatMap((f, k) => (customerCounts[k] ? [k] : []));
  const { rowStart, rowBits } = book;
  let total = 0;

  for (let c = 0; c < book.n; c++) {
    let cFails = 0;
    let cFailed = -2;
    for (const t of cTests)
      if (!t.test(c)) {
        cFailed = t.f;
        if (++cFails > 1) break;
      }
    if (cFails > 1) continue;
    // cFailed is a customer-level facet when one test failed (-1: a test with no facet).
    const eosOk = eosWant === null || book.eos[c] === eosWant;
    let anyRow = !rowFiltered;
    const toggleRow = [false, false, false, false];
    for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++) {
      let fails = 0;
      let failed = -2;
      for (const t of rTests)
        if (!t.test(j, c)) {
          failed = t.f;
          if (++fails > 1) break;
        }
      if (fails > 1) continue;
      const bits = rowBits[j]!;
      // Which of the row's own yes/no filters fail.
      let tFails = 0;
      let tFailed = -1;
      for (let k = 0; k < TOGGLES.length; k++) {
        const w = toggleWant[k];
        if (w !== null && (bits & ROW_BITS[TOGGLES[k]!]) !== w) {
          tFailed = k;
          tFails++;
        }
      }
      if (fails === 0) {
        for (let k = 0; k < TOGGLES.length; k++)
          if ((tFails === 0 || (tFails === 1 && tFailed === k)) && bits & ROW_BITS[TOGGLES[k]!])
            toggleRow[k] = true;
      }
      if (tFails > 0) continue;
      if (fails === 0) anyRow = true;
      if (cFails !== 0 || !eosOk) continue;
      // Product-level facets: the row's value counts where the row passes all but the facet's own filter.
      for (const k of rowFields)
        if (fails === 0 || failed === k) {
          const code = book.rows[(FACET_SOURCE[FACET_FIELDS[k]!] as { row: RowField }).row].codes[j]!;
          if (stamps[k]![code] !== c) {
            stamps[k]![code] = c;
            rowCounts[k]![code]!++;
          }
        }
      if (fails === 0) {
        const r = customerOf[j]!;
        for (let flag = 0; flag < flagSets.length; flag++)
          if (flagSets[flag]![r] && flagStamp[flag] !== c) {
            flagStamp[flag] = c;
            flagCounts[flag]!++;
          }
      }
    }
    if (anyRow && eosOk)
      for (const k of customerFields)
        if (cFails === 0 || cFailed === k) {
          const col = book.columns[(FACET_SOURCE[FACET_FIELDS[k]!] as { customer: 'country' }).customer];
          customerCounts[k]![col.codes[c]!]!++;
        }
    if (cFails !== 0) continue;
    if (anyRow && eosOk) total++;
    if (anyRow && book.eos[c]) toggles.eos++;
    if (eosOk) TOGGLES.forEach((t, k) => toggleRow[k] && toggles[t]++);
  }

  const lists: FacetsOut['lists'] = {};
  FACET_FIELDS.forEach((field, k) => {
    const entries: [string | null, number][] = [];
    const s = FACET_SOURCE[field];
    if ('row' in s) {
      const dict = book.rows[s.row].dict;
      rowCounts[k]!.forEach((n, c) => n > 0 && entries.push([dict[c] as string | null, n]));
    } else {
      const { dict, size } = book.columns[s.customer];
      customerCounts[k]!.forEach((n, c) => n > 0 && entries.push([c === size ? null : String(dict![c]), n]));
    }
    lists[field] = topValues(entries, limit);
  });
  const flags = topValues(
    book.flags.flatMap(({ name }, k) =>
      flagCounts[k]! > 0 ? [[name, flagCounts[k]!] as [string, number]] : [],
    ),
    limit,
  );
  // Per range that is set, the customers of all the filters and of the others without it.
  const ranges = rangeCounts(filters, total, (f) => matchingOf(book, f).total);
  return { lists, toggles, flags, total, ...(ranges && { ranges }) };
}
