import { afterAll, describe, expect, it } from 'vitest';
import { FACET_FIELDS } from '../../shared/api';
import type { Filters } from '../../shared/filters';
import { openCache } from '../../main/cache/db';
import { countAllFacets } from '../../main/cache/facet-counts';
import { SCHEMA_VERSION } from '../../main/cache/schema';
import { forgetImport } from '../../main/cache/imports';
import { DEFAULT_SETTINGS, writeSettings } from '../../main/cache/settings';
import { importFile } from '../../main/ingest/import';
import { facets } from '../../main/query/facets';
import { queryRows } from '../../main/query/rows';
import { m365Rows, sampleFiles, tempCache, tsv, write } from './helpers';

describe('facets', () => {
  const { db } = tempCache();
  afterAll(() => db.close());

  it.each<[string, Filters]>([
    ['no filter', {}],
    ['a cell', { cell: ['A1', 'B2'] }],
    ['a product and a country', { product: ['M365', 'Azure'], country: ['Netherlands', 'Germany'] }],
    ['end of service, whitespace', { eos: true, whitespace: true }],
    ['a search', { search: 'a' }],
    [
      'blanks and several lists',
      {
        cluster: ['(none)', 'Act Now', 'Evaluate'],
        country: ['United States', 'Germany'],
        industry: ['Financial Services', 'Education'],
      },
    ],
  ])('count each value as the rows filtered to it would (%s)', async (_, filters) => {
    if (!queryRows(db, { filters: {}, limit: 0 }).total)
      for (const f of sampleFiles()) await importFile(db, f);
    const out = await facets(db, filters);
    expect(out.total).toBe(queryRows(db, { filters, limit: 0 }).total);
    for (const field of FACET_FIELDS) {
      const values = out.lists[field]!;
      expect(values.length, field).toBeGreaterThan(0);
      for (const v of values.slice(0, 6)) {
        const f: Filters = { ...filters, [field]: [v.value] };
        expect({ field, value: v.value, count: v.count }).toEqual({
          field,
          value: v.value,
          count: queryRows(db, { filters: f, limit: 0 }).total,
        });
      }
    }
    for (const t of ['whitespace', 'upsell', 'eos', 'mismatch', 'movedIntoActNow'] as const)
      expect({ t, n: out.toggles[t] }).toEqual({
        t,
        n: queryRows(db, { filters: { ...filters, [t]: true }, limit: 0 }).total,
      });
    expect(out.flags.length).toBeGreaterThan(0);
    for (const fl of out.flags.slice(0, 4))
      expect(fl.count).toBe(
        queryRows(db, { filters: { ...filters, flag: [...(filters.flag ?? []), fl.value] }, limit: 0 }).total,
      );
  });
});

describe('unfiltered facets, kept in the cache file', () => {
  it('follow a new snapshot and a forgotten one', async () => {
    const { db } = tempCache();
    const [oct, nov] = sampleFiles().filter((f) => f.includes('M365_Propensity'));
    await importFile(db, oct!);
    const before = await facets(db, {});
    expect(before.total).toBe(queryRows(db, { filters: {}, limit: 0 }).total);
    const r = await importFile(db, nov!);
    const after = await facets(db, {});
    expect(after.total).toBe(queryRows(db, { filters: {}, limit: 0 }).total);
    expect(after.total).not.toBe(before.total);
    forgetImport(db, r.importId!);
    expect(await facets(db, {})).toEqual(before);
    db.close();
  });
});

describe('facet counts kept per snapshot', () => {
  const table = (db: ReturnType<typeof tempCache>['db']) =>
    db
      .prepare(
        'SELECT * FROM facet_counts ORDER BY import_id, product, cluster, cell, country, area, sales_territory, industry, vertical, sub_segment, computed_cluster, whitespace, upsell',
      )
      .all();

  it('as the importer counts them equal a count over all stored rows', async () => {
    const { db } = tempCache();
    for (const f of sampleFiles()) await importFile(db, f);
    const imported = table(db);
    expect(imported.length).toBeGreaterThan(100);
    countAllFacets(db);
    expect(table(db)).toEqual(imported);
    db.close();
  });

  it('as the importer tallies them equal the GROUP BY for duplicates, blanks and look-alike values', async () => {
    const { db, dir } = tempCache();
    // Values that would make two combinations one key in a naive joined key; a duplicate
    // CustomerID (rejected: its rows must not count) and blank clusters and fits.
    const odd = ['1:a', '1', '-', '', 'a\u001fb', 'a', '2:1:', '#1'];
    const file = write(
      dir,
      'CloudAscent_M365_Propensity_2026-10-31.tsv',
      tsv(
        m365Rows(40, (i) => ({
          id: i === 39 ? 'X3' : undefined,
          country: odd[i % odd.length],
          cluster: i % 5 === 0 ? '' : i % 2 ? 'Evaluate' : 'Act Now',
          fit: i % 7 === 0 ? '' : String(10 + i),
        })),
      ),
    );
    const r = await importFile(db, file);
    expect(r).toMatchObject({ status: 'imported', rows: 39, rejected: 1 });
    const imported = table(db);
    expect(new Set(imported.map((g) => (g as { country: string | null }).country))).toEqual(
      new Set(['1:a', '1', '-', null, 'a\u001fb', 'a', '2:1:', '#1']),
    );
    countAllFacets(db);
    expect(table(db)).toEqual(imported);
    db.close();
  });

  it('are filled for the snapshots of a cache upgraded from schema 2', async () => {
    const { db, file } = tempCache();
    for (const f of sampleFiles()) await importFile(db, f);
    const imported = table(db);
    db.exec('DROP TABLE facet_counts');
    db.exec('ALTER TABLE propensity DROP COLUMN file_sub_segment'); // added by migration 4
    db.exec('ALTER TABLE propensity DROP COLUMN sales_territory'); // added by migration 6
    db.pragma('user_version = 2');
    db.close();
    const upgraded = openCache(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(table(upgraded)).toEqual(imported);
    upgraded.close();
  });

  it('gain SalesTerritory, filled from the customers, when a cache of schema 5 is upgraded', async () => {
    const { db, file } = tempCache();
    for (const f of sampleFiles()) await importFile(db, f);
    const imported = table(db);
    const territories = () =>
      db
        .prepare(
          `SELECT p.import_id, p.customer_id, p.product, p.sales_territory FROM propensity p
           ORDER BY p.import_id, p.customer_id, p.product`,
        )
        .all();
    const before = territories();
    expect(
      before.filter((r) => (r as { sales_territory: string | null }).sales_territory).length,
    ).toBeGreaterThan(100);
    db.exec('ALTER TABLE propensity DROP COLUMN sales_territory');
    db.exec('ALTER TABLE facet_counts DROP COLUMN sales_territory');
    db.pragma('user_version = 5');
    db.close();
    const upgraded = openCache(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(table(upgraded)).toEqual(imported);
    expect(
      upgraded
        .prepare(
          `SELECT p.import_id, p.customer_id, p.product, p.sales_territory FROM propensity p
           ORDER BY p.import_id, p.customer_id, p.product`,
        )
        .all(),
    ).toEqual(before);
    upgraded.close();
  });

  it('follow a settings change that moves bands and cells', async () => {
    const { db } = tempCache();
    for (const f of sampleFiles()) await importFile(db, f);
    const before = await facets(db, { product: ['M365'] });
    writeSettings(db, {
      ...DEFAULT_SETTINGS,
      matrix: { ...DEFAULT_SETTINGS.matrix, thresholds: { high: 60, medium: 40, low: 20 } },
    });
    const after = await facets(db, { product: ['M365'] });
    expect(after.lists.cell).not.toEqual(before.lists.cell);
    for (const v of after.lists.cell!)
      expect(v.count).toBe(
        queryRows(db, { filters: { product: ['M365'], cell: [v.value] } as Filters, limit: 0 }).total,
      );
    for (const v of after.lists.computedCluster!)
      expect(v.count).toBe(
        queryRows(db, { filters: { product: ['M365'], computedCluster: [v.value] } as Filters, limit: 0 })
          .total,
      );
    db.close();
  });
});
