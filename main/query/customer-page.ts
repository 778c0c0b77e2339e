/**
 * A page's customers in full: the book (customer-book.ts) holds their ranks and codes, SQLite
 * their values. Each customer is read back by a few index seeks (its record by import and
 * customer ID, its products by customer ID, its agreements and flags by import and customer ID)
 * and its priority worded by the rule (shared/domain/priority.ts), with the figures the book
 * ranked it by, in the language asked (only a page is worded: the book keeps no sentence).
 */
import type { DB } from '../cache/db';
import { fiscalYearOf } from '../../shared/domain/fiscal';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { bestCluster } from '../../shared/domain/priority';
import { priorityOf } from '../../shared/i18n/reasons';
import type { CustomerProduct, CustomerRow } from '../../shared/customers';
import type { Locale } from '../../shared/i18n/locales';
import { placeholders } from './current';
import { ROW_BITS, firmRecord, rowSlot, type CustomerBook } from './customer-book';

const cents = (v: number | null): number => (v === null ? 0 : Math.round(v * 100));

interface ProductRead {
  importId: number;
  product: string;
  cluster: string | null;
  computedCluster: string | null;
  fit: number | null;
  intent: number | null;
  whitespace: number;
  upsell: number;
  whitespaceRevenue: number | null;
  estimated: number;
}

/** The prepared reads of one book's pages (statements are cached by better-sqlite3 per text anyway). */
function reads(db: DB, book: CustomerBook) {
  const propensityIds = book.imports.filter((c) => PROPENSITY_REPORTS.includes(c.report)).map((c) => c.id);
  const agreementIds = book.imports.filter((c) => c.report === 'agreements').map((c) => c.id);
  return {
    firm: db.prepare(
      `SELECT customer_id AS customerId, account_name AS accountName, domain, country, area,
         sales_territory AS salesTerritory, industry, vertical, org_size AS orgSize, sub_segment AS segment, extra
       FROM customers WHERE import_id = ? AND customer_id = ?`,
    ),
    products: db.prepare(
      `SELECT import_id AS importId, product, cluster, computed_cluster AS computedCluster, fit, intent, whitespace,
         upsell, ws_revenue AS whitespaceRevenue, ws_estimated AS estimated
       FROM propensity WHERE customer_id = ? AND +import_id IN (${placeholders(propensityIds.length)}) ORDER BY product, import_id`,
    ),
    propensityIds,
    agreements: db.prepare(
      `SELECT agreement_id AS agreementId, license_program AS licenseProgram, end_date AS endDate,
         expiring_revenue AS expiringRevenue FROM agreements
       WHERE import_id IN (${placeholders(agreementIds.length)}) AND customer_id = ? AND end_date IS NOT NULL AND end_date >= ?
       ORDER BY import_id, line`,
    ),
    agreementIds,
    eos: db
      .prepare(
        `SELECT DISTINCT n.name FROM flags g JOIN flag_names n ON n.id = g.flag_id AND n.kind = 'eos'
         WHERE g.import_id IN (${placeholders(propensityIds.length)}) AND g.customer_id = ? ORDER BY n.name`,
      )
      .pluck(),
  };
}

/** Customers of the book in full, their reasons worded in `lang`, and their records' unknown columns (JSON text). */
export function customerRows(
  db: DB,
  book: CustomerBook,
  customers: readonly number[],
  lang: Locale = 'en',
): { row: CustomerRow; extra: string | null }[] {
  const r = reads(db, book);
  const fy = fiscalYearOf(book.asOf);
  return customers.map((c) => {
    const record = firmRecord(book, c);
    const { extra, ...firm } = r.firm.get(record.importId, record.customerId) as Omit<
      CustomerRow,
      | 'products'
      | 'bestCluster'
      | 'whitespaceRevenue'
      | 'estimated'
      | 'nextAgreementEnd'
      | 'expiringRevenue'
      | 'eos'
      | 'movedIntoActNow'
      | 'priority'
      | 'why'
    > & { extra: string | null };
    let mine = r.products.all(firm.customerId, ...r.propensityIds) as ProductRead[];
    // Rows a winning report replaces are not current (current.ts currentRowsWhere).
    if (book.shadows.length)
      mine = mine.filter(
        (p) =>
          !book.shadows.some(
            (s) =>
              s.loser === p.importId &&
              s.product === p.product &&
              mine.some((q) => q.importId === s.winner && q.product === p.product),
          ),
      );
    const products: Record<string, CustomerProduct> = {};
    let wsCents = 0;
    let wsAny = false;
    let estimated = false;
    let hot = 0;
    for (const p of mine) {
      products[p.product] = {
        cluster: p.cluster,
        computedCluster: p.computedCluster,
        fit: p.fit,
        intent: p.intent,
        whitespace: p.whitespace === 1,
        upsell: p.upsell === 1,
        whitespaceRevenue: p.whitespaceRevenue,
        estimated: p.estimated === 1,
      };
      if (p.whitespace === 1 && p.whitespaceRevenue !== null) {
        wsCents += cents(p.whitespaceRevenue);
        wsAny = true;
        if (p.estimated === 1) estimated = true;
      }
      if (p.whitespace === 1 && (p.cluster === 'Act Now' || p.cluster === 'Evaluate'))
        hot += cents(p.whitespaceRevenue);
    }
    // Movement is the book's (it compared with the previous snapshots once for all customers).
    const moved: { product: string; since: string }[] = [];
    const { rows, rowStart, rowBits } = book;
    for (let j = rowStart[c]!; j < rowStart[c + 1]!; j++)
      if (rowBits[j]! & ROW_BITS.movedIntoActNow) {
        const importId = book.imports[rowSlot(book, j)]!.id;
        moved.push({
          product: rows.product.dict[rows.product.codes[j]!] as string,
          since: book.previousSnapshot.get(importId)!,
        });
      }
    moved.sort((a, b) => (a.product < b.product ? -1 : a.product > b.product ? 1 : 0));
    const open = r.agreements.all(...r.agreementIds, firm.customerId, book.asOf) as {
      agreementId: string | null;
      licenseProgram: string | null;
      endDate: string;
      expiringRevenue: number | null;
    }[];
    const inYear = open.filter((a) => a.endDate >= fy.start && a.endDate <= fy.end);
    const eos = r.eos.all(...r.propensityIds, firm.customerId) as string[];
    const { priority, why } = priorityOf(
      {
        products: mine.map((p) => ({ product: p.product, cluster: p.cluster, fit: p.fit, intent: p.intent })),
        moved,
        agreements: open,
        eos,
        whitespace: { revenue: hot / 100, rank: book.whitespaceBelow[c]! / book.n },
      },
      book.asOf,
      book.weights,
      lang,
    );
    return {
      extra,
      row: {
        ...firm,
        products,
        bestCluster: bestCluster(mine.map((p) => p.cluster)),
        whitespaceRevenue: wsAny ? wsCents / 100 : null,
        estimated,
        nextAgreementEnd: inYear.length
          ? inYear.reduce((m, a) => (a.endDate < m ? a.endDate : m), inYear[0]!.endDate)
          : null,
        expiringRevenue: inYear.some((a) => a.expiringRevenue !== null)
          ? inYear.reduce((s, a) => s + cents(a.expiringRevenue), 0) / 100
          : null,
        eos: eos.length > 0,
        movedIntoActNow: [...new Set(moved.map((m) => m.product))],
        priority,
        why,
      },
    };
  });
}
