/** One customer's whole story for the detail panel and `ascent customer ID`. */
import type { DB } from '../cache/db';
import { todayIso } from '../../shared/domain/fiscal';
import type { CustomerAgreement, CustomerDetail, ProductHistoryPoint } from '../../shared/customers';
import type { Locale } from '../../shared/i18n/locales';
import { currentImports, placeholders } from './current';
import { textOf, type CustomerBook } from './customer-book';
import { customerRows } from './customer-page';
import { CustomerNotFound, bookFor, orderOf } from './customers';
import { memo } from './memo';

/** The book's number of a customer, found by its ID among the book's in their order. Null: not current. */
export function customerIndex(book: CustomerBook, customerId: string): number | null {
  // Customer IDs are unique: sorted by their ranks, they are in `<` order.
  const byId = orderOf(book, [{ field: 'customerId', dir: 'asc' }]);
  let lo = 0;
  let hi = byId.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (textOf(book, 'customerId', byId[mid]!)! < customerId) lo = mid + 1;
    else hi = mid;
  }
  const c = byId[lo];
  return c !== undefined && textOf(book, 'customerId', c) === customerId ? c : null;
}

/** One customer's whole story: every product across every snapshot in the workspace, oldest first; its reasons in `lang`. */
export function customerDetail(
  db: DB,
  customerId: string,
  asOf: string = todayIso(),
  given?: CustomerBook,
  lang: Locale = 'en',
): CustomerDetail {
  const book = given ?? bookFor(db, asOf);
  const c = customerIndex(book, customerId);
  if (c === null) throw new CustomerNotFound(`no customer with ID ${customerId} in the current snapshots`);
  const [{ row, extra: extraText }] = customerRows(db, book, [c], lang, { extra: true }) as [
    ReturnType<typeof customerRows>[number],
  ];
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
