/**
 * Customers' firm records (the `customers` row a customer's firmographics come from, by import
 * and customer ID: customer-book.ts firmRecord) read a batch at a time: one statement for a few
 * hundred customers, a VALUES list joined with the customers key, costs about a third of as many
 * seeks through better-sqlite3 (100k-row bench, 33k records: CPU 280 ms -> 97 ms). For readers of
 * every customer in scope (an export); a page reads its few by seeks.
 */
import type { Statement } from 'better-sqlite3';
import type { DB } from '../cache/db';
import { firmRecord, type CustomerBook } from './customer-book';

/** Customers a statement reads. */
export const RECORD_BATCH = 256;

/**
 * A reader of `columns` (allow-listed names, never user input) of customers' firm records: the
 * cells of each customer given, in the order given.
 */
export function recordReader(
  db: DB,
  book: CustomerBook,
  columns: readonly string[],
): (customers: ArrayLike<number>) => unknown[][] {
  const statements = new Map<number, Statement<unknown[]>>();
  const statement = (n: number) => {
    let s = statements.get(n);
    if (!s) {
      s = db
        .prepare(
          `WITH k(i, import_id, customer_id) AS (VALUES ${Array<string>(n).fill('(?, ?, ?)').join(', ')})
           SELECT k.i, ${columns.map((c) => `c.${c}`).join(', ')} FROM k CROSS JOIN customers c
             ON c.import_id = k.import_id AND c.customer_id = k.customer_id`,
        )
        .raw();
      statements.set(n, s);
    }
    return s;
  };
  return (customers) => {
    const out = new Array<unknown[]>(customers.length);
    for (let from = 0; from < customers.length; from += RECORD_BATCH) {
      const n = Math.min(RECORD_BATCH, customers.length - from);
      const params: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const { importId, customerId } = firmRecord(book, customers[from + i]!);
        params.push(i, importId, customerId);
      }
      for (const row of statement(n).all(...params) as unknown[][])
        out[from + (row[0] as number)] = row.slice(1);
    }
    for (let i = 0; i < out.length; i++)
      if (!out[i]) throw new Error('a customer of the call list has no record in the workspace');
    return out;
  };
}
