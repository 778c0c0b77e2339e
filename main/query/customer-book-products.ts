/**
 * A customer's current product rows from the book rather than from SQLite (customer-page.ts
 * ProductSource), for a reader of every customer in scope (an export): a read per customer
 * costs more than the row's other work together. The book shares the row store's rows, which
 * are the current rows (a winning report's shadowed rows left out) in customer, product, import
 * order, their values as SQLite gave them: the rows and the order the page's read gives. The
 * one value the store does not hold, whether a row's whitespace revenue is the app's estimate,
 * is read once for all current rows, as a bit per rowid.
 */
import type { DB } from '../cache/db';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { ROW_BITS, rowSlot, type CustomerBook, type RowColumn } from './customer-book';
import type { ProductRead, ProductSource } from './customer-page';

/** The value of row j in a row column (its dictionary ends with NULL's entry). */
const at = <T>(col: RowColumn, j: number): T => col.dict[col.codes[j]!] as T;

export function bookProducts(db: DB, book: CustomerBook): ProductSource {
  const { rows, fit, intent, rowBits, rowStart, imports, parts } = book;
  const revenue = parts.columns.whitespaceRevenue;
  const revenueDict = [...revenue.dict!, null];
  const estimated = estimatedRows(db, book);
  const lo = estimated.lo;
  const bits = estimated.bits;
  return (c) => {
    const out: ProductRead[] = [];
    for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++) {
      const b = rowBits[j]!;
      const k = parts.rowids[j]! - lo;
      out.push({
        importId: imports[rowSlot(book, j)]!.id,
        product: at<string>(rows.product, j),
        cluster: at<string | null>(rows.cluster, j),
        computedCluster: at<string | null>(rows.computedCluster, j),
        fit: at<number | null>(fit, j),
        intent: at<number | null>(intent, j),
        whitespace: b & ROW_BITS.whitespace ? 1 : 0,
        upsell: b & ROW_BITS.upsell ? 1 : 0,
        whitespaceRevenue: revenueDict[revenue.codes[j]!] as number | null,
        estimated: (bits[k >>> 3]! >>> (k & 7)) & 1,
      });
    }
    return out;
  };
}

/**
 * The current rows whose whitespace revenue is estimated, as bits over the rowids from the
 * lowest current one: each import's rows lie in one range of rowids (written in one
 * transaction), read along it as the row store's build reads them.
 */
function estimatedRows(db: DB, book: CustomerBook): { lo: number; bits: Uint8Array } {
  const { rowids } = book.parts;
  const slots = book.imports.length;
  const first = new Float64Array(slots).fill(Infinity);
  const last = new Float64Array(slots).fill(-Infinity);
  for (let j = 0; j < rowids.length; j++) {
    const s = rowSlot(book, j);
    const id = rowids[j]!;
    if (id < first[s]!) first[s] = id;
    if (id > last[s]!) last[s] = id;
  }
  const used = [...first.keys()].filter((s) => first[s]! <= last[s]!);
  const lo = Math.min(...used.map((s) => first[s]!));
  const hi = Math.max(...used.map((s) => last[s]!));
  const bits = new Uint8Array(used.length ? Math.floor((hi - lo) / 8) + 1 : 0);
  const read = db
    .prepare(
      'SELECT rowid FROM propensity WHERE rowid BETWEEN ? AND ? AND +import_id = ? AND ws_estimated = 1',
    )
    .pluck();
  for (const s of used) {
    if (!PROPENSITY_REPORTS.includes(book.imports[s]!.report)) continue;
    for (const id of read.iterate(first[s], last[s], book.imports[s]!.id) as IterableIterator<number>) {
      const k = id - lo;
      bits[k >>> 3]! |= 1 << (k & 7);
    }
  }
  return { lo, bits };
}
