import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import {
  BLANK,
  FILTER_KEYS,
  NUMBER_RANGE_FILTERS,
  ROW_FIELDS,
  activeFilters,
  type NumberRange,
  type NumberRangeKey,
  type FilterKey,
  type Filters,
  type Sort,
} from '../../shared/filters';
import type { DB } from '../../main/cache/db';
import { openCache } from '../../main/cache/db';
import { forgetImport } from '../../main/cache/imports';
import { DEFAULT_SETTINGS, writeSettings } from '../../main/cache/settings';
import { importFile } from '../../main/ingest/import';
import { facets } from '../../main/query/facets';
import { RowStore, rowStoreKey } from '../../main/query/row-store';
import { queryRows } from '../../main/query/rows';
import { fiscalYearOf, todayIso } from '../../shared/domain/fiscal';
import { M365_HEADER, m365Rows, sampleFiles, tempCache, tempService, tsv, write } from './helpers';

async function build(db: DB): Promise<RowStore> {
  const store = await RowStore.build(db);
  if (!store) throw new Error('not built');
  return store;
}

/** The store's pages, at several depths, are SQL's pages: the same rows in the same order. */
function expectSamePages(db: DB, store: RowStore, filters: Filters, sort: Sort): void {
  const sql = queryRows(db, { filters, sort, limit: 0 });
  const mem = queryRows(db, { filters, sort, limit: 0 }, store);
  expect(mem.total, 'total').toBe(sql.total);
  for (const offset of [0, Math.floor(sql.total / 2), Math.max(0, sql.total - 7)]) {
    const q = { filters, sort, offset, limit: 25 };
    expect(queryRows(db, q, store).rows, `offset ${offset}`).toEqual(queryRows(db, q).rows);
  }
}

describe('the row store, on the sample workspace (two snapshots of three reports, flags, blanks)', () => {
  const { db } = tempCache();
  let store: RowStore;
  let lists: Record<string, string[]> = {};
  /** Per numeric range, the distinct values the current rows (or customers) hold, ascending. */
  let present = {} as Record<NumberRangeKey, number[]>;
  /** The open agreements' end dates, ascending. */
  let endDates: string[] = [];
  beforeAll(async () => {
    for (const f of sampleFiles()) await importFile(db, f);
    store = await build(db);
    const all = await facets(db, {});
    lists = Object.fromEntries(
      Object.entries(all.lists).map(([k, vs]) => [k, (vs ?? []).map((v) => v.value)]),
    );
    const rows = queryRows(db, { filters: {}, limit: 10_000 }).rows;
    expect(rows.length).toBe(store.size);
    const distinct = (vs: (number | null)[]) =>
      [...new Set(vs.filter((v): v is number => v !== null))].sort((a, b) => a - b);
    // Expiring revenue per customer, summed here to the cent from the agreements themselves.
    const today = todayIso();
    const fy = fiscalYearOf(today);
    const agreements = db
      .prepare(
        `SELECT a.customer_id AS id, a.end_date AS end, a.expiring_revenue AS rev FROM agreements a
         WHERE a.import_id = (SELECT MAX(id) FROM imports WHERE report = 'agreements')`,
      )
      .all() as { id: string; end: string | null; rev: number | null }[];
    const open = agreements.filter((a) => a.end !== null && a.end >= today);
    const sums = new Map<string, number>();
    for (const a of open)
      if (a.end! >= fy.start && a.end! <= fy.end && a.rev !== null)
        sums.set(a.id, (sums.get(a.id) ?? 0) + Math.round(a.rev * 100));
    present = {
      fit: distinct(rows.map((r) => r.fit)),
      intent: distinct(rows.map((r) => r.intent)),
      whitespaceRevenue: distinct(rows.map((r) => r.whitespaceRevenue)),
      orgSize: distinct(rows.map((r) => r.orgSize)),
      expiringRevenue: distinct([...sums.values()].map((c) => c / 100)),
    };
    endDates = [...new Set(open.map((a) => a.end!))].sort();
    for (const k of NUMBER_RANGE_FILTERS) expect(present[k].length, k).toBeGreaterThan(3);
    expect(endDates.length).toBeGreaterThan(3);
  }, 120_000); // imports every sample file: seconds on a busy machine
  afterAll(() => db.close());

  it('holds every current propensity row', () => {
    expect(store.size).toBe(queryRows(db, { filters: {}, limit: 0 }).total);
    expect(store.size).toBeGreaterThan(500);
  });

  const sorts: Sort[] = [
    [],
    ...ROW_FIELDS.flatMap((field) => [[{ field, dir: 'asc' as const }], [{ field, dir: 'desc' as const }]]),
    [
      { field: 'country', dir: 'asc' },
      { field: 'intent', dir: 'desc' },
    ],
    [
      { field: 'cluster', dir: 'desc' },
      { field: 'accountName', dir: 'asc' },
      { field: 'fit', dir: 'desc' },
    ],
  ];
  it.each(sorts.map((s) => [JSON.stringify(s), s] as const))('sorts as SQL does: %s', (_, sort) => {
    for (const filters of [
      {},
      { product: ['M365' as const] },
      { whitespace: true, country: lists.country!.slice(0, 3) },
    ])
      expectSamePages(db, store, filters, sort);
  });

  /**
   * A numeric range at its bounds: both ends values some rows hold (so an engine that gets `>=`
   * or `<=` wrong counts differently), each end alone, one value, and a range matching nothing.
   */
  const bounds = (k: NumberRangeKey): [string, NumberRange][] => {
    const vs = present[k];
    const [lo, mid, hi] = [vs[Math.floor(vs.length / 4)]!, vs[Math.floor(vs.length / 2)]!, vs.at(-2)!];
    return [
      [`${k} ${lo}..${hi}`, { min: lo, max: hi }],
      [`${k} ${mid}..`, { min: mid }],
      [`${k} ..${mid}`, { max: mid }],
      [`${k} ${lo}..${lo}`, { min: lo, max: lo }],
      [`${k} past the largest value`, { min: vs.at(-1)! + 1 }],
    ];
  };
  /** Values of every filter of the registry (the type asks for each one), named. */
  const samples = (): { [K in FilterKey]: [string, NonNullable<Filters[K]>][] } => ({
    salesTerritory: [
      ['territories', lists.salesTerritory!.slice(0, 2)],
      ['a blank territory', [BLANK]],
      ['a territory no row has', ['Nowhere']],
    ],
    fit: bounds('fit'),
    intent: bounds('intent'),
    whitespaceRevenue: bounds('whitespaceRevenue'),
    orgSize: bounds('orgSize'),
    expiringRevenue: bounds('expiringRevenue'),
    agreementEnd: [
      [
        'agreement end, both ends dates present',
        { from: endDates[1]!, to: endDates[Math.floor(endDates.length / 2)]! },
      ],
      ['agreement end from a date present', { from: endDates[Math.floor(endDates.length / 2)]! }],
      ['agreement end until a date present', { to: endDates[1]! }],
      ['agreement end on one date', { from: endDates[0]!, to: endDates[0]! }],
      ['agreement end before every open agreement', { to: '2000-01-01' }],
    ],
    product: [['two products', ['M365', 'D365BC']]],
    cluster: [['blank or Nurture cluster', [BLANK, 'Nurture']]],
    country: [
      ['countries', lists.country!.slice(0, 2)],
      ['a value no row has', ['Atlantis']],
    ],
    area: [['an area and a blank one', [lists.area![0]!, BLANK]]],
    industry: [['industries', lists.industry!.slice(0, 2)]],
    vertical: [['verticals', lists.vertical!.slice(0, 4)]],
    subSegment: [['subsegment', lists.subSegment!.slice(0, 1)]],
    cell: [['cells', lists.cell!.slice(0, 3) as NonNullable<Filters['cell']>]],
    computedCluster: [['computed cluster blank', [BLANK]]],
    whitespace: [
      ['whitespace', true],
      ['not whitespace', false],
    ],
    upsell: [
      ['upsell', true],
      ['not upsell', false],
    ],
    eos: [
      ['end of service', true],
      ['no end of service', false],
    ],
    flag: [
      ['a play flag', ['MW_Teams Phone']],
      ['two flags', ['MW_Teams Phone', 'MW_Windows 10 EOS']],
      ['an unknown flag', ['No such flag']],
    ],
    mismatch: [
      ['mismatch', true],
      ['no mismatch', false],
    ],
    movedIntoActNow: [
      ['moved into Act Now', true],
      ['not moved into Act Now', false],
    ],
    search: [
      ['search, any case', 'CONSULT'],
      ['search a customer ID', '0665'],
      ['search a domain', '.example'],
      ['search with LIKE characters', '%_'],
      ['search of spaces only', '   '],
    ],
  });
  /** Each value of every filter of the registry alone, then combinations. */
  const filterSets = (): [string, Filters][] => {
    const each = samples();
    return [
      ['no filter', {}],
      ...FILTER_KEYS.flatMap((key) =>
        (each[key] as [string, unknown][]).map(([name, v]): [string, Filters] => [name, { [key]: v }]),
      ),
      [
        'industry and vertical',
        { industry: lists.industry!.slice(0, 2), vertical: lists.vertical!.slice(0, 4) },
      ],
      ['not upsell, one product', { upsell: false, product: ['M365'] }],
      ['everything at once', { whitespace: true, eos: false, search: 'a', cluster: ['Act Now', 'Evaluate'] }],
      [
        'lists of several facets',
        {
          product: ['M365', 'Azure'],
          cluster: ['Act Now', BLANK],
          country: lists.country!.slice(0, 4),
          flag: ['MW_Teams Phone'],
        },
      ],
    ];
  };
  /** Every two filters of the registry together (the first value of each). */
  const pairs = (): [string, Filters][] => {
    const each = samples();
    return FILTER_KEYS.flatMap((a, i) =>
      FILTER_KEYS.slice(i + 1).map((b): [string, Filters] => [
        `${a} and ${b}`,
        { [a]: each[a][0]![1], [b]: each[b][0]![1] },
      ]),
    );
  };
  it('is held to SQL for every filter of the registry', () => {
    expect(new Set(filterSets().flatMap(([, f]) => activeFilters(f)))).toEqual(new Set(FILTER_KEYS));
  });
  it('filters and counts facets as SQL does, for every kind of filter', async () => {
    for (const [name, filters] of filterSets()) {
      for (const sort of [
        [],
        [{ field: 'fit', dir: 'desc' }],
        [{ field: 'accountName', dir: 'asc' }],
      ] as Sort[]) {
        try {
          expectSamePages(db, store, filters, sort);
        } catch (e) {
          throw new Error(`${name}: ${(e as Error).message}`);
        }
      }
    }
    for (const [name, filters] of filterSets()) {
      expect(await store.facets(db, filters, 200), name).toEqual(await facets(db, filters, 200));
      expect(await store.facets(db, filters, 3), `${name}, 3 values`).toEqual(await facets(db, filters, 3));
    }
    // The sets above are not empty by accident: most of them select some rows and not all.
    const totals = filterSets().map(([, f]) => queryRows(db, { filters: f, limit: 0 }, store).total);
    expect(totals.filter((t) => t > 0 && t < store.size).length).toBeGreaterThan(20);
  });

  it('filters and counts facets as SQL does, for every two filters of the registry together', async () => {
    for (const [name, filters] of pairs()) {
      try {
        expectSamePages(db, store, filters, [{ field: 'accountName', dir: 'asc' }]);
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
      expect(await store.facets(db, filters, 200), name).toEqual(await facets(db, filters, 200));
    }
  });
});

describe('the row store, on values that trip up a naive sort or search', () => {
  const { db, dir } = tempCache();
  let store: RowStore;
  const names = [
    'acme',
    'ACME',
    'Ácme',
    'ácme',
    'Zebra',
    'zebra',
    '😀 Shop',
    '\uE000 Private use',
    '\uFFFD Replacement',
    '100%_off',
    'back\\slash',
    '',
    'Ωmega',
    'a',
  ];
  beforeAll(async () => {
    const rows = m365Rows(names.length * 3, (i) => ({
      id: `C${String((i * 7919) % 1000).padStart(3, '0')}-${i}`,
      name: names[i % names.length],
      country: ['NL', '', 'DE', 'nl'][i % 4],
      cluster: ['Act Now', '', 'Nurture', 'Evaluate'][i % 4],
      fit: ['80', '', '7', '100', '7.5'][i % 5],
    }));
    expect(rows[0]).toEqual(M365_HEADER);
    await importFile(db, write(dir, 'm365_2026-11-01.tsv', tsv(rows)));
    store = await build(db);
  });
  afterAll(() => db.close());

  it.each(['accountName', 'customerId', 'country', 'fit', 'cluster'] as const)(
    'sorts %s as SQLite compares',
    (field) => {
      for (const dir of ['asc', 'desc'] as const) expectSamePages(db, store, {}, [{ field, dir }]);
    },
  );

  // LIKE folds ASCII letters only: 'ÁCME' finds 'Ácme' but not 'ácme', and 'ω' does not find 'Ωmega'.
  it.each([
    ['acme', true],
    ['ÁCME', true],
    ['ácme', true],
    ['ω', false],
    ['Ω', true],
    ['😀', true],
    ['\uE000', true],
    ['%', true],
    ['_', true],
    ['\\', true],
    ['c0', true],
  ] as const)('finds %j as LIKE does (any: %s)', (search, any) => {
    expectSamePages(db, store, { search }, [{ field: 'accountName', dir: 'asc' }]);
    expect(queryRows(db, { filters: { search }, limit: 0 }).total > 0).toBe(any);
  });

  it('answers an empty cache', async () => {
    const empty = tempCache();
    const s = await build(empty.db);
    expect(queryRows(empty.db, { filters: {}, limit: 10 }, s)).toEqual({ total: 0, rows: [] });
    empty.db.close();
  });

  it('gives the event loop turns while it builds', async () => {
    const big = tempCache();
    await importFile(big.db, write(big.dir, 'm365_2026-11-01.tsv', tsv(m365Rows(40_000))));
    const order: string[] = [];
    const ticks = setInterval(() => order.push('tick'), 1);
    const built = RowStore.build(big.db).then(() => order.push('built'));
    await built;
    clearInterval(ticks);
    big.db.close();
    // Timers ran while it read 120k rows, not only once it was done.
    expect(order.indexOf('built')).toBeGreaterThan(0);
  });

  it('stops building when cancelled', async () => {
    expect(await RowStore.build(db, () => true)).toBeNull();
  });
});

describe('which data a row store holds', () => {
  it('changes with a newer snapshot, a removed one and the settings', async () => {
    const { db } = tempCache();
    const m365 = sampleFiles().filter((f) => path.basename(f).startsWith('CloudAscent_M365'));
    await importFile(db, m365[0]!);
    const first = rowStoreKey(db);
    await importFile(db, m365[1]!);
    const second = rowStoreKey(db);
    expect(second).not.toBe(first);
    writeSettings(db, {
      ...DEFAULT_SETTINGS,
      matrix: { ...DEFAULT_SETTINGS.matrix, thresholds: { high: 90, medium: 50, low: 20 } },
    });
    const third = rowStoreKey(db);
    expect(third).not.toBe(second);
    const latest = db.prepare('SELECT MAX(id) AS id FROM imports').get() as { id: number };
    forgetImport(db, latest.id);
    expect(rowStoreKey(db)).not.toBe(third);
    db.close();
  });
});

describe('the service', () => {
  it('answers from a row store once built, and never from one of older data', async () => {
    const { service, dbPath } = tempService();
    const sql = openCache(dbPath);
    try {
      const m365 = sampleFiles().filter((f) => path.basename(f).startsWith('CloudAscent_M365'));
      await importFile(sql, m365[0]!);
      const q = {
        filters: { cluster: ['Act Now' as const] },
        sort: [{ field: 'accountName' as const, dir: 'desc' as const }],
        offset: 3,
        limit: 20,
      };
      await service.rowStoreReady();
      const before = queryRows(sql, q);
      expect(await service.rows(q)).toEqual(before);
      // A newer snapshot arrives through another connection: the next answer is of the new data.
      await importFile(sql, m365[1]!);
      const after = queryRows(sql, q);
      expect(after).not.toEqual(before);
      expect(await service.rows(q)).toEqual(after);
      await service.rowStoreReady();
      expect(await service.rows(q)).toEqual(after);
    } finally {
      sql.close();
      service.close();
    }
  });
});
