/**
 * What an export sums over the call list without reading every customer in full (a page's read,
 * customer-page.ts, costs a few seeks and the reasons' wording a customer): the book's figures,
 * which are the page's by construction (best cluster, whitespace revenue, this fiscal year's
 * expiring revenue: the same rows, the same cents), and the sales territory, which the page takes
 * from the customer's firm record in SQLite (the book's comes from the row store's copy of the
 * product rows): one column of each customer's record, read in batches.
 */
import type { DB } from '../cache/db';
import { CLUSTERS, type Cluster } from '../../shared/domain/matrix';
import type { Filters } from '../../shared/filters';
import type { Ranked } from './customer-rank';
import { RECORD_BATCH, recordReader } from './customer-records';
import { bookFor, scopeInOrder } from './customers';

export interface CustomerFigures {
  salesTerritory: string | null;
  bestCluster: Cluster | null;
  /** As the call list's row has them (null: none). */
  whitespaceRevenue: number | null;
  expiringRevenue: number | null;
}

/** A ranked money column's value of customer c (the book keeps the values: cents / 100, as the page's). */
function valueAt(col: Ranked, c: number): number | null {
  const k = col.codes[c]!;
  return k === col.size ? null : (col.dict![k] as number);
}

/**
 * The figures of every customer `filters` passes, in the call list's order (a sum grouped by
 * territory then meets the territories in the order the list shows them); one object, reused.
 */
export function* customerFigures(
  db: DB,
  filters: Filters,
  asOf: string,
): Generator<Readonly<CustomerFigures>> {
  const book = bookFor(db, asOf);
  const territories = recordReader(db, book, ['sales_territory']);
  const { bestCluster, whitespaceRevenue, expiringRevenue } = book.columns;
  const out: CustomerFigures = {
    salesTerritory: null,
    bestCluster: null,
    whitespaceRevenue: null,
    expiringRevenue: null,
  };
  const order = scopeInOrder(book, filters);
  for (let at = 0; at < order.length; at += RECORD_BATCH) {
    const batch = order.subarray(at, at + RECORD_BATCH);
    const cells = territories(batch);
    for (let i = 0; i < batch.length; i++) {
      const c = batch[i]!;
      out.salesTerritory = (cells[i]![0] as string | null) ?? null;
      out.bestCluster = CLUSTERS[bestCluster.codes[c]!] ?? null;
      out.whitespaceRevenue = valueAt(whitespaceRevenue, c);
      out.expiringRevenue = valueAt(expiringRevenue, c);
      yield out;
    }
  }
}
