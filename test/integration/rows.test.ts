import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filters, PropensityRow, Sort } from '../../shared/filters';
import { importFile } from '../../main/ingest/import';
import { DEEP_OFFSET, pageQuery, planRows, queryRows } from '../../main/query/rows';
import { SAMPLE_DIR, tempCache } from './helpers';
import path from 'node:path';

/** The documented order, computed in JS: blanks last either way, ties by customer then product. */
function compare(sort: Sort, a: PropensityRow, b: PropensityRow): number {
  const byValue = (x: unknown, y: unknown): number => {
    if (typeof x === 'string' && typeof y === 'string') return Buffer.compare(Buffer.from(x), Buffer.from(y));
    return Number(x) - Number(y);
  };
  for (const { field, dir } of sort) {
    const x = a[field as keyof PropensityRow];
    const y = b[field as keyof PropensityRow];
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = byValue(x, y);
    if (c !== 0) return dir === 'desc' ? -c : c;
  }
  const tie = byValue(a.customerId, b.customerId) || byValue(a.product, b.product);
  return sort[0]?.dir === 'desc' ? -tie : tie;
}

const key = (r: PropensityRow) => `${r.customerId}/${r.product}`;

describe('sorted pages', () => {
  const { db } = tempCache();
  beforeAll(async () => {
    for (const f of [
      'CloudAscent_M365_Propensity_2026-11-20.tsv',
      'CLASD365Propensity_20261120.csv',
      'Surface_Propensity_2026-11-20.txt',
      // Deep enough for remembered orders once each customer's Surface row is counted once.
      'CLASAzurePropensity_2026-11.xlsx',
    ])
      await importFile(db, path.join(SAMPLE_DIR, f));
  });
  afterAll(() => db.close());

  const filterSets: [string, Filters][] = [
    ['no filter', {}],
    [
      'product and cluster (answered by the sort index)',
      { product: ['M365', 'D365BC'], cluster: ['Act Now', 'Evaluate'] },
    ],
    ['blank or Nurture cluster', { cluster: ['(none)', 'Nurture'] }],
    ['whitespace on one product (answered by the sort index)', { whitespace: true, product: ['M365'] }],
    ['end of service (answered by the sort index)', { eos: true }],
    ['a country (not in the sort index)', { country: ['Netherlands', 'Germany', 'United States'] }],
    ['whitespace and a search', { whitespace: true, search: 'a' }],
  ];
  const sorts: [string, Sort][] = [
    ['default', []],
    ['fit desc', [{ field: 'fit', dir: 'desc' }]],
    ['fit asc', [{ field: 'fit', dir: 'asc' }]],
    ['intent asc', [{ field: 'intent', dir: 'asc' }]],
    ['account name asc', [{ field: 'accountName', dir: 'asc' }]],
    ['whitespace revenue desc', [{ field: 'whitespaceRevenue', dir: 'desc' }]],
    ['country (no sort index)', [{ field: 'country', dir: 'asc' }]],
    [
      'country, then intent desc',
      [
        { field: 'country', dir: 'asc' },
        { field: 'intent', dir: 'desc' },
      ],
    ],
  ];

  it.each(filterSets.flatMap(([fn, f]) => sorts.map(([sn, s]) => [`${fn}, ${sn}`, f, s] as const)))(
    '%s: in the documented order at every depth, whichever plan serves it',
    (_, filters, sort) => {
      const all = queryRows(db, { filters, sort, limit: 10_000 });
      expect(all.rows).toHaveLength(all.total);
      expect(all.total).toBeGreaterThan(0);
      for (let i = 1; i < all.rows.length; i++)
        expect(compare(sort, all.rows[i - 1]!, all.rows[i]!), `rows ${i - 1} and ${i}`).toBeLessThanOrEqual(
          0,
        );
      for (const offset of [0, 40, DEEP_OFFSET, DEEP_OFFSET + 100, all.total - 30]) {
        if (offset < 0 || offset >= all.total) continue;
        const page = queryRows(db, { filters, sort, offset, limit: 50 });
        expect(page.total).toBe(all.total);
        expect(page.rows.map(key)).toEqual(all.rows.slice(offset, offset + 50).map(key));
      }
    },
  );

  // Schema 7 left the key as the one index in a sort's order (the row store pages the others).
  it('walks the key index, without sorting, for the default order when the index answers the filters', () => {
    for (const [, filters] of [filterSets[0]!, filterSets[1]!, filterSets[3]!, filterSets[4]!])
      for (const [, sort] of sorts.slice(0, 1)) {
        const q = pageQuery(db, { filters, sort, offset: 2000, limit: 100 });
        expect(q.plan.walk).toBe(true);
        const plan = db
          .prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
          .all(...q.params)
          .map((r) => (r as { detail: string }).detail)
          .join(' | ');
        expect(plan).toContain('INDEX propensity_');
        expect(plan).not.toContain('TEMP B-TREE');
      }
  });

  it('sorts the orders no index holds since schema 7, at every depth, whatever the filters', () => {
    for (const [, filters] of [filterSets[0]!, filterSets[1]!])
      for (const [, sort] of sorts.slice(1, 6)) {
        const q = pageQuery(db, { filters, sort, offset: 2000, limit: 100 });
        expect(q.plan.walk).toBe(false);
        expect(q.plan.from).toBe('propensity p');
      }
  });

  it('serves deep pages of an order no index holds from the remembered order (exercised above)', () => {
    const filters = filterSets[6]![1];
    expect(queryRows(db, { filters, limit: 0 }).total).toBeGreaterThan(DEEP_OFFSET + 50);
    expect(planRows(db, filters, [{ field: 'fit', dir: 'desc' }], DEEP_OFFSET + 50).walk).toBe(false);
  });

  it("gives each row its customer's domain from the row's own snapshot, on shallow and deep pages", () => {
    const domainOf = db.prepare(
      `SELECT c.domain FROM customers c JOIN imports i ON i.id = c.import_id
       WHERE c.customer_id = ? AND i.snapshot = ? AND i.report = ?`,
    );
    const filters = filterSets[6]![1];
    const sort: Sort = [{ field: 'fit', dir: 'desc' }];
    const shallow = queryRows(db, { filters, sort, offset: 0, limit: 50 }).rows;
    const deep = queryRows(db, { filters, sort, offset: DEEP_OFFSET + 10, limit: 50 }).rows;
    const rows = [...shallow, ...deep];
    expect(deep.length).toBeGreaterThan(0);
    for (const r of rows)
      expect(r.domain, key(r)).toBe(
        (domainOf.get(r.customerId, r.snapshot, r.report) as { domain: string | null } | undefined)?.domain,
      );
    expect(rows.some((r) => r.domain !== null)).toBe(true);
  });

  it('sorts instead when the filters are selective and no index answers them', () => {
    const one = queryRows(db, { filters: {}, limit: 1 }).rows[0]!;
    const filters: Filters = { search: one.customerId };
    expect(planRows(db, filters, [{ field: 'fit', dir: 'desc' }], 100).walk).toBe(false);
    // The first key is hidden from the indexes, so the planner cannot walk the whole sort index.
    expect(planRows(db, filters, [{ field: 'fit', dir: 'desc' }], 100).order).toMatch(
      /^ORDER BY \+p\.fit DESC/,
    );
    expect(
      queryRows(db, { filters, sort: [{ field: 'fit', dir: 'desc' }] }).rows.map((r) => r.customerId),
    ).toContain(one.customerId);
  });
});
