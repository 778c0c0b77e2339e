/**
 * Issue 14's range filters and SalesTerritory through the CLI, on the sample files: each range
 * at its bounds (counts checked against the rows' own values, filtered here in plain JS), open
 * and closed ranges, bad ranges (exit 2, one line), the territory facet, grouping and warnings,
 * and the facets' range counts.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache, type DB } from '../../main/cache/db';
import { importFile } from '../../main/ingest/import';
import { main } from '../../main/cli/main';
import { facets } from '../../main/query/facets';
import { whitespaceGroups } from '../../main/query/groups';
import { queryRows } from '../../main/query/rows';
import { fiscalYearOf, todayIso } from '../../shared/domain/fiscal';
import { addDays } from '../../shared/dates';
import type { PropensityRow } from '../../shared/filters';
import { sampleFiles, tempDir } from './helpers';

/** The CLI's entry, in process: its exit code and what it printed. */
async function ascent(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}

describe('range filters and territories through the CLI, on the sample files', () => {
  const dir = tempDir();
  const file = path.join(dir, 'cache.sqlite');
  let db: DB;
  /** Every current row, as `ascent rows --json` gives it without a filter. */
  let all: PropensityRow[] = [];
  /** The agreements of the current agreements report: customer, end date, expiring revenue. */
  let agreements: { id: string; end: string | null; rev: number | null }[] = [];
  const today = todayIso();

  beforeAll(async () => {
    db = openCache(file);
    for (const f of sampleFiles()) await importFile(db, f);
    const r = await ascent('rows', '--db', file, '--json', '--limit', '10000');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { total: number; rows: PropensityRow[] };
    all = doc.rows;
    expect(all.length).toBe(doc.total);
    agreements = db
      .prepare(
        `SELECT customer_id AS id, end_date AS end, expiring_revenue AS rev FROM agreements
         WHERE import_id = (SELECT MAX(id) FROM imports WHERE report = 'agreements')`,
      )
      .all() as typeof agreements;
  }, 120_000);
  afterAll(() => db.close());

  /** `ascent rows` with these flags: the total it reports. */
  async function total(...flags: string[]): Promise<number> {
    const r = await ascent('rows', '--db', file, '--json', '--limit', '0', ...flags);
    expect(r.code, `${flags.join(' ')}: ${r.err}`).toBe(0);
    return (JSON.parse(r.out) as { total: number }).total;
  }
  const count = (test: (r: PropensityRow) => boolean) => all.filter(test).length;
  const values = (pick: (r: PropensityRow) => number | null) =>
    [...new Set(all.map(pick).filter((v): v is number => v !== null))].sort((a, b) => a - b);

  const NUMERIC = [
    ['fit', (r: PropensityRow) => r.fit],
    ['intent', (r: PropensityRow) => r.intent],
    ['whitespace-revenue', (r: PropensityRow) => r.whitespaceRevenue],
    ['org-size', (r: PropensityRow) => r.orgSize],
  ] as const;

  it.each(NUMERIC)('--%s at its bounds: each end inclusive, open ends, blanks never', async (flag, pick) => {
    const vs = values(pick);
    expect(vs.length).toBeGreaterThan(3);
    const lo = vs[1]!;
    const hi = vs[vs.length - 2]!;
    const within = (min?: number, max?: number) =>
      count((r) => {
        const v = pick(r);
        return v !== null && (min === undefined || v >= min) && (max === undefined || v <= max);
      });
    // Between two neighbouring values: a range no row is in.
    const gap = (vs[2]! - vs[1]!) / 3;
    const cases: [string, number][] = [
      [`${lo}..`, within(lo)],
      [`..${hi}`, within(undefined, hi)],
      [`${lo}..${hi}`, within(lo, hi)],
      [`${lo}..${lo}`, within(lo, lo)],
      [`${vs[1]! + gap}..${vs[1]! + 2 * gap}`, 0],
    ];
    for (const [range, expected] of cases) expect(await total(`--${flag}`, range), range).toBe(expected);
    // The bounds are values rows hold: an exclusive end would count fewer.
    expect(within(lo, lo)).toBeGreaterThan(0);
    expect(within(lo)).toBeLessThan(within(vs[0]));
    // The full span leaves out only the blanks.
    expect(await total(`--${flag}`, `${vs[0]}..${vs.at(-1)}`)).toBe(count((r) => pick(r) !== null));
  });

  it('--fit 70.. counts the rows whose own Fit is at least 70; with a product, that product’s', async () => {
    const n = count((r) => r.fit !== null && r.fit >= 70);
    expect(n).toBeGreaterThan(0);
    expect(await total('--fit', '70..')).toBe(n);
    expect(await total('--fit', '70..', '--product', 'M365')).toBe(
      count((r) => r.product === 'M365' && r.fit !== null && r.fit >= 70),
    );
    expect(await total('--intent', '..40', '--fit', '70..')).toBe(
      count((r) => r.fit !== null && r.fit >= 70 && r.intent !== null && r.intent <= 40),
    );
  });

  it('--agreement-end and --expiring-revenue: the customer’s open agreements, at their bounds', async () => {
    const open = agreements.filter((a) => a.end !== null && a.end >= today);
    const ends = [...new Set(open.map((a) => a.end!))].sort();
    expect(ends.length).toBeGreaterThan(2);
    const ending = (from?: string, to?: string) =>
      new Set(open.filter((a) => (!from || a.end! >= from) && (!to || a.end! <= to)).map((a) => a.id));
    const rowsOf = (ids: Set<string>) => count((r) => ids.has(r.customerId));
    const [from, to] = [ends[0]!, ends[1]!];
    expect(await total('--agreement-end', `${from}..${to}`)).toBe(rowsOf(ending(from, to)));
    expect(await total('--agreement-end', `${to}..`)).toBe(rowsOf(ending(to)));
    expect(await total('--agreement-end', `..${from}`)).toBe(rowsOf(ending(undefined, from)));
    expect(rowsOf(ending(from, from))).toBeGreaterThan(0);
    expect(await total('--agreement-end', `${from}..${from}`)).toBe(rowsOf(ending(from, from)));
    // Ended agreements do not count, however the range is drawn.
    expect(agreements.some((a) => a.end !== null && a.end < today)).toBe(true);
    expect(await total('--agreement-end', `..${addDays(today, -1)}`)).toBe(0);

    const fy = fiscalYearOf(today);
    const cents = new Map<string, number>();
    for (const a of open)
      if (a.end! >= fy.start && a.end! <= fy.end && a.rev !== null)
        cents.set(a.id, (cents.get(a.id) ?? 0) + Math.round(a.rev * 100));
    const sums = [...new Set(cents.values())].sort((a, b) => a - b).map((c) => c / 100);
    expect(sums.length).toBeGreaterThan(2);
    const withSum = (min?: number, max?: number) =>
      new Set(
        [...cents]
          .filter(([, c]) => (min === undefined || c / 100 >= min) && (max === undefined || c / 100 <= max))
          .map(([id]) => id),
      );
    const m = sums[1]!;
    expect(await total('--expiring-revenue', `${m}..`)).toBe(rowsOf(withSum(m)));
    expect(await total('--expiring-revenue', `..${m}`)).toBe(rowsOf(withSum(undefined, m)));
    expect(await total('--expiring-revenue', `${m}..${m}`)).toBe(rowsOf(withSum(m, m)));
    expect(rowsOf(withSum(m, m))).toBeGreaterThan(0);
  });

  it('--territory filters, and a territory that matches nothing warns with the nearest one', async () => {
    const territories = [...new Set(all.map((r) => r.salesTerritory).filter((t): t is string => !!t))];
    expect(territories.length).toBeGreaterThan(1);
    const t = territories[0]!;
    expect(await total('--territory', t)).toBe(count((r) => r.salesTerritory === t));
    const typo = t.slice(0, -1) + (t.endsWith('x') ? 'y' : 'x');
    const r = await ascent('rows', '--db', file, '--territory', typo);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`warning: no territory '${typo}'; did you mean '${t}'?\n`);
  });

  it('ascent customers warns for a list value that matches nothing, as ascent rows does', async () => {
    const r = await ascent('customers', '--db', file, '--area', 'Westren Europe');
    expect(r.code).toBe(0);
    expect(r.err).toBe("warning: no area 'Westren Europe'; did you mean 'Western Europe'?\n");
    expect(r.out).toMatch(/^0 of 0 customers/m);
    const t = all.find((x) => x.salesTerritory)!.salesTerritory!;
    const ok = await ascent('customers', '--db', file, '--territory', t, '--json');
    expect(ok.err).toBe('');
    const far = await ascent('customers', '--db', file, '--territory', 'Zzzzzzzzzzzzzz', '--json');
    expect(far.err).toBe("warning: no territory 'Zzzzzzzzzzzzzz' in the current data\n");
    expect(far.code).toBe(0);
  });

  it('refuses bad ranges: exit 2, one line naming the flag and the reason', async () => {
    for (const [args, line] of [
      [['--fit', '80..20'], 'ascent: --fit: the minimum 80 is above the maximum 20'],
      [['--fit', 'abc..'], 'ascent: --fit: "abc" is not a number (MIN..MAX, MIN.. or ..MAX)'],
      [['--intent', '..101'], 'ascent: --intent: the maximum 101 is outside 0–100'],
      [['--agreement-end', '2027-02-30..'], 'ascent: --agreement-end: "2027-02-30" is not a real date'],
      [
        ['--agreement-end', '2027-03-31..2026-12-01'],
        'ascent: --agreement-end: the first date 2027-03-31 is after the last date 2026-12-01',
      ],
      [['--org-size', '25'], 'ascent: --org-size: "25" is not a range (MIN..MAX, MIN.. or ..MAX)'],
    ] as const) {
      const r = await ascent('rows', '--db', file, ...args);
      expect({ args, code: r.code, err: r.err }).toEqual({ args, code: 2, err: `${line}\n` });
      const c = await ascent('customers', '--db', file, ...args);
      expect(c.code).toBe(2);
    }
    // And as a real process: the exit code the shell sees.
    const bin = path.resolve(import.meta.dirname, '../../bin/ascent.mjs');
    const p = spawnSync(process.execPath, [bin, 'rows', '--db', file, '--fit', '80..20'], {
      encoding: 'utf8',
    });
    expect(p.status).toBe(2);
    expect(p.stderr).toBe('ascent: --fit: the minimum 80 is above the maximum 20\n');
  });

  it('lists the range flags in the help', async () => {
    const r = await ascent('rows', '--help');
    for (const flag of [
      '--fit MIN..MAX',
      '--intent MIN..MAX',
      '--whitespace-revenue MIN..MAX',
      '--org-size MIN..MAX',
      '--agreement-end FROM..TO',
      '--expiring-revenue MIN..MAX',
      '--territory T,…',
    ])
      expect(r.out).toContain(flag);
  });

  it('facets count each range set: the rows matching it and the others, and the others alone', async () => {
    const f = { product: ['M365' as const], fit: { min: 70 }, intent: { max: 60 } };
    const out = await facets(db, f);
    const n = (filters: object) => queryRows(db, { filters, limit: 0 }).total;
    expect(out.ranges).toEqual({
      fit: { count: n(f), of: n({ product: ['M365'], intent: { max: 60 } }) },
      intent: { count: n(f), of: n({ product: ['M365'], fit: { min: 70 } }) },
    });
    expect(out.ranges!.fit!.of).toBeGreaterThan(out.ranges!.fit!.count);
    expect((await facets(db, { product: ['M365'] })).ranges).toBeUndefined();
    // SalesTerritory is a facet, counted under the other filters.
    const byT = new Map<string, number>();
    for (const r of all.filter((x) => x.product === 'M365'))
      byT.set(r.salesTerritory ?? '(none)', (byT.get(r.salesTerritory ?? '(none)') ?? 0) + 1);
    const listed = (await facets(db, { product: ['M365'] })).lists.salesTerritory!;
    expect(Object.fromEntries(listed.map((v) => [v.value, v.count]))).toEqual(Object.fromEntries(byT));
  });

  it('groups whitespace revenue by territory and cluster, to the cent', () => {
    const groups = whitespaceGroups(db, 'territoryCluster');
    const want = new Map<string, { customers: Set<string>; cents: number }>();
    for (const r of all.filter((x) => x.whitespace)) {
      const k = `${r.salesTerritory}\u0000${r.cluster}`;
      const g = want.get(k) ?? { customers: new Set(), cents: 0 };
      g.customers.add(r.customerId);
      g.cents += Math.round((r.whitespaceRevenue ?? 0) * 100);
      want.set(k, g);
    }
    expect(groups.length).toBe(want.size);
    for (const g of groups) {
      const w = want.get(`${g.a}\u0000${g.b}`)!;
      expect({ customers: g.customers, revenue: g.revenue }).toEqual({
        customers: w.customers.size,
        revenue: w.cents / 100,
      });
    }
  });
});
