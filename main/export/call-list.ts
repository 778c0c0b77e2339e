/**
 * The call list as exports read it: the customers in scope in priority order (main/query/
 * customers.ts: the book's order through the filters' mask, read back in pages), their products
 * as readable text, and the call list summed per sales territory (the Territories tab) from the
 * book's figures (query/customer-figures.ts) rather than a second read of every customer.
 */
import type { DB } from '../cache/db';
import { customerFigures } from '../query/customer-figures';
import { bookProducts } from '../query/customer-book-products';
import { FIRM_COLUMNS, customerReader, type FirmCells } from '../query/customer-page';
import { RECORD_BATCH, recordReader } from '../query/customer-records';
import { bookFor, queryCustomers, scopeInOrder } from '../query/customers';
import { memoAsync } from '../query/memo';
import { runInTurns, type Steps } from '../query/turns';
import { PRODUCTS } from '../../shared/domain/products';
import type { CustomerRow } from '../../shared/customers';
import type { Filters } from '../../shared/filters';
import type { Locale } from '../../shared/i18n/locales';
import type { Words } from './words';

/**
 * The customers in scope, highest priority first (the call list's own order), their reasons in
 * `lang`: one book, one order, each customer read back when it is wanted (its record in a batch
 * of a few hundred, its products from the book's rows), so that a row is garbage once written.
 */
export function* customersInOrder(
  db: DB,
  filters: Filters,
  asOf: string,
  lang: Locale = 'en',
): Generator<CustomerRow> {
  const book = bookFor(db, asOf);
  const read = customerReader(db, book, lang, { products: bookProducts(db, book) });
  const records = recordReader(db, book, FIRM_COLUMNS);
  const order = scopeInOrder(book, filters);
  for (let at = 0; at < order.length; at += RECORD_BATCH) {
    const batch = order.subarray(at, at + RECORD_BATCH);
    const firms = records(batch) as FirmCells[];
    for (let i = 0; i < batch.length; i++) yield read(batch[i]!, firms[i]).row;
  }
}

export function customerCount(db: DB, filters: Filters, asOf: string): number {
  return queryCustomers(db, { filters, asOf, offset: 0, limit: 0 }).total;
}

const ORDER = new Map<string, number>(PRODUCTS.map((p, i) => [p, i]));

/** "M365: Act Now; Azure: Evaluate": each current product with its cluster, in the products' order. */
export function productsText(r: CustomerRow, w: Words): string {
  return Object.keys(r.products)
    .sort((a, b) => (ORDER.get(a) ?? 99) - (ORDER.get(b) ?? 99) || a.localeCompare(b))
    .map((p) => {
      const c = r.products[p]!.cluster;
      return c ? `${p}: ${w.cluster(c)}` : p;
    })
    .join('; ');
}

export interface TerritoryRow {
  /** The customers' SalesTerritory; null for customers whose files name none. */
  territory: string | null;
  customers: number;
  actNow: number;
  evaluate: number;
  /** Whole cents, as every money total of the app. */
  whitespaceCents: number;
  expiringCents: number;
}

const cents = (v: number | null) => (v === null ? 0 : Math.round(v * 100));

/**
 * The call list in scope summed per sales territory: customers, those whose best cluster is Act
 * Now or Evaluate, their whitespace revenue and open expiring revenue (the Customers tab's
 * columns), in whole cents. Ordered by territory name, the customers without one last.
 */
export async function territoryRows(db: DB, filters: Filters, asOf: string): Promise<TerritoryRow[]> {
  // Remembered while the data is unchanged: the Summary counts the tab's rows before the tab is
  // written, and each pass seeks a column of every customer's record. Summed in turns: an export
  // in the service runs beside the requests of the UI.
  return memoAsync(
    db,
    `territories\u0000${asOf}\u0000${JSON.stringify(filters)}`,
    async () => (await runInTurns(sumTerritories(db, filters, asOf), () => false))!,
  );
}

function* sumTerritories(db: DB, filters: Filters, asOf: string): Steps<TerritoryRow[]> {
  const by = new Map<string | null, TerritoryRow>();
  let seen = 0;
  for (const r of customerFigures(db, filters, asOf)) {
    if ((++seen & 1023) === 0) yield;
    const key = r.salesTerritory?.trim() ? r.salesTerritory : null;
    let t = by.get(key);
    if (!t) {
      t = { territory: key, customers: 0, actNow: 0, evaluate: 0, whitespaceCents: 0, expiringCents: 0 };
      by.set(key, t);
    }
    t.customers++;
    if (r.bestCluster === 'Act Now') t.actNow++;
    if (r.bestCluster === 'Evaluate') t.evaluate++;
    t.whitespaceCents += cents(r.whitespaceRevenue);
    t.expiringCents += cents(r.expiringRevenue);
  }
  return [...by.values()].sort((a, b) =>
    a.territory === null ? 1 : b.territory === null ? -1 : a.territory.localeCompare(b.territory),
  );
}
