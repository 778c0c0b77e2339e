/**
 * The call list: one row per customer present in any current report (agreements included),
 * with its current products, agreements, flags, movement and priority (shared/domain/priority.ts).
 * The whole book is built once per data version, as-of date and weights, then filtered,
 * sorted and paged from memory.
 */
import type { DB } from '../cache/db';
import { FACET_FIELDS, type Filters } from '../../shared/filters';
import type { FacetsOut } from '../../shared/api';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { CLUSTERS } from '../../shared/domain/matrix';
import { fiscalYearOf, todayIso } from '../../shared/domain/fiscal';
import {
  DEFAULT_PRIORITY_WEIGHTS,
  PriorityWeights,
  bestCluster,
  percentileRanks,
  priorityOf,
  type PriorityFacts,
} from '../../shared/domain/priority';
import type {
  CustomerAgreement,
  CustomerDetail,
  CustomerProduct,
  CustomerRow,
  CustomerSort,
  CustomersQuery,
  CustomersResult,
  ProductHistoryPoint,
} from '../../shared/customers';
import { currentImports, currentRowsWhere, placeholders, previousImport } from './current';
import { whereOf } from './rows';
import { LIST_COLUMNS, activeFilters, topValues } from './query-model';
import { FACET_LIMIT } from './facets';
import { agreementScope } from './export-queries';
import { memo, memoLarge } from './memo';

export class CustomerNotFound extends Error {}

/** Filters that describe a product row: a customer matches when one of its products matches them all at once. */
const PRODUCT_LEVEL: ReadonlySet<string> = new Set([
  'product',
  'cluster',
  'computedCluster',
  'cell',
  'flag',
  'whitespace',
  'upsell',
  'mismatch',
  'movedIntoActNow',
]);

/** The priority weights in the workspace's settings, else the defaults of domain.md. */
export function readPriorityWeights(db: DB): PriorityWeights {
  const row = db.prepare("SELECT value FROM settings WHERE key = 'priority'").get() as
    { value: string } | undefined;
  if (!row) return DEFAULT_PRIORITY_WEIGHTS;
  const parsed = PriorityWeights.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_PRIORITY_WEIGHTS;
}

interface FirmRow {
  customerId: string;
  accountName: string | null;
  domain: string | null;
  country: string | null;
  area: string | null;
  salesTerritory: string | null;
  industry: string | null;
  vertical: string | null;
  orgSize: number | null;
  segment: string | null;
  extra: string | null;
  snapshot: string;
  importId: number;
}

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

interface Book {
  rows: CustomerRow[];
  byId: Map<string, CustomerRow>;
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
         c.sub_segment AS segment, c.extra, i.snapshot, i.id AS importId
       FROM customers c JOIN imports i ON i.id = c.import_id WHERE c.import_id IN (${placeholders(ids.length)})`,
    )
    .iterate(...ids) as IterableIterator<FirmRow>) {
    const had = firm.get(r.customerId);
    if (!had || r.snapshot > had.snapshot || (r.snapshot === had.snapshot && r.importId > had.importId))
      firm.set(r.customerId, r);
  }

  const cur = currentRowsWhere(db, 'p', asOf);
  const products = group(
    db
      .prepare(
        `SELECT p.customer_id AS customerId, p.product, p.cluster, p.computed_cluster AS computedCluster,
           p.fit, p.intent, p.whitespace, p.upsell, p.ws_revenue AS whitespaceRevenue, p.ws_estimated AS estimated
         FROM propensity p WHERE ${cur.sql}`,
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
           AND a.end_date IS NOT NULL AND a.end_date >= ?`,
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
    extra: new Map(customerIds.map((id) => [id, firm.get(id)!.extra])),
  };
}

function bookOf(db: DB, asOf: string): Book {
  const weights = readPriorityWeights(db);
  return memoLarge(db, `customers\u0000${asOf}\u0000${JSON.stringify(weights)}`, () =>
    buildBook(db, asOf, weights),
  );
}

/** The customers in scope: by their product rows when a product-level filter is set, else by their records. */
function scopeOf(db: DB, filters: Filters, asOf: string): Set<string> | null {
  const active = activeFilters(filters);
  if (!active.length) return null;
  const key = `customer-scope\u0000${asOf}\u0000${JSON.stringify(filters)}`;
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
function matching(db: DB, book: Book, filters: Filters, asOf: string): CustomerRow[] {
  const { eos, ...rest } = filters;
  const scope = scopeOf(db, rest, asOf);
  if (!scope && eos === undefined) return book.rows;
  return book.rows.filter((r) => (!scope || scope.has(r.customerId)) && (eos === undefined || r.eos === eos));
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

export function queryCustomers(db: DB, q: CustomersQuery): CustomersResult {
  const asOf = q.asOf ?? todayIso();
  const sort: CustomerSort = q.sort?.length ? q.sort : [{ field: 'priority', dir: 'desc' }];
  const ordered = memoLarge(
    db,
    `customers-order\u0000${asOf}\u0000${JSON.stringify([q.filters, sort])}`,
    () => {
      const book = bookOf(db, asOf);
      const rows = matching(db, book, q.filters ?? {}, asOf);
      return (rows === book.rows ? [...rows] : rows).sort(comparator(sort));
    },
  );
  const offset = q.offset ?? 0;
  return { total: ordered.length, rows: ordered.slice(offset, offset + (q.limit ?? 100)) };
}

/** Every customer in scope, in order (for CSV lists of any size). */
export function allCustomers(db: DB, q: Omit<CustomersQuery, 'offset' | 'limit'>): CustomerRow[] {
  const r = queryCustomers(db, { ...q, offset: 0, limit: 0 });
  return queryCustomers(db, { ...q, offset: 0, limit: r.total }).rows;
}

/** One customer's whole story: every product across every snapshot in the workspace, oldest first. */
export function customerDetail(db: DB, customerId: string, asOf: string = todayIso()): CustomerDetail {
  const book = bookOf(db, asOf);
  const row = book.byId.get(customerId);
  if (!row) throw new CustomerNotFound(`no customer with ID ${customerId} in the current snapshots`);
  const history = memo(
    db,
    `customer-history\u0000${customerId}\u0000${asOf}`,
    () =>
      db
        .prepare(
          `SELECT p.product, i.snapshot, i.report, p.cluster, p.fit, p.intent, p.ws_revenue AS whitespaceRevenue
         FROM propensity p JOIN imports i ON i.id = p.import_id
         WHERE p.customer_id = ? AND i.snapshot <= ? ORDER BY i.snapshot, i.id`,
        )
        .all(customerId, asOf) as (ProductHistoryPoint & { product: string })[],
  );
  const products = new Map<string, ProductHistoryPoint[]>();
  for (const { product, ...point } of history) {
    const list = products.get(product) ?? [];
    list.push(point);
    products.set(product, list);
  }
  const current = currentImports(db, asOf);
  const agreementIds = current.filter((c) => c.report === 'agreements').map((c) => c.id);
  const agreements = db
    .prepare(
      `SELECT a.agreement_id AS agreementId, a.license_program AS licenseProgram, a.product, a.end_date AS endDate,
         a.expiration_type AS expirationType, a.expiring_revenue AS expiringRevenue, i.snapshot
       FROM agreements a JOIN imports i ON i.id = a.import_id
       WHERE a.import_id IN (${placeholders(agreementIds.length)}) AND a.customer_id = ?
       ORDER BY a.end_date, a.agreement_id`,
    )
    .all(...agreementIds, customerId) as CustomerAgreement[];
  const ids = current.map((c) => c.id);
  const flags = db
    .prepare(
      `SELECT DISTINCT n.name, n.kind FROM flags g JOIN flag_names n ON n.id = g.flag_id
       WHERE g.import_id IN (${placeholders(ids.length)}) AND g.customer_id = ? ORDER BY n.kind, n.name`,
    )
    .all(...ids, customerId) as { name: string; kind: string }[];
  const extraText = book.extra.get(customerId);
  const { products: currentProducts, ...rest } = row;
  return {
    ...rest,
    products: [...products.keys()].sort().map((product) => ({
      product,
      current: currentProducts[product] ?? null,
      history: products.get(product)!,
    })),
    agreements,
    flags,
    extra: extraText ? (JSON.parse(extraText) as Record<string, string>) : {},
  };
}

/** Facets of the call list: every count is of customers, under the other filters (a facet's own left out). */
export function customerFacets(
  db: DB,
  filters: Filters,
  asOf: string = todayIso(),
  limit = FACET_LIMIT,
): FacetsOut {
  return memo(db, `customer-facets\u0000${asOf}\u0000${limit}\u0000${JSON.stringify(filters)}`, () => {
    const book = bookOf(db, asOf);
    const inScope = (f: Filters): CustomerRow[] => matching(db, book, f, asOf);
    const lists: FacetsOut['lists'] = {};
    for (const field of FACET_FIELDS) {
      const others: Filters = { ...filters, [field]: undefined };
      const counts = new Map<string | null, number>();
      if (PRODUCT_LEVEL.has(field)) {
        // A customer counts once per value among its current products that match the other filters.
        const w = whereOf(db, others, { asOf });
        const col = LIST_COLUMNS[field];
        for (const r of db
          .prepare(
            `SELECT ${col} AS value, COUNT(DISTINCT p.customer_id) AS n FROM propensity p WHERE ${w.sql} GROUP BY ${col}`,
          )
          .all(...w.params) as { value: string | null; n: number }[])
          counts.set(r.value, r.n);
      } else {
        const key = field === 'subSegment' ? 'segment' : field;
        for (const r of inScope(others)) {
          const v = r[key as 'country' | 'area' | 'industry' | 'vertical' | 'segment'];
          counts.set(v, (counts.get(v) ?? 0) + 1);
        }
      }
      lists[field] = topValues([...counts], limit);
    }
    const toggle = (k: 'whitespace' | 'upsell' | 'eos' | 'mismatch' | 'movedIntoActNow') =>
      inScope({ ...filters, [k]: true }).length;
    const w = whereOf(db, filters, { asOf });
    const flags = db
      .prepare(
        `SELECT n.name, COUNT(DISTINCT p.customer_id) AS n FROM propensity p
         CROSS JOIN flags g ON g.import_id = p.import_id AND g.customer_id = p.customer_id
         CROSS JOIN flag_names n ON n.id = g.flag_id
         WHERE ${w.sql} GROUP BY n.name`,
      )
      .all(...w.params) as { name: string; n: number }[];
    return {
      lists,
      toggles: {
        whitespace: toggle('whitespace'),
        upsell: toggle('upsell'),
        eos: toggle('eos'),
        mismatch: toggle('mismatch'),
        movedIntoActNow: toggle('movedIntoActNow'),
      },
      flags: topValues(
        flags.map((f) => [f.name, f.n]),
        limit,
      ),
      total: inScope(filters).length,
    };
  });
}
