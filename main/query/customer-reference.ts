/**
 * The call list's reference implementation: every customer as a whole object built from SQL,
 * filtered by SQL (a product filter through whereOf over the product rows), sorted by a
 * comparator. Too slow and too large at 500k customers for the service (customers.ts answers from
 * the book, customer-book.ts); kept as the meaning the fast path is held to by the differential
 * tests (test/integration/customers-book.test.ts), as SQL is for the row store. Slightly over
 * 400 lines: kept whole, as the first version was, so that it stays an independent reading.
 */
import type { DB } from '../cache/db';
import { BLANK, isActive, type Filters } from '../../shared/filters';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { CLUSTERS } from '../../shared/domain/matrix';
import { fiscalYearOf, todayIso } from '../../shared/domain/fiscal';
import {
  type PriorityWeights,
  bestCluster,
  percentileRanks,
  type PriorityFacts,
} from '../../shared/domain/priority';
import { priorityOf } from '../../shared/i18n/reasons';
import type {
  CustomerProduct,
  CustomerRow,
  CustomerSort,
  CustomersQuery,
  CustomersResult,
} from '../../shared/customers';
import { currentImports, currentRowsWhere, placeholders, previousImport } from './current';
import { whereOf } from './rows';
import { activeFilters } from './query-model';
import { agreementScope } from './export-queries';
import { memoLarge } from './memo';
import { firmBefore } from './customer-book';
import { readPriorityWeights } from '../cache/settings';

/** Filters that describe a product row: a customer matches when one of its products matches them all at once. */
export const PRODUCT_LEVEL: ReadonlySet<string> = new Set([
  'product',
  'cluster',
  'computedCluster',
  'cell',
  'flag',
  'whitespace',
  'upsell',
  'mismatch',
  'movedIntoActNow',
  'fit',
  'intent',
]);

/** Filters that describe the customer as the call list shows it, tested on its row (see customerTests). */
const ON_THE_ROW = [
  'eos',
  'salesTerritory',
  'orgSize',
  'whitespaceRevenue',
  'expiringRevenue',
  'agreementEnd',
] as const;
type OnTheRow = (typeof ON_THE_ROW)[number];

/** The filters tested on the customer's row, apart from the rest (which SQL tests). */
export function splitFilters(filters: Filters): { onRow: Pick<Filters, OnTheRow>; rest: Filters } {
  const rest: Filters = { ...filters };
  const onRow: Pick<Filters, OnTheRow> = {};
  for (const k of ON_THE_ROW) {
    delete rest[k];
    if (isActive(k, filters[k])) (onRow as Record<string, unknown>)[k] = filters[k];
  }
  return { onRow, rest };
}

const inRange = (
  v: number | string | null,
  lo: number | string | undefined,
  hi: number | string | undefined,
) => v !== null && (lo === undefined || v >= lo) && (hi === undefined || v <= hi);

/**
 * The customer-level meanings, on the row: end of service (any flag in a current report), the
 * sales territory, org size, whitespace revenue (its total) and expiring revenue (this fiscal
 * year's) within their ranges, an open agreement ending within the dates. A blank never matches a range.
 */
export function customerTests(book: Book, f: Pick<Filters, OnTheRow>): (r: CustomerRow) => boolean {
  const tests: ((r: CustomerRow) => boolean)[] = [];
  if (f.eos !== undefined) tests.push((r) => r.eos === f.eos);
  const territories = f.salesTerritory;
  if (territories?.length) tests.push((r) => territories.includes(r.salesTerritory ?? BLANK));
  for (const k of ['orgSize', 'whitespaceRevenue', 'expiringRevenue'] as const) {
    const range = f[k];
    if (range) tests.push((r) => inRange(r[k], range.min, range.max));
  }
  const dates = f.agreementEnd;
  if (dates)
    tests.push((r) =>
      (book.openEnds.get(r.customerId) ?? []).some((end) => inRange(end, dates.from, dates.to)),
    );
  return (r) => tests.every((t) => t(r));
}

/** A customer's record in one current import: the call list's firmographics, and where they come from. */
type FirmRow = Pick<
  CustomerRow,
  | 'customerId'
  | 'accountName'
  | 'domain'
  | 'country'
  | 'area'
  | 'salesTerritory'
  | 'industry'
  | 'vertical'
  | 'orgSize'
  | 'segment'
> & { extra: string | null; snapshot: string; importId: number };

interface ProductRow {
  customerId: string;
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

interface AgreementRow {
  customerId: string;
  agreementId: string | null;
  licenseProgram: string | null;
  endDate: string;
  expiringRevenue: number | null;
}

export interface Book {
  rows: CustomerRow[];
  byId: Map<string, CustomerRow>;
  /** Each customer's open agreements' end dates. */
  openEnds: Map<string, string[]>;
  /** The customer's record the firmographics come from (latest snapshot), for the detail's extra columns. */
  extra: Map<string, string | null>;
}

const cents = (v: number | null): number => (v === null ? 0 : Math.round(v * 100));

function group<T extends { customerId: string }>(rows: Iterable<T>): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.customerId);
    if (list) list.push(r);
    else m.set(r.customerId, [r]);
  }
  return m;
}

function buildBook(db: DB, asOf: string, weights: PriorityWeights): Book {
  const current = currentImports(db, asOf);
  const ids = current.map((c) => c.id);
  const agreementIds = current.filter((c) => c.report === 'agreements').map((c) => c.id);
  const propensityIds = current.filter((c) => PROPENSITY_REPORTS.includes(c.report)).map((c) => c.id);

  // Firmographics from the customer's latest current record (then the latest import).
  const firm = new Map<string, FirmRow>();
  for (const r of db
    .prepare(
      `SELECT c.customer_id AS customerId, c.account_name AS accountName, c.domain, c.country, c.area,
         c.sales_territory AS salesTerritory, c.industry, c.vertical, c.org_size AS orgSize,
         c.sub_segment AS segment, c.extra, i.snapshot, i.id AS importId, i.report
       FROM customers c JOIN imports i ON i.id = c.import_id WHERE c.import_id IN (${placeholders(ids.length)})`,
    )
    .iterate(...ids) as IterableIterator<FirmRow & { report: string }>) {
    const had = firm.get(r.customerId) as (FirmRow & { report: string }) | undefined;
    if (!had || firmBefore({ ...had, id: had.importId }, { ...r, id: r.importId })) firm.set(r.customerId, r);
  }

  const cur = currentRowsWhere(db, 'p', asOf);
  const products = group(
    db
      .prepare(
        `SELECT p.customer_id AS customerId, p.product, p.cluster, p.computed_cluster AS computedCluster,
           p.fit, p.intent, p.whitespace, p.upsell, p.ws_revenue AS whitespaceRevenue, p.ws_estimated AS estimated
         FROM propensity p WHERE ${cur.sql} ORDER BY p.customer_id, p.product, p.import_id`,
      )
      .iterate(...cur.params) as IterableIterator<ProductRow>,
  );

  // Moved into Act Now: Act Now now, in the report's previous snapshot too but not Act Now there.
  const moved = new Map<string, { product: string; since: string }[]>();
  for (const c of current.filter((x) => PROPENSITY_REPORTS.includes(x.report))) {
    const prev = previousImport(db, c);
    if (!prev) continue;
    const rows = db
      .prepare(
        `SELECT p.customer_id AS customerId, p.product FROM propensity p
         WHERE p.import_id = ? AND p.cluster = 'Act Now' AND ${cur.sql}
           AND EXISTS (SELECT 1 FROM customers pc WHERE pc.import_id = ? AND pc.customer_id = p.customer_id)
           AND NOT EXISTS (SELECT 1 FROM propensity pp WHERE pp.import_id = ? AND pp.customer_id = p.customer_id
                           AND pp.product = p.product AND pp.cluster = 'Act Now')`,
      )
      .all(c.id, ...cur.params, prev.id, prev.id) as { customerId: string; product: string }[];
    for (const r of rows) {
      const list = moved.get(r.customerId) ?? [];
      list.push({ product: r.product, since: prev.snapshot });
      moved.set(r.customerId, list);
    }
  }

  const agreements = group(
    db
      .prepare(
        `SELECT a.customer_id AS customerId, a.agreement_id AS agreementId, a.license_program AS licenseProgram,
           a.end_date AS endDate, a.expiring_revenue AS expiringRevenue
         FROM agreements a WHERE a.import_id IN (${placeholders(agreementIds.length)})
           AND a.end_date IS NOT NULL AND a.end_date >= ?
         ORDER BY a.import_id, a.line`,
      )
      .iterate(...agreementIds, asOf) as IterableIterator<AgreementRow>,
  );

  const eos = new Map<string, string[]>();
  for (const r of db
    .prepare(
      `SELECT DISTINCT g.customer_id AS customerId, n.name FROM flags g
       JOIN flag_names n ON n.id = g.flag_id AND n.kind = 'eos'
       WHERE g.import_id IN (${placeholders(propensityIds.length)}) ORDER BY n.name`,
    )
    .iterate(...propensityIds) as IterableIterator<{ customerId: string; name: string }>) {
    const list = eos.get(r.customerId) ?? [];
    list.push(r.name);
    eos.set(r.customerId, list);
  }

  // Movement by product (the order the fast path words it in).
  for (const list of moved.values())
    list.sort((a, b) => (a.product < b.product ? -1 : a.product > b.product ? 1 : 0));
  const fy = fiscalYearOf(asOf);
  const customerIds = [...firm.keys()];
  // Whitespace in Act Now and Evaluate products, ranked among all current customers.
  const hot = customerIds.map((id) =>
    (products.get(id) ?? [])
      .filter((p) => p.whitespace === 1 && (p.cluster === 'Act Now' || p.cluster === 'Evaluate'))
      .reduce((s, p) => s + cents(p.whitespaceRevenue), 0),
  );
  const ranks = percentileRanks(hot);

  const rows: CustomerRow[] = customerIds.map((id, k) => {
    const f = firm.get(id)!;
    const mine = products.get(id) ?? [];
    const byProduct: Record<string, CustomerProduct> = {};
    let wsCents = 0;
    let wsAny = false;
    let estimated = false;
    for (const p of mine) {
      byProduct[p.product] = {
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
    }
    const open = agreements.get(id) ?? [];
    const inYear = open.filter((a) => a.endDate >= fy.start && a.endDate <= fy.end);
    const facts: PriorityFacts = {
      products: mine.map((p) => ({ product: p.product, cluster: p.cluster, fit: p.fit, intent: p.intent })),
      moved: moved.get(id) ?? [],
      agreements: open,
      eos: eos.get(id) ?? [],
      whitespace: { revenue: hot[k]! / 100, rank: ranks[k]! },
    };
    const { priority, why } = priorityOf(facts, asOf, weights);
    return {
      customerId: id,
      accountName: f.accountName,
      domain: f.domain,
      country: f.country,
      area: f.area,
      salesTerritory: f.salesTerritory,
      industry: f.industry,
      vertical: f.vertical,
      orgSize: f.orgSize,
      segment: f.segment,
      products: byProduct,
      bestCluster: bestCluster(mine.map((p) => p.cluster)),
      whitespaceRevenue: wsAny ? wsCents / 100 : null,
      estimated,
      nextAgreementEnd: inYear.length
        ? inYear.reduce((m, a) => (a.endDate < m ? a.endDate : m), inYear[0]!.endDate)
        : null,
      expiringRevenue: inYear.some((a) => a.expiringRevenue !== null)
        ? inYear.reduce((s, a) => s + cents(a.expiringRevenue), 0) / 100
        : null,
      eos: (eos.get(id) ?? []).length > 0,
      movedIntoActNow: [...new Set((moved.get(id) ?? []).map((m) => m.product))],
      priority,
      why,
    };
  });
  return {
    rows,
    byId: new Map(rows.map((r) => [r.customerId, r])),
    openEnds: new Map([...agreements].map(([id, list]) => [id, list.map((a) => a.endDate)])),
    extra: new Map(customerIds.map((id) => [id, firm.get(id)!.extra])),
  };
}

export function referenceBook(db: DB, asOf: string): Book {
  const weights = readPriorityWeights(db);
  return memoLarge(db, `reference-customers\u0000${asOf}\u0000${JSON.stringify(weights)}`, () =>
    buildBook(db, asOf, weights),
  );
}

/** The customers in scope: by their product rows when a product-level filter is set, else by their records. */
function scopeOf(db: DB, filters: Filters, asOf: string): Set<string> | null {
  const active = activeFilters(filters);
  if (!active.length) return null;
  const key = `reference-customer-scope\u0000${asOf}\u0000${JSON.stringify(filters)}`;
  return memoLarge(db, key, () => {
    if (active.some((k) => PRODUCT_LEVEL.has(k))) {
      const w = whereOf(db, filters, { asOf });
      return new Set(
        db
          .prepare(`SELECT DISTINCT p.customer_id FROM propensity p WHERE ${w.sql}`)
          .pluck()
          .all(...w.params) as string[],
      );
    }
    // Firmographics and search only: customers of any current report, agreements included.
    const ids = currentImports(db, asOf).map((c) => c.id);
    const s = agreementScope(db, filters, 'a', asOf);
    return new Set(
      db
        .prepare(
          `SELECT DISTINCT a.customer_id FROM customers a WHERE a.import_id IN (${placeholders(ids.length)}) AND ${s.sql}`,
        )
        .pluck()
        .all(...ids, ...s.params) as string[],
    );
  });
}

/**
 * The book's customers the filters match. End of service describes the customer (any flag in a
 * current report), so it is tested on the customer; the rest through scopeOf.
 */
export function matching(db: DB, book: Book, filters: Filters, asOf: string): CustomerRow[] {
  const { onRow, rest } = splitFilters(filters);
  const scope = scopeOf(db, rest, asOf);
  if (!scope && !Object.keys(onRow).length) return book.rows;
  const test = customerTests(book, onRow);
  return book.rows.filter((r) => (!scope || scope.has(r.customerId)) && test(r));
}

const CLUSTER_RANK = new Map<string, number>(CLUSTERS.map((c, i) => [c, i]));

function sortValue(r: CustomerRow, field: CustomerSort[number]['field']): string | number | null {
  if (field === 'bestCluster')
    return r.bestCluster === null ? null : (CLUSTER_RANK.get(r.bestCluster) ?? null);
  if (field === 'eos') return r.eos ? 1 : 0;
  return r[field];
}

/** Compares by the sort, blanks last in either direction, then accountName and customerId. */
function comparator(sort: CustomerSort): (a: CustomerRow, b: CustomerRow) => number {
  const levels: CustomerSort = [
    ...sort,
    { field: 'accountName', dir: 'asc' },
    { field: 'customerId', dir: 'asc' },
  ];
  return (a, b) => {
    for (const { field, dir } of levels) {
      const x = sortValue(a, field);
      const y = sortValue(b, field);
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const c = x < y ? -1 : 1;
      return dir === 'asc' ? c : -c;
    }
    return 0;
  };
}

export function referenceCustomers(db: DB, q: CustomersQuery): CustomersResult {
  const asOf = q.asOf ?? todayIso();
  const sort: CustomerSort = q.sort?.length ? q.sort : [{ field: 'priority', dir: 'desc' }];
  const ordered = memoLarge(
    db,
    `reference-customers-order\u0000${asOf}\u0000${JSON.stringify([q.filters, sort])}`,
    () => {
      const book = referenceBook(db, asOf);
      const rows = matching(db, book, q.filters ?? {}, asOf);
      return (rows === book.rows ? [...rows] : rows).sort(comparator(sort));
    },
  );
  const offset = q.offset ?? 0;
  return { total: ordered.length, rows: ordered.slice(offset, offset + (q.limit ?? 100)) };
}
