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

type Text = string | null;

const cents = (v: number | null): number => (v === null ? 0 : Math.round(v * 100));

/** A current product row of a customer, as the page reads it. */
export interface ProductRead {
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

/** A product row as read (raw): ProductRead's fields in its order. */
type ProductCells = [
  number,
  string,
  Text,
  Text,
  number | null,
  number | null,
  number,
  number,
  number | null,
  number,
];

/** The columns of a customer's record that are its firmographics, in CustomerRow's order. */
export const FIRM_COLUMNS = [
  'customer_id',
  'account_name',
  'domain',
  'country',
  'area',
  'sales_territory',
  'industry',
  'vertical',
  'org_size',
  'sub_segment',
] as const;

/** A customer record's firmographics as read (raw), then its unknown columns when asked for. */
export type FirmCells = [string, Text, Text, Text, Text, Text, Text, Text, number | null, Text, Text?];

/** The prepared reads of one book's pages; `extra`: the record's unknown columns too (the detail's). */
function reads(db: DB, book: CustomerBook, extra: boolean) {
  const propensityIds = book.imports.filter((c) => PROPENSITY_REPORTS.includes(c.report)).map((c) => c.id);
  const agreementIds = book.imports.filter((c) => c.report === 'agreements').map((c) => c.id);
  return {
    // Raw rows, made into objects here: better-sqlite3's named rows, spread into the answer, cost
    // more than the seeks when every customer is read (an export).
    firm: db
      .prepare(
        `SELECT ${[...FIRM_COLUMNS, ...(extra ? ['extra'] : [])].join(', ')}
         FROM customers WHERE import_id = ? AND customer_id = ?`,
      )
      .raw(),
    products: db
      .prepare(
        `SELECT import_id, product, cluster, computed_cluster, fit, intent, whitespace, upsell, ws_revenue, ws_estimated
         FROM propensity WHERE customer_id = ? AND +import_id IN (${placeholders(propensityIds.length)}) ORDER BY product, import_id`,
      )
      .raw(),
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

/** A customer's current product rows read from SQLite, the rows a winning report replaces left out. */
function sqlProducts(r: ReturnType<typeof reads>, book: CustomerBook): ProductSource {
  return (_c, customerId) => {
    const mine = (r.products.all(customerId, ...r.propensityIds) as ProductCells[]).map((p): ProductRead => ({
      importId: p[0],
      product: p[1],
      cluster: p[2],
      computedCluster: p[3],
      fit: p[4],
      intent: p[5],
      whitespace: p[6],
      upsell: p[7],
      whitespaceRevenue: p[8],
      estimated: p[9],
    }));
    // Rows a winning report replaces are not current (current.ts currentRowsWhere).
    if (!book.shadows.length) return mine;
    return mine.filter(
      (p) =>
        !book.shadows.some(
          (s) =>
            s.loser === p.importId &&
            s.product === p.product &&
            mine.some((q) => q.importId === s.winner && q.product === p.product),
        ),
    );
  };
}

/**
 * Where a customer's current product rows come from, in product then import order: SQLite by
 * default (a page: one read a customer), or the book's rows (customer-book-products.ts: an
 * export of every customer).
 */
export type ProductSource = (c: number, customerId: string) => ProductRead[];

/** Customers of the book in full (customerReader), their reasons worded in `lang`. */
export function customerRows(
  db: DB,
  book: CustomerBook,
  customers: readonly number[],
  lang: Locale = 'en',
  opts: { extra?: boolean } = {},
): { row: CustomerRow; extra: string | null }[] {
  const read = customerReader(db, book, lang, opts);
  return customers.map((c) => read(c));
}

/**
 * Reads customer c of the book in full, its reasons worded in `lang`, and with `opts.extra` its
 * record's unknown columns (JSON text; null without); its record's cells may be given, read in a
 * batch (customer-records.ts). A customer the book knows to have no open
 * agreement, or no end-of-service flag, is not asked for them: most customers cost two seeks.
 * An export reads its customers one by one through it, so that each row is garbage as soon as it
 * is written (a page of rows held would outlive the young generation and cost old-space sweeps).
 */
export function customerReader(
  db: DB,
  book: CustomerBook,
  lang: Locale = 'en',
  opts: { extra?: boolean; products?: ProductSource } = {},
): (c: number, record?: FirmCells) => { row: CustomerRow; extra: string | null } {
  const r = reads(db, book, opts.extra ?? false);
  const fy = fiscalYearOf(book.asOf);
  const { agreementStart } = book;
  const productsOf = opts.products ?? sqlProducts(r, book);
  return (c, record) => {
    let firm = record;
    if (!firm) {
      const { importId, customerId } = firmRecord(book, c);
      firm = r.firm.get(importId, customerId) as FirmCells;
    }
    const customerId = firm[0];
    const mine = productsOf(c, customerId);
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
    // The book holds each customer's open agreements' end days (the same lines as this read).
    const open = (
      agreementStart[c + 1]! > agreementStart[c]!
        ? r.agreements.all(...r.agreementIds, customerId, book.asOf)
        : []
    ) as {
      agreementId: string | null;
      licenseProgram: string | null;
      endDate: string;
      expiringRevenue: number | null;
    }[];
    const inYear = open.filter((a) => a.endDate >= fy.start && a.endDate <= fy.end);
    const eos = (book.eos[c] ? r.eos.all(...r.propensityIds, customerId) : []) as string[];
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
      extra: firm[10] ?? null,
      row: {
        customerId,
        accountName: firm[1],
        domain: firm[2],
        country: firm[3],
        area: firm[4],
        salesTerritory: firm[5],
        industry: firm[6],
        vertical: firm[7],
        orgSize: firm[8],
        segment: firm[9],
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
  };
}
