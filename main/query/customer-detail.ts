/** One customer's whole story for the detail panel and `ascent customer ID`. */
import type { DB } from '../cache/db';
import { todayIso } from '../../shared/domain/fiscal';
import type { CustomerAgreement, CustomerDetail, ProductHistoryPoint } from '../../shared/customers';
import { currentImports, placeholders } from './current';
import { CustomerNotFound, bookOf } from './customers';
import { memo } from './memo';

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
