/**
 * The call list's book (main/query/customer-book.ts) held to the reference implementation
 * (customer-reference*.ts) on real SQLite files: pages at three depths and facets, for every
 * filter of the registry and every sort field; each customer exactly once; the book rebuilt
 * (never stale) after an import and a settings change, in the service too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BLANK,
  FILTER_KEYS,
  NUMBER_RANGE_FILTERS,
  activeFilters,
  type FilterKey,
  type Filters,
  type NumberRange,
  type NumberRangeKey,
} from '../../shared/filters';
import {
  CUSTOMER_SORT_FIELDS,
  type CustomerDetail,
  type CustomerRow,
  type CustomerSort,
} from '../../shared/customers';
import { DEFAULT_PRIORITY_WEIGHTS } from '../../shared/domain/priority';
import type { DB } from '../../main/cache/db';
import { openCache } from '../../main/cache/db';
import { importFile } from '../../main/ingest/import';
import { bookFor, lendBook, queryCustomers } from '../../main/query/customers';
import { customerFacets } from '../../main/query/customer-facets';
import { customerDetail } from '../../main/query/customer-detail';
import { referenceBook, referenceCustomers } from '../../main/query/customer-reference';
import { referenceCustomerFacets } from '../../main/query/customer-reference-facets';
import { CUSTOMER_FILTERS } from '../../main/query/customer-filters';
import { customersInOrder, territoryRows, type TerritoryRow } from '../../main/export/call-list';
import { M365_HEADER, m365Rows, sampleFiles, tempCache, tempService, tsv, write } from './helpers';
import { todayIso } from '../../shared/domain/fiscal';

const AS_OF = '2026-11-25';

/** Every sort field each way, and two sorts of several keys. */
const sorts: (CustomerSort | undefined)[] = [
  undefined,
  ...CUSTOMER_SORT_FIELDS.flatMap((field) => [
    [{ field, dir: 'asc' as const }],
    [{ field, dir: 'desc' as const }],
  ]),
  [
    { field: 'country', dir: 'asc' },
    { field: 'whitespaceRevenue', dir: 'desc' },
  ],
  [
    { field: 'bestCluster', dir: 'asc' },
    { field: 'nextAgreementEnd', dir: 'asc' },
    { field: 'priority', dir: 'desc' },
  ],
];

/** The detail gives a customer the row of the list, its current products as a list of their own. */
function expectDetailOf(d: CustomerDetail, row: CustomerRow): void {
  const { products, ...rest } = row;
  expect(d).toMatchObject(rest);
  expect(Object.fromEntries(d.products.filter((p) => p.current).map((p) => [p.product, p.current]))).toEqual(
    products,
  );
}

/** The book's pages at the start, the middle and the end are the reference's. */
function expectSamePages(db: DB, filters: Filters, sort: CustomerSort | undefined, asOf = AS_OF): number {
  const ref = referenceCustomers(db, { filters, sort, asOf, limit: 0 });
  const fast = queryCustomers(db, { filters, sort, asOf, limit: 0 });
  expect(fast.total, 'total').toBe(ref.total);
  for (const offset of [0, Math.floor(ref.total / 2), Math.max(0, ref.total - 7)]) {
    const q = { filters, sort, asOf, offset, limit: 25 };
    expect(queryCustomers(db, q).rows, `offset ${offset}`).toEqual(referenceCustomers(db, q).rows);
  }
  return ref.total;
}

/** The Territories tab's sums as its first version made them: from the call list's rows read in full. */
function territoriesOf(rows: CustomerRow[]): TerritoryRow[] {
  const cents = (v: number | null) => (v === null ? 0 : Math.round(v * 100));
  const by = new Map<string | null, TerritoryRow>();
  for (const r of rows) {
    const key = r.salesTerritory?.trim() ? r.salesTerritory : null;
    let t = by.get(key);
    if (!t) {
      t = { territory: key, customers: 0, actNow: 0, evaluate: 0, whitespaceCents: 0, expiringCents: 0 };
      by.set(key, t);
    }
    t.customers++;
    if (r.bestCluster === 'Act Now') t.actNow++;
    if (r.bestCluster === 'Evaluate') t.evaluate++;
    t.whitespaceCents += cents(r.whitespaceRevenue);
    t.expiringCents += cents(r.expiringRevenue);
  }
  return [...by.values()].sort((a, b) =>
    a.territory === null ? 1 : b.territory === null ? -1 : a.territory.localeCompare(b.territory),
  );
}

/**
 * An export's read of the call list (every customer in scope in order, its products from the
 * book's rows, one seek for its record) is the reference's list, in Dutch the pages' rows, and
 * the territories' sums from the book's figures are the sums of that list.
 */
async function expectSameExportRead(
  db: DB,
  filters: Filters,
  asOf: string,
  name: string,
  dutch = false,
): Promise<number> {
  const ref = referenceCustomers(db, { filters, asOf, limit: 1e9 }).rows;
  expect([...customersInOrder(db, filters, asOf)], name).toEqual(ref);
  expect(await territoryRows(db, filters, asOf), `${name}: territories`).toEqual(territoriesOf(ref));
  if (dutch)
    expect([...customersInOrder(db, filters, asOf, 'nl')], `${name}: in Dutch`).toEqual(
      queryCustomers(db, { filters, asOf, limit: 1e9, lang: 'nl' }).rows,
    );
  return ref.length;
}

describe('the call list book, on the sample workspace (two snapshots of three reports, agreements, flags)', () => {
  const { db } = tempCache();
  let lists: Record<string, string[]> = {};
  let present = {} as Record<NumberRangeKey, number[]>;
  let endDates: string[] = [];
  beforeAll(async () => {
    for (const f of sampleFiles()) expect((await importFile(db, f)).status).toBe('imported');
    const all = referenceCustomerFacets(db, {}, AS_OF, 200);
    lists = Object.fromEntries(
      Object.entries(all.lists).map(([k, vs]) => [k, (vs ?? []).map((v) => v.value)]),
    );
    // The values customers hold, for ranges at their bounds: scores per product, the rest per customer.
    const book = referenceBook(db, AS_OF);
    const distinct = (vs: (number | null)[]) =>
      [...new Set(vs.filter((v): v is number => v !== null))].sort((a, b) => a - b);
    const products = book.rows.flatMap((r) => Object.values(r.products));
    present = {
      fit: distinct(products.map((p) => p.fit)),
      intent: distinct(products.map((p) => p.intent)),
      whitespaceRevenue: distinct(book.rows.map((r) => r.whitespaceRevenue)),
      orgSize: distinct(book.rows.map((r) => r.orgSize)),
      expiringRevenue: distinct(book.rows.map((r) => r.expiringRevenue)),
    };
    endDates = [...new Set([...book.openEnds.values()].flat())].sort();
    for (const k of NUMBER_RANGE_FILTERS) expect(present[k].length, k).toBeGreaterThan(3);
    expect(endDates.length).toBeGreaterThan(3);
  }, 120_000); // six imports on a shared machine

  /**
   * A numeric range at its bounds: both ends values some customers hold (so `>=` or `<=` got
   * wrong counts differently), each end alone, one value, and a range matching nothing.
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
  afterAll(() => db.close());

  /** Values of every filter of the registry (the type asks for each one), named. */
  const samples = (): { [K in FilterKey]: [string, NonNullable<Filters[K]>][] } => ({
    product: [['two products', ['M365', 'D365BC']]],
    cluster: [['blank or Nurture cluster', [BLANK, 'Nurture']]],
    country: [
      ['countries', lists.country!.slice(0, 2)],
      ['a value no customer has', ['Atlantis']],
    ],
    area: [['an area and a blank one', [lists.area![0]!, BLANK]]],
    salesTerritory: [
      ['territories', lists.salesTerritory!.slice(0, 2)],
      ['a blank territory', [BLANK]],
      ['a territory no customer has', ['Nowhere']],
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
    industry: [['industries', lists.industry!.slice(0, 2)]],
    vertical: [['verticals', lists.vertical!.slice(0, 4)]],
    subSegment: [['subsegment', lists.subSegment!.slice(0, 1)]],
    cell: [['cells', lists.cell!.slice(0, 3) as NonNullable<Filters['cell']>]],
    computedCluster: [['computed cluster blank or Act Now', [BLANK, 'Act Now']]],
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
  const filterSets = (): [string, Filters][] => {
    const each = samples();
    return [
      ['no filter', {}],
      ...FILTER_KEYS.flatMap((key) =>
        (each[key] as [string, unknown][]).map(([name, v]): [string, Filters] => [name, { [key]: v }]),
      ),
      ['M365 and Act Now', { product: ['M365'], cluster: ['Act Now'] }],
      // One product must hold both: the product, the cluster and the score range at once.
      [
        'Azure, Evaluate, fit from the middle',
        {
          product: ['Azure'],
          cluster: ['Evaluate'],
          fit: { min: present.fit[Math.floor(present.fit.length / 2)]! },
        },
      ],
      [
        'a range of every kind',
        {
          fit: { min: 20 },
          orgSize: { min: 1 },
          whitespaceRevenue: { min: 1 },
          agreementEnd: { from: AS_OF },
        },
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

  it('has a customer-level meaning for every filter of the registry, and tests each', () => {
    expect(Object.keys(CUSTOMER_FILTERS).sort()).toEqual([...FILTER_KEYS].sort());
    expect(new Set(filterSets().flatMap(([, f]) => activeFilters(f)))).toEqual(new Set(FILTER_KEYS));
  });

  it.each(sorts.map((s) => [JSON.stringify(s ?? 'default'), s] as const))(
    'sorts as the reference does: %s',
    (_, sort) => {
      for (const filters of [
        {},
        { product: ['M365' as const] },
        { whitespace: true, country: lists.country!.slice(0, 3) },
      ])
        expectSamePages(db, filters, sort);
    },
  );

  /** Pages (two sorts, three depths) and facets as the reference's; the total. */
  const expectSameAnswers = (name: string, filters: Filters): number => {
    let total = 0;
    for (const sort of [undefined, [{ field: 'accountName', dir: 'desc' }]] as (CustomerSort | undefined)[]) {
      try {
        total = expectSamePages(db, filters, sort);
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
    }
    expect(customerFacets(db, filters, AS_OF, 200), name).toEqual(
      referenceCustomerFacets(db, filters, AS_OF, 200),
    );
    expect(customerFacets(db, filters, AS_OF, 3), `${name}, 3 values`).toEqual(
      referenceCustomerFacets(db, filters, AS_OF, 3),
    );
    return total;
  };
  // One test per filter of the registry (each of its sample values), so each stays short.
  const totals: number[] = [];
  it.each(FILTER_KEYS)('filters and counts facets as the reference does: %s', (key) => {
    for (const [name, filters] of filterSets().filter(
      ([, f]) => activeFilters(f).length === 1 && f[key] !== undefined,
    ))
      totals.push(expectSameAnswers(name, filters));
  });
  it('filters and counts facets as the reference does: none, and several at once', () => {
    for (const [name, filters] of filterSets().filter(([, f]) => activeFilters(f).length !== 1))
      totals.push(expectSameAnswers(name, filters));
    // The sets are not empty by accident: most of them select some customers and not all.
    const all = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 0 }).total;
    expect(totals.filter((t) => t > 0 && t < all).length).toBeGreaterThan(20);
  });

  it.each(FILTER_KEYS)('filters and counts facets as the reference does, %s with every other filter', (a) => {
    for (const [name, filters] of pairs().filter(
      ([, f]) => f[a] !== undefined && activeFilters(f)[0] === a,
    )) {
      try {
        expectSamePages(db, filters, [{ field: 'priority', dir: 'asc' }]);
      } catch (e) {
        throw new Error(`${name}: ${(e as Error).message}`);
      }
      expect(customerFacets(db, filters, AS_OF, 200), name).toEqual(
        referenceCustomerFacets(db, filters, AS_OF, 200),
      );
    }
  });

  it('reads every customer in scope for an export as the reference lists them, and sums them per territory', async () => {
    const read: number[] = [];
    for (const [name, filters] of filterSets())
      read.push(
        await expectSameExportRead(db, filters, AS_OF, name, ['no filter', 'end of service'].includes(name)),
      );
    expect(read.filter((n) => n > 0).length).toBeGreaterThan(20);
  });

  it('lists each customer exactly once, page after page, under a filter and a sort', () => {
    for (const [filters, sort] of [
      [{}, undefined],
      [{ product: ['M365', 'Azure'] }, [{ field: 'country', dir: 'desc' }]],
    ] as [Filters, CustomerSort | undefined][]) {
      const { total } = queryCustomers(db, { filters, sort, asOf: AS_OF, limit: 0 });
      const ids: string[] = [];
      for (let offset = 0; offset < total; offset += 97)
        ids.push(
          ...queryCustomers(db, { filters, sort, asOf: AS_OF, offset, limit: 97 }).rows.map(
            (r) => r.customerId,
          ),
        );
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      expect(ids).toEqual(
        referenceCustomers(db, { filters, sort, asOf: AS_OF, limit: 10_000 }).rows.map((r) => r.customerId),
      );
    }
  });

  it('matches a product and a cluster on one product: M365 + Act Now is Act Now for M365', () => {
    const both = queryCustomers(db, {
      filters: { product: ['M365'], cluster: ['Act Now'] },
      asOf: AS_OF,
      limit: 10_000,
    });
    const all = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 10_000 }).rows;
    expect(both.total).toBe(all.filter((c) => c.products.M365?.cluster === 'Act Now').length);
    // Customers with M365 and with Act Now for another product only are left out.
    const elsewhere = all.filter(
      (c) => c.products.M365 && c.products.M365.cluster !== 'Act Now' && c.bestCluster === 'Act Now',
    );
    expect(elsewhere.length).toBeGreaterThan(0);
    const ids = new Set(both.rows.map((c) => c.customerId));
    for (const c of elsewhere) expect(ids.has(c.customerId)).toBe(false);
  });

  it('gives the detail the row of the call list', () => {
    const page = queryCustomers(db, { filters: {}, asOf: AS_OF, limit: 5 }).rows;
    for (const row of page) expectDetailOf(customerDetail(db, row.customerId, AS_OF), row);
  });
});

/** `iso` moved by `days`. */
const plusDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A line of an M365 download (M365_HEADER): products as [cluster, fit, intent], null for none. */
const m365Line = (
  id: string,
  name: string,
  domain: string,
  country: string,
  m365: [string, string, string] | null,
  surface: [string, string, string] | null,
  eos = false,
) => [
  id,
  name,
  domain,
  country,
  '',
  '',
  '',
  '5',
  'No',
  'No',
  ...(m365 ?? ['', '', '']),
  ...(surface ?? ['', '', '']),
  'No',
  '',
  eos ? 'Yes' : '',
];

/**
 * Awkward customers for a book made from the row store's parts: IDs and names differing only in
 * case, astral characters (surrogate pairs) in IDs and names, blank names and domains, a
 * customer without any product (its record the store does not hold) with an end-of-service
 * flag, and a later agreements download that renames customers (its records win) and adds
 * customers of its own. Returns the M365 and agreements files.
 */
function awkwardFiles(dir: string, m365Date: string, agreementsDate: string, endDate: string): string[] {
  const m365 = tsv([
    M365_HEADER,
    m365Line('ab1', 'Émile 😀 Ltd', 'Emile.EXAMPLE', 'NL', ['Act Now', '80', '70'], null, true),
    m365Line('AB1', 'zeta corp', 'zeta.example', 'BE', ['Evaluate', '60', '60'], null),
    m365Line('Ab1', 'Quiet Co', 'quiet.example', 'DE', null, null, true),
    m365Line('c2', 'beta', '', 'NL', null, ['Nurture', '40', '50']),
    m365Line('C2', 'Beta', 'Beta.example', 'NL', ['Educate', '20', '20'], null),
    m365Line('id😀', 'ALPHA', 'alpha.example', 'FR', ['Act Now', '90', '90'], ['Evaluate', '70', '70']),
    m365Line('x9', '', 'x9.example', '', ['Nurture', '50', '50'], null),
    m365Line('y7', 'alpha', 'Y7.example', 'NL', ['Act Now', '81', '40'], null),
    // Full-width letters (U+FF21…) sort after a surrogate pair by `<`, before it by code point.
    m365Line('idＡ', 'Ａcme', 'acme.example', 'NL', ['Evaluate', '50', '90'], null),
  ]);
  const agreements = [
    'CustomerID,AccountName,Domain,Country,AzureCluster,M365Cluster,License Program,Agreement ID,Agreement End Date,Expiration Type,Expiring Revenue',
    `AB1,Zeta Renamed,ZETA.example,BE,Evaluate,Act Now,EA,6-1,${endDate},Expiration,"$1,200.00"`,
    `new1,😀 First,first.example,NL,Evaluate,Act Now,EA,6-2,${endDate},Expiration,"$800.00"`,
    `new2,Ålpha,alpha.example,SE,Nurture,Nurture,CSP,6-3,${plusDays(endDate, 30)},Expiration,`,
    `Ab1,Quiet Co Agreements,,DE,Nurture,Nurture,EA,6-4,${plusDays(endDate, 3)},Expiration,"$10.00"`,
  ].join('\n');
  return [
    write(dir, `CloudAscent_M365_Propensity_${m365Date}.tsv`, m365),
    write(dir, `CLASAgreementRenewalsPropensity_${agreementsDate}.csv`, `${agreements}\n`),
  ];
}

/** Filter sets for the awkward customers: searches of case, of astral characters, and facets' lists. */
const AWKWARD_FILTERS: Filters[] = [
  {},
  { search: 'ab1' },
  { search: '😀' },
  { search: 'ZETA' },
  { search: 'alpha' },
  { eos: true },
  { country: ['NL', BLANK] },
  { product: ['M365'], cluster: ['Act Now'] },
  { flag: ['MW_On Prem Acq_Office 2016_2019'] },
  { expiringRevenue: { min: 500 } },
  { orgSize: { min: 5 } },
];

describe('the call list book on awkward customers (case, astral characters, records the row store does not hold)', () => {
  it('pages, sorts, counts facets and finds each customer as the reference does', async () => {
    const { db, dir } = tempCache();
    const asOf = '2026-11-30';
    for (const f of awkwardFiles(dir, '2026-11-20', '2026-11-25', '2027-01-15'))
      expect((await importFile(db, f)).status).toBe('imported');
    const all = referenceCustomers(db, { filters: {}, asOf, limit: 100 }).rows;
    expect(all.map((r) => r.customerId).sort()).toEqual(
      ['AB1', 'Ab1', 'C2', 'ab1', 'c2', 'id😀', 'idＡ', 'new1', 'new2', 'x9', 'y7'].sort(),
    );
    // The agreements download is the later snapshot: its records name the customers it has.
    expect(all.find((r) => r.customerId === 'AB1')!.accountName).toBe('Zeta Renamed');
    for (const filters of AWKWARD_FILTERS) {
      for (const sort of sorts) expectSamePages(db, filters, sort, asOf);
      expect(customerFacets(db, filters, asOf, 200)).toEqual(referenceCustomerFacets(db, filters, asOf, 200));
    }
    for (const row of all) expectDetailOf(customerDetail(db, row.customerId, asOf), row);
    db.close();
  });

  it('reads them for an export as the reference lists them (records the store does not hold, renamed customers)', async () => {
    const { db, dir } = tempCache();
    const asOf = '2026-11-30';
    for (const f of awkwardFiles(dir, '2026-11-20', '2026-11-25', '2027-01-15'))
      expect((await importFile(db, f)).status).toBe('imported');
    for (const filters of AWKWARD_FILTERS)
      await expectSameExportRead(db, filters, asOf, JSON.stringify(filters), true);
    db.close();
  });

  it('finds the few customers without products among thousands, as the reference does', async () => {
    const { db, dir } = tempCache();
    const asOf = '2026-11-30';
    const bare = new Set([17, 4500, 8990]);
    const lines = Array.from({ length: 9000 }, (_, i) =>
      m365Line(
        `C${String(i).padStart(5, '0')}`,
        `Name ${i}`,
        '',
        'NL',
        bare.has(i) ? null : ['Nurture', '40', '40'],
        null,
      ),
    );
    const file = write(dir, 'CloudAscent_M365_Propensity_2026-11-20.tsv', tsv([M365_HEADER, ...lines]));
    expect((await importFile(db, file)).status).toBe('imported');
    expect(expectSamePages(db, {}, [{ field: 'customerId', dir: 'asc' }], asOf)).toBe(9000);
    for (const i of bare)
      expect(customerDetail(db, `C${String(i).padStart(5, '0')}`, asOf).products).toEqual([]);
    db.close();
  }, 60_000);

  it("in the service, today's book (made from the service's row store) answers as the reference does", async () => {
    const { service, dbPath, dir } = tempService();
    try {
      const today = todayIso();
      for (const f of awkwardFiles(dir, plusDays(today, -17), plusDays(today, -12), plusDays(today, 40)))
        await service.importNow({ path: f });
      await service.rowStoreReady();
      const db = openCache(dbPath, { readonly: true });
      try {
        for (const filters of AWKWARD_FILTERS) {
          for (const sort of sorts) {
            const ref = referenceCustomers(db, { filters, sort, asOf: today, limit: 100 });
            expect(await service.customers({ filters, sort, limit: 100 })).toEqual(ref);
          }
          expect(await service.customerFacets({ filters })).toEqual(
            referenceCustomerFacets(db, filters, today),
          );
        }
        for (const row of referenceCustomers(db, { filters: {}, asOf: today, limit: 100 }).rows)
          expectDetailOf(await service.customer({ customerId: row.customerId }), row);
      } finally {
        db.close();
      }
    } finally {
      service.close();
    }
  });
});

describe('the call list book is never stale', () => {
  it('is built again after an import and after the priority weights change', async () => {
    const { db, dir } = tempCache();
    await importFile(
      db,
      write(
        dir,
        'CloudAscent_M365_Propensity_2026-11-20.tsv',
        tsv(m365Rows(6, () => ({ cluster: 'Nurture' }))),
      ),
    );
    const asOf = '2026-12-02';
    const first = bookFor(db, asOf);
    expect(queryCustomers(db, { filters: {}, asOf }).total).toBe(6);
    await importFile(
      db,
      write(
        dir,
        'CloudAscent_M365_Propensity_2026-11-27.tsv',
        tsv(m365Rows(9, () => ({ cluster: 'Act Now' }))),
      ),
    );
    expect(bookFor(db, asOf)).not.toBe(first);
    const after = queryCustomers(db, { filters: {}, asOf, limit: 100 });
    expect(after.total).toBe(9);
    expect(after.rows.every((r) => r.bestCluster === 'Act Now')).toBe(true);
    expectSamePages(db, {}, undefined, asOf);

    // Weights in the settings (key `priority`): the next answer uses them.
    const top = after.rows[0]!;
    expect(top.why[0]).toMatch(/^Act Now for M365/);
    const weights = {
      ...DEFAULT_PRIORITY_WEIGHTS,
      cluster: { ...DEFAULT_PRIORITY_WEIGHTS.cluster, 'Act Now': 5 },
    };
    const other = openCache(db.name);
    other.prepare("INSERT INTO settings (key, value) VALUES ('priority', ?)").run(JSON.stringify(weights));
    other.close();
    const reweighted = queryCustomers(db, { filters: {}, asOf, limit: 100 }).rows.find(
      (r) => r.customerId === top.customerId,
    )!;
    expect(reweighted.priority).toBe(top.priority - 35);
    expectSamePages(db, {}, undefined, asOf);
    db.close();
  });

  it('is lent to another connection only while that connection sees the data it was built from', async () => {
    const { db, dir } = tempCache();
    const file = (date: string, n: number) =>
      write(dir, `CloudAscent_M365_Propensity_${date}.tsv`, tsv(m365Rows(n, () => ({ cluster: 'Nurture' }))));
    await importFile(db, file('2026-11-20', 6));
    const asOf = '2026-12-02';
    const book = bookFor(db, asOf);
    const other = openCache(db.name);
    try {
      expect(lendBook(other, book)).toBe(true);
      expect(bookFor(other, asOf)).toBe(book);
      await importFile(db, file('2026-11-27', 9));
      expect(lendBook(other, book)).toBe(false);
      expect(bookFor(other, asOf)).not.toBe(book);
      expect(queryCustomers(other, { filters: {}, asOf }).total).toBe(9);
    } finally {
      other.close();
      db.close();
    }
  });

  it('in the service: waits for the book while other requests are answered, and follows imports and weights', async () => {
    const { service, dbPath, dir } = tempService();
    try {
      await service.importNow({
        path: write(dir, 'CloudAscent_M365_Propensity_2026-11-20.tsv', tsv(m365Rows(5))),
      });
      const asOf = '2026-12-02';
      expect((await service.customers({ filters: {}, asOf })).total).toBe(5);
      await service.importNow({
        path: write(
          dir,
          'CloudAscent_M365_Propensity_2026-11-27.tsv',
          tsv(m365Rows(8, () => ({ cluster: 'Evaluate' }))),
        ),
      });
      // Asked while the new book is built: the answer is the new data's, never the old book's.
      const [list, facets, imports] = await Promise.all([
        service.customers({ filters: {}, asOf }),
        service.customerFacets({ filters: {}, asOf }),
        service.imports(),
      ]);
      expect(list.total).toBe(8);
      expect(list.rows.every((r) => r.bestCluster === 'Evaluate')).toBe(true);
      expect(facets.total).toBe(8);
      expect(imports).toHaveLength(2);
      const before = list.rows[0]!;
      const weights = {
        ...DEFAULT_PRIORITY_WEIGHTS,
        cluster: { ...DEFAULT_PRIORITY_WEIGHTS.cluster, Evaluate: 50 },
      };
      const other = openCache(dbPath);
      other.prepare("INSERT INTO settings (key, value) VALUES ('priority', ?)").run(JSON.stringify(weights));
      other.close();
      const now = await service.customer({ customerId: before.customerId, asOf });
      expect(now.priority).toBe(before.priority + 25);
      expect(
        (await service.customers({ filters: {}, asOf })).rows.find((r) => r.customerId === before.customerId)!
          .priority,
      ).toBe(before.priority + 25);
    } finally {
      service.close();
    }
  });
});
