/**
 * The call list: one row per customer present in any current report (agreements included),
 * with its current products, agreements, flags, movement and priority (shared/domain/priority.ts).
 * Answered from the book (customer-book.ts): the filter masks (customer-filters.ts) and the sort
 * orders are passes over its arrays, and only the page's customers are read back in full
 * (customer-page.ts). The service hands in a book it built in turns (service/customer-book-life.ts);
 * without one (tests, the CLI) the book is built here at once and kept per data version.
 * The detail is customer-detail.ts, the facets customer-facets.ts.
 */
import type { DB } from '../cache/db';
import { todayIso } from '../../shared/domain/fiscal';
import { readPriorityWeights } from '../cache/settings';
import type { CustomerSort, CustomersQuery, CustomersResult } from '../../shared/customers';
import type { Filters } from '../../shared/filters';
import { dataVersionKey } from './current';
import { buildBook, type CustomerBook } from './customer-book';
import { matchingOf } from './customer-filters';
import { customerRows } from './customer-page';
import { sortByCodes } from './customer-rank';
import { runSteps } from './turns';
import { partsSteps } from './store/build';
import { Lru, memoLarge } from './memo';

export class CustomerNotFound extends Error {}

const bookKey = (asOf: string) => `customer-book\u0000${asOf}`;

/**
 * The book of the current data as of `asOf`, built at once with the row store's parts it reads
 * from (kept while the data is unchanged).
 */
export function bookFor(db: DB, asOf: string): CustomerBook {
  return memoLarge(db, bookKey(asOf), () => {
    // One read transaction: the book is one consistent view, as the service's is.
    const own = !db.inTransaction;
    if (own) db.exec('BEGIN');
    try {
      const parts = runSteps(partsSteps(db, asOf));
      return runSteps(buildBook(db, asOf, readPriorityWeights(db), parts));
    } finally {
      if (own) db.exec('COMMIT');
    }
  });
}

/**
 * Lends a book built on another connection to the same workspace (the service's, built in turns)
 * to `db`, so that bookFor(db) answers it instead of building a second one: only while `db`
 * sees the data it was built from (its key), as every memo. An export's connection borrows it.
 */
export function lendBook(db: DB, book: CustomerBook): boolean {
  if (book.key !== dataVersionKey(db, book.asOf)) return false;
  return memoLarge(db, bookKey(book.asOf), () => book) === book;
}

export const DEFAULT_CUSTOMER_SORT: CustomerSort = [{ field: 'priority', dir: 'desc' }];

const orders = new WeakMap<CustomerBook, Lru<Uint32Array>>();

/**
 * Every customer in a sort's order, ties by account name then customer ID, blanks last either
 * way: counting-sort passes over the ranks from the last key to the first, starting from the
 * tie order (≈ 5 ms a key at 500k). A few orders are kept per book.
 */
export function orderOf(book: CustomerBook, sort: CustomerSort): Uint32Array {
  let lru = orders.get(book);
  if (!lru) orders.set(book, (lru = new Lru(12)));
  return lru.get(JSON.stringify(sort), () => {
    let order = book.tie;
    for (let level = sort.length - 1; level >= 0; level--) {
      const { field, dir } = sort[level]!;
      const col = book.columns[field];
      order = sortByCodes(order, col.codes, col.size, dir === 'desc');
    }
    return order;
  });
}

/** Positions [offset, offset + limit) of the customers a mask passes, in `order`. */
export function pageOf(order: Uint32Array, mask: Uint8Array | null, offset: number, limit: number): number[] {
  const out: number[] = [];
  if (!mask) {
    for (let j = offset; j < order.length && out.length < limit; j++) out.push(order[j]!);
    return out;
  }
  for (let j = 0, seen = 0; j < order.length && out.length < limit; j++) {
    const c = order[j]!;
    if (mask[c] && seen++ >= offset) out.push(c);
  }
  return out;
}

/** Every customer `filters` passes, in `sort`'s order (by default the call list's): an export's whole list. */
export function scopeInOrder(
  book: CustomerBook,
  filters: Filters,
  sort: CustomerSort = DEFAULT_CUSTOMER_SORT,
): Uint32Array {
  const order = orderOf(book, sort);
  const { mask, total } = matchingOf(book, filters);
  if (!mask) return order;
  const out = new Uint32Array(total);
  for (let j = 0, k = 0; j < order.length; j++) if (mask[order[j]!]) out[k++] = order[j]!;
  return out;
}

export function queryCustomers(db: DB, q: CustomersQuery, given?: CustomerBook): CustomersResult {
  const asOf = q.asOf ?? todayIso();
  const book = given ?? bookFor(db, asOf);
  const sort: CustomerSort = q.sort?.length ? q.sort : DEFAULT_CUSTOMER_SORT;
  const { mask, total } = matchingOf(book, q.filters ?? {});
  const page = pageOf(orderOf(book, sort), mask, q.offset ?? 0, q.limit ?? 100);
  return { total, rows: customerRows(db, book, page, q.lang).map((r) => r.row) };
}
