/** The call list on real SQLite files: one row per customer, the customer-level filters, the detail. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../main/ingest/import';
import { CustomerNotFound, queryCustomers } from '../../main/query/customers';
import { customerDetail } from '../../main/query/customer-detail';
import { customerFacets } from '../../main/query/customer-facets';
import { DEFAULT_PRIORITY_WEIGHTS } from '../../shared/domain/priority';
import { priorityOf } from '../../shared/i18n/reasons';
import { customerCommand, customersCommand } from '../../main/cli/customers';
import { m365Rows, sampleFiles, tempCache, tempDir, tsv, write } from './helpers';

const AS_OF = '2026-11-25';

describe('customers over resources/sample', () => {
  const { db } = tempCache();
  beforeAll(async () => {
    for (const f of sampleFiles()) expect((await importFile(db, f)).status).toBe('imported');
  }, 120_000); // six imports on a shared machine
  afterAll(() => db.close());

  const currentIds = () =>
    db
      .prepare(
        `SELECT DISTINCT customer_id FROM customers WHERE import_id IN (
           SELECT id FROM imports i WHERE snapshot <= ? AND id = (SELECT j.id FROM imports j
             WHERE j.report = i.report AND j.snapshot <= ? ORDER BY j.snapshot DESC, j.id DESC LIMIT 1))`,
      )
      .pluck()
      .all(AS_OF, AS_OF) as string[];

  it('lists every customer of every current report exactly once, agreements included', () => {
    const all = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 10_000 });
    const ids = currentIds();
    expect(all.total).toBe(ids.length);
    expect(new Set(all.rows.map((r) => r.customerId))).toEqual(new Set(ids));
  });

  it('orders by priority, then account name and ID, and pages without overlap', () => {
    const all = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 10_000 }).rows;
    for (let i = 1; i < all.length; i++) {
      const a = all[i - 1]!;
      const b = all[i]!;
      expect(a.priority >= b.priority).toBe(true);
      if (a.priority === b.priority && a.accountName !== null && b.accountName !== null)
        expect(a.accountName <= b.accountName).toBe(true);
    }
    const p1 = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 20 }).rows;
    const p2 = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 20, offset: 20 }).rows;
    expect([...p1, ...p2].map((r) => r.customerId)).toEqual(all.slice(0, 40).map((r) => r.customerId));
  });

  it('gathers products from several reports on one customer', () => {
    const all = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 10_000 }).rows;
    const multi = all.find((r) => r.products.M365 && r.products.Azure && r.products.D365BC);
    expect(multi).toBeTruthy();
    const rows = db
      .prepare(
        'SELECT product FROM propensity WHERE customer_id = ? AND import_id IN (SELECT id FROM imports)',
      )
      .pluck()
      .all(multi!.customerId) as string[];
    for (const p of Object.keys(multi!.products)) expect(rows).toContain(p);
  });

  it('matches a product and a cluster on the same product (M365 + Act Now = Act Now for M365)', () => {
    const r = queryCustomers(db, {
      filters: { product: ['M365'], cluster: ['Act Now'] },
      asOf: AS_OF,
      limit: 10_000,
    });
    expect(r.total).toBeGreaterThan(0);
    for (const c of r.rows) expect(c.products.M365?.cluster).toBe('Act Now');
    const all = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 10_000 }).rows;
    const actNowElsewhere = all.filter(
      (c) => c.products.M365 && c.products.M365.cluster !== 'Act Now' && c.bestCluster === 'Act Now',
    );
    expect(actNowElsewhere.length).toBeGreaterThan(0);
    const ids = new Set(r.rows.map((c) => c.customerId));
    for (const c of actNowElsewhere) expect(ids.has(c.customerId)).toBe(false);
    expect(r.total).toBe(all.filter((c) => c.products.M365?.cluster === 'Act Now').length);
  });

  it('filters by firmographics on each customer once', () => {
    const all = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 10_000 }).rows;
    const country = all.find((c) => c.country)!.country!;
    const r = queryCustomers(db, { filters: { country: [country] }, asOf: AS_OF, limit: 10_000 });
    expect(r.total).toBe(all.filter((c) => c.country === country).length);
    expect(r.total).toBeLessThan(all.length);
  });

  it('gives each customer the priority and reasons of the rule for its facts', () => {
    const all = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 10_000 }).rows;
    const top = all[0]!;
    expect(top.why.length).toBeGreaterThan(0);
    const d = customerDetail(db, top.customerId, AS_OF);
    const facts = {
      products: d.products
        .filter((p) => p.current)
        .map((p) => ({
          product: p.product,
          cluster: p.current!.cluster,
          fit: p.current!.fit,
          intent: p.current!.intent,
        })),
      moved: [],
      agreements: [],
      eos: [],
      whitespace: null,
    };
    // The cluster contribution alone is the first reason's points when it is the largest.
    const clusterOnly = priorityOf(facts, AS_OF, DEFAULT_PRIORITY_WEIGHTS);
    expect(top.priority).toBeGreaterThanOrEqual(clusterOnly.priority);
    expect(top.why).toContain(clusterOnly.why[0]);
  });

  it('counts customers in its facets, a facet under the other filters', () => {
    const all = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 10_000 }).rows;
    const f = customerFacets(db, {}, AS_OF);
    expect(f.total).toBe(all.length);
    const count = (list: { value: string; count: number }[] | undefined, v: string) =>
      list?.find((x) => x.value === v)?.count;
    expect(count(f.lists.product, 'Surface')).toBe(all.filter((c) => c.products.Surface).length);
    expect(f.lists.country!.reduce((s, v) => s + v.count, 0)).toBe(all.length);
    expect(f.toggles.eos).toBe(all.filter((c) => c.eos).length);
    const m = customerFacets(db, { product: ['M365'], cluster: ['Act Now'] }, AS_OF);
    // The cluster facet leaves its own filter out: customers per M365 cluster.
    expect(count(m.lists.cluster, 'Evaluate')).toBe(
      all.filter((c) => c.products.M365?.cluster === 'Evaluate').length,
    );
    expect(m.total).toBe(all.filter((c) => c.products.M365?.cluster === 'Act Now').length);
    // The product facet under "Act Now": customers Act Now for each product.
    expect(count(m.lists.product, 'Azure')).toBe(
      all.filter((c) => c.products.Azure?.cluster === 'Act Now').length,
    );
  });

  it('answers the same through the CLI: JSON, CSV, one line for an unknown ID', async () => {
    const run = async (fn: typeof customersCommand, args: string[]) => {
      const o = { out: '', err: '' };
      const code = await fn(args, { out: (t) => (o.out += t), err: (t) => (o.err += t) });
      return { code, ...o };
    };
    const j = await run(customersCommand, [
      '--db',
      db.name,
      '--as-of',
      AS_OF,
      '--cluster',
      'Act Now',
      '--product',
      'M365',
      '--limit',
      '5',
      '--json',
    ]);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toEqual(
      queryCustomers(db, { filters: { cluster: ['Act Now'], product: ['M365'] }, asOf: AS_OF, limit: 5 }),
    );
    const c = await run(customersCommand, [
      '--db',
      db.name,
      '--as-of',
      AS_OF,
      '--csv',
      '--sort',
      'accountName',
    ]);
    const lines = c.out.slice(1).trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['priority', 'customerId', 'accountName']);
    expect(lines).toHaveLength(1 + queryCustomers(db, { filters: {}, asOf: AS_OF }).total);
    const bad = await run(customersCommand, ['--db', db.name, '--sort', 'fit']);
    expect(bad.code).toBe(2);
    const miss = await run(customerCommand, ['0000000000000', '--db', db.name, '--json']);
    expect(miss).toMatchObject({
      code: 1,
      out: '',
      err: 'ascent: no customer with ID 0000000000000 in the current snapshots\n',
    });
  });

  it('tells an unknown customer apart', () => {
    expect(() => customerDetail(db, '0000000000000', AS_OF)).toThrow(CustomerNotFound);
  });
});

describe('customer detail', () => {
  it('lists a customer found only in the agreements download, with its agreement', async () => {
    const { db } = tempCache();
    const dir = tempDir();
    await importFile(db, write(dir, 'CloudAscent_M365_Propensity_2026-11-20.tsv', tsv(m365Rows(3))));
    const header =
      'CustomerID,AccountName,Country,AzureCluster,M365Cluster,License Program,Agreement ID,Agreement End Date,Expiration Type,Expiring Revenue';
    const body = 'A1,Only Agreements BV,NL,Evaluate,Act Now,EA,6-1234,2027-01-15,Expiration,"$18,400.00"\n';
    const r = await importFile(
      db,
      write(dir, 'CLASAgreementRenewalsPropensity_2026-11-20.csv', `${header}\n${body}`),
    );
    expect(r.status).toBe('imported');
    const all = queryCustomers(db, { filters: {}, asOf: '2026-12-02' });
    expect(all.total).toBe(4);
    const only = all.rows.find((c) => c.customerId === 'A1')!;
    expect(only.products).toEqual({});
    expect(only).toMatchObject({ nextAgreementEnd: '2027-01-15', expiringRevenue: 18_400, priority: 20 });
    expect(only.why).toEqual(['EA 6-1234 ends 15 Jan 2027 (44 days): $18,400 expiring']);
    expect(queryCustomers(db, { filters: { country: ['NL'] }, asOf: '2026-12-02' }).total).toBe(4);
    expect(queryCustomers(db, { filters: { product: ['M365'] }, asOf: '2026-12-02' }).total).toBe(3);
    expect(customerDetail(db, 'A1', '2026-12-02').agreements).toMatchObject([{ agreementId: '6-1234' }]);
    db.close();
  });

  it('keeps every snapshot of a product, oldest first, and the movement into Act Now', async () => {
    const { db } = tempCache();
    const dir = tempDir();
    const clusters = ['Nurture', 'Evaluate', 'Act Now'];
    const dates = ['2026-09-20', '2026-10-20', '2026-11-20'];
    for (let s = 0; s < 3; s++) {
      const rows = m365Rows(4, (i) => ({
        cluster: i === 0 ? clusters[s] : 'Educate',
        fit: String(60 + s * 10),
      }));
      const r = await importFile(db, write(dir, `CloudAscent_M365_Propensity_${dates[s]}.tsv`, tsv(rows)));
      expect(r.status).toBe('imported');
    }
    const d = customerDetail(db, 'X0', '2026-12-02');
    const m365 = d.products.find((p) => p.product === 'M365')!;
    expect(m365.history.map((h) => [h.snapshot, h.cluster, h.fit])).toEqual([
      ['2026-09-20', 'Nurture', 60],
      ['2026-10-20', 'Evaluate', 70],
      ['2026-11-20', 'Act Now', 80],
    ]);
    expect(m365.current?.cluster).toBe('Act Now');
    expect(d.movedIntoActNow).toEqual(['M365']);
    expect(d.why).toContain('moved into Act Now for M365 since 20 Oct 2026');
    // Act Now 40 + moved 15 + whitespace (the largest of 4: rank 0.75 → 15 × 0.75 / 0.99 = 11.4).
    expect(d.priority).toBe(66);
    // As of an earlier date the later snapshots are not there.
    const before = customerDetail(db, 'X0', '2026-10-31');
    expect(before.products.find((p) => p.product === 'M365')!.history).toHaveLength(2);
    expect(before.movedIntoActNow).toEqual([]);
    db.close();
  });
});
