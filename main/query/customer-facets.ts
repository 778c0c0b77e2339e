/**
 * The call list's facets: every count is of customers, each facet under the other filters (its
 * own left out), in one pass over the book. Per customer, the customer tests that fail are
 * counted (a customer failing only a facet's own filter still counts in that facet); per
 * product row, the row tests that fail, so that a product-level facet counts a customer once per
 * value among its rows that pass the other filters, and a yes/no count replaces its own filter.
 * customer-reference-facets.ts is the meaning; the differential tests hold the two together.
 */
import type { DB } from '../cache/db';
import { FACET_FIELDS, type FacetField, type Filters } from '../../shared/filters';
import type { FacetsOut } from '../../shared/api';
import { todayIso } from '../../shared/domain/fiscal';
import { ROW_BITS, type CustomerBook, type RowField } from './customer-book';
import type { Codes } from './customer-rank';
import { failures, matchingOf, planOf, type CustomerListField } from './customer-filters';
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

/** Per-call work arrays of a book, kept with it: a facets call allocates none of its size. */
const scratch = new WeakMap<
  CustomerBook,
  { rowFails: Uint8Array; rowFailed: Int8Array; cFails: Uint8Array; cFailed: Int8Array }
>();

/** What the facets' one pass reads and counts into. */
interface Tally {
  n: number;
  rowStart: Uint32Array;
  rowBits: Uint8Array;
  eos: Uint8Array;
  customerOf: Uint32Array;
  cFails: Uint8Array;
  cFailed: Int8Array;
  rowFails: Uint8Array;
  rowFailed: Int8Array;
  eosWant: number;
  rowFiltered: boolean;
  toggleOf: Uint8Array;
  toggleFails: Uint8Array;
  toggleCounts: number[];
  rowFields: number[];
  rowCodes: Codes[];
  rowCounts: Float64Array[];
  stamps: Int32Array[];
  customerFields: number[];
  customerCodes: Codes[];
  customerCounts: Float64Array[];
  flagSets: Uint8Array[];
  flagStamp: Int32Array;
  flagCounts: Float64Array;
}

/**
 * The pass over every customer and its rows (a function of its own, so that the engine optimises
 * it once for every filter set): customers failing two tests or more count nowhere; one failing
 * a facet's own filter counts in that facet only; a row likewise for the product-level facets.
 */
function tally(t: Tally): { total: number; eosCount: number } {
  const { rowStart, rowBits, eos, customerOf, cFails, cFailed, rowFails, rowFailed, eosWant, rowFiltered } =
    t;
  const { toggleOf, toggleFails, toggleCounts, rowFields, rowCodes, rowCounts, stamps } = t;
  const { customerFields, customerCodes, customerCounts, flagSets, flagStamp, flagCounts } = t;
  let total = 0;
  let eosCount = 0;
  for (let c = 0; c < t.n; c++) {
    const cf = cFails[c]!;
    if (cf > 1) continue;
    // cFailed is a customer-level facet when one test failed (-1: a test with no facet).
    const cFailedF = cf === 1 ? cFailed[c]! : -2;
    const eosOk = eosWant < 0 || eos[c] === eosWant;
    let anyRow = !rowFiltered;
    let rowToggles = 0;
    for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++) {
      const fails = rowFails[j]!;
      if (fails > 1) continue;
      const bits = rowBits[j]!;
      if (fails === 0) rowToggles |= toggleOf[bits]!;
      if (toggleFails[bits]) continue;
      if (fails === 0) anyRow = true;
      if (cf !== 0 || !eosOk) continue;
      // Product-level facets: the row's value counts where the row passes all but the facet's own filter.
      const failedF = fails === 0 ? -2 : rowFailed[j]!;
      for (let x = 0; x < rowFields.length; x++)
        if (fails === 0 || failedF === rowFields[x]) {
          const code = rowCodes[x]![j]!;
          const stamp = stamps[x]!;
          if (stamp[code] !== c) {
            stamp[code] = c;
            rowCounts[x]![code]!++;
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
      for (let x = 0; x < customerFields.length; x++)
        if (cf === 0 || cFailedF === customerFields[x]) customerCounts[x]![customerCodes[x]![c]!]!++;
    if (cf !== 0) continue;
    if (anyRow && eosOk) total++;
    if (anyRow && eos[c]) eosCount++;
    if (eosOk && rowToggles) for (let k = 0; k < 4; k++) if (rowToggles & (1 << k)) toggleCounts[k]!++;
  }
  return { total, eosCount };
}

function facetsOf(book: CustomerBook, filters: Filters, limit: number): FacetsOut {
  // The yes/no counts replace their own filter by "yes": their tests are planned as such, apart.
  const base: Filters = { ...filters };
  for (const t of TOGGLES) delete base[t];
  delete base.eos;
  const plan = planOf(book, base);
  const toggleWant = TOGGLES.map((k) => {
    const v = filters[k];
    return v === undefined ? -1 : v ? ROW_BITS[k] : 0;
  });
  const toggleBit = TOGGLES.map((k) => ROW_BITS[k]);
  // Without product-level filters a customer needs no product (one found only in agreements counts).
  const rowFiltered = plan.row.length > 0 || toggleWant.some((w) => w >= 0);
  const eosWant = filters.eos === undefined ? -1 : filters.eos ? 1 : 0;

  let work = scratch.get(book);
  if (!work) {
    const m = book.rowBits.length;
    work = {
      rowFails: new Uint8Array(m),
      rowFailed: new Int8Array(m),
      cFails: new Uint8Array(book.n),
      cFailed: new Int8Array(book.n),
    };
    scratch.set(book, work);
  }
  const { rowFails, rowFailed, cFails, cFailed } = work;
  failures(plan.customer, cFails, cFailed);
  failures(plan.row, rowFails, rowFailed);

  const rowFields = FACET_FIELDS.flatMap((f, k) => ('row' in FACET_SOURCE[f] ? [k] : []));
  const customerFields = FACET_FIELDS.flatMap((f, k) => ('row' in FACET_SOURCE[f] ? [] : [k]));
  const rowCodes = rowFields.map((k) => book.rows[(FACET_SOURCE[FACET_FIELDS[k]!] as { row: RowField }).row]);
  const rowCounts = rowCodes.map((r) => new Float64Array(r.dict.length));
  // Per customer, the values a product-level facet has already counted (stamped with the customer).
  const stamps = rowCodes.map((r) => new Int32Array(r.dict.length).fill(-1));
  const customerCols = customerFields.map(
    (k) => book.columns[(FACET_SOURCE[FACET_FIELDS[k]!] as { customer: CustomerListField }).customer],
  );
  const customerCounts = customerCols.map((col) => new Float64Array(col.size + 1));
  const flagSets = book.flags.map((f) => f.records);
  const flagStamp = new Int32Array(flagSets.length).fill(-1);
  const flagCounts = new Float64Array(flagSets.length);
  const toggleCounts = [0, 0, 0, 0];
  // Per value of a row's bits: whether its own yes/no filters fail, and which yes/no counts a
  // row passing the other filters adds to (its own filter replaced by "yes").
  const toggleFails = new Uint8Array(16);
  const toggleOf = new Uint8Array(16);
  for (let bits = 0; bits < 16; bits++) {
    const failing = TOGGLES.flatMap((_, k) =>
      toggleWant[k]! >= 0 && (bits & toggleBit[k]!) !== toggleWant[k] ? [k] : [],
    );
    toggleFails[bits] = failing.length;
    for (let k = 0; k < 4; k++)
      if ((failing.length === 0 || (failing.length === 1 && failing[0] === k)) && bits & toggleBit[k]!)
        toggleOf[bits]! |= 1 << k;
  }

  const { total, eosCount } = tally({
    n: book.n,
    rowStart: book.rowStart,
    rowBits: book.rowBits,
    eos: book.eos,
    customerOf: book.parts.customerOf,
    cFails,
    cFailed,
    rowFails,
    rowFailed,
    eosWant,
    rowFiltered,
    toggleOf,
    toggleFails,
    toggleCounts,
    rowFields,
    rowCodes: rowCodes.map((r) => r.codes),
    rowCounts,
    stamps,
    customerFields,
    customerCodes: customerCols.map((col) => col.codes),
    customerCounts,
    flagSets,
    flagStamp,
    flagCounts,
  });
  const toggles = { whitespace: 0, upsell: 0, eos: eosCount, mismatch: 0, movedIntoActNow: 0 };
  TOGGLES.forEach((t, k) => (toggles[t] = toggleCounts[k]!));

  const lists: FacetsOut['lists'] = {};
  FACET_FIELDS.forEach((field, k) => {
    const entries: [string | null, number][] = [];
    const x = rowFields.indexOf(k);
    if (x >= 0) {
      const dict = rowCodes[x]!.dict;
      rowCounts[x]!.forEach((n, c) => n > 0 && entries.push([dict[c] as string | null, n]));
    } else {
      const y = customerFields.indexOf(k);
      const { dict, size } = customerCols[y]!;
      customerCounts[y]!.forEach((n, c) => n > 0 && entries.push([c === size ? null : String(dict![c]), n]));
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
