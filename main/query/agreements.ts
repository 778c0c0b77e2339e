import type { DB } from '../cache/db';
import type { AgreementRowOut, AgreementsOut, AgreementsQuery } from '../../shared/api';
import { fiscalYearOf, todayIso } from '../../shared/domain/fiscal';
import { currentImports, currentRowsWhere, placeholders } from './current';
import { searchSql } from './filter-sql';
import { customerScopeWhere } from './scope';

const SORT_COLUMNS = {
  customerId: 'a.customer_id',
  accountName: 'c.account_name',
  agreementId: 'a.agreement_id',
  licenseProgram: 'a.license_program',
  product: 'a.product',
  endDate: 'a.end_date',
  expiringRevenue: 'a.expiring_revenue',
  status: 'status',
} as const;

/**
 * Agreements of the current agreements snapshot, with open/ended on the as-of date and the
 * customer's current propensity clusters, so renewals that are also Act Now stand out.
 */
export function agreements(db: DB, q: AgreementsQuery): AgreementsOut {
  const asOf = q.asOf ?? todayIso();
  const fy = fiscalYearOf(asOf);
  const ids = currentImports(db, asOf)
    .filter((i) => i.report === 'agreements')
    .map((i) => i.id);
  const parts = [`a.import_id IN (${placeholders(ids.length)})`];
  const params: unknown[] = [...ids];
  if (!q.all) {
    parts.push('a.end_date BETWEEN ? AND ?');
    params.push(fy.start, fy.end);
  }
  if (q.status) {
    parts.push(q.status === 'open' ? 'a.end_date >= ?' : 'a.end_date < ?');
    params.push(asOf);
  }
  if (q.licenseProgram?.length) {
    parts.push(`a.license_program IN (${placeholders(q.licenseProgram.length)})`);
    params.push(...q.licenseProgram);
  }
  if (q.endDate?.from) {
    parts.push('a.end_date >= ?');
    params.push(q.endDate.from);
  }
  if (q.endDate?.to) {
    parts.push('a.end_date <= ?');
    params.push(q.endDate.to);
  }
  const scope = q.filters ? customerScopeWhere(db, q.filters, 'a.customer_id', asOf) : null;
  if (scope) {
    parts.push(scope.sql);
    params.push(...scope.params);
  }
  // The grid's search, on the agreement's own columns: its ID instead of the domain.
  const search = searchSql(q.search, ['c.account_name', 'a.customer_id', 'a.agreement_id']);
  if (search) {
    parts.push(search.sql);
    params.push(...search.params);
  }
  const from = `FROM agreements a LEFT JOIN customers c ON c.import_id = a.import_id AND c.customer_id = a.customer_id WHERE ${parts.join(' AND ')}`;
  const total = (db.prepare(`SELECT COUNT(*) AS n ${from}`).get(...params) as { n: number }).n;
  const order = (q.sort ?? [{ field: 'endDate', dir: 'asc' }])
    .map((s) => `${SORT_COLUMNS[s.field]} ${s.dir === 'desc' ? 'DESC' : 'ASC NULLS LAST'}`)
    .concat('a.line')
    .join(', ');
  const rows = db
    .prepare(
      `SELECT a.customer_id AS customerId, c.account_name AS accountName, a.agreement_id AS agreementId,
         a.license_program AS licenseProgram, a.product, a.end_date AS endDate, a.expiration_type AS expirationType,
         a.expiring_revenue AS expiringRevenue,
         CASE WHEN a.end_date IS NULL THEN NULL WHEN a.end_date >= ? THEN 'open' ELSE 'ended' END AS status
       ${from} ORDER BY ${order} LIMIT ? OFFSET ?`,
    )
    .all(asOf, ...params, q.limit ?? 100, q.offset ?? 0) as Omit<AgreementRowOut, 'clusters'>[];
  const current = currentRowsWhere(db, 'p', asOf, { oneCustomer: true });
  const clusterStmt = db.prepare(
    `SELECT p.product, p.cluster FROM propensity p WHERE ${current.sql} AND p.customer_id = ? AND p.cluster IS NOT NULL`,
  );
  const licensePrograms = db
    .prepare(
      `SELECT DISTINCT license_program FROM agreements WHERE import_id IN (${placeholders(ids.length)})
         AND license_program IS NOT NULL ORDER BY 1`,
    )
    .pluck()
    .all(...ids) as string[];
  return {
    total,
    fiscalYear: fy.name,
    licensePrograms,
    rows: rows.map((r) => ({
      ...r,
      clusters: Object.fromEntries(
        (clusterStmt.all(...current.params, r.customerId) as { product: string; cluster: string }[]).map(
          (x) => [x.product, x.cluster],
        ),
      ),
    })),
  };
}
