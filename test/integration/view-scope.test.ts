/**
 * Issue 14, "export from every view", on the sample downloads in real SQLite files: the
 * Overview's figures follow the filter panel's scope, the Whitespace view's territory × cluster
 * grouping, the Agreements list's own filters (status, end-date range, licence program) and
 * scope, and the CSV lists of those views written by the export job.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../main/ingest/import';
import { agreements } from '../../main/query/agreements';
import { queryCustomers } from '../../main/query/customers';
import { whitespaceGroups } from '../../main/query/groups';
import { iterateRows } from '../../main/query/rows';
import { scopedSummary } from '../../main/query/scoped-summary';
import { summary } from '../../main/query/summary';
import { API, type AgreementRowOut, type JobOut } from '../../shared/api';
import type { Filters } from '../../shared/filters';
import type { Service } from '../../main/service';
import { sampleFiles, tempCache, tempService } from './helpers';

const AS_OF = '2026-11-25';

/** Splits one RFC 4180 line (the lists quote only what needs it). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

describe('views scoped by the filter panel, over resources/sample', () => {
  const { db } = tempCache();
  let territory = '';
  beforeAll(async () => {
    for (const f of sampleFiles()) expect((await importFile(db, f)).status).toBe('imported');
    // The territory with the most agreement customers, so that every figure has something to count.
    territory = db
      .prepare(
        `SELECT c.sales_territory FROM agreements a JOIN customers c ON c.import_id = a.import_id
           AND c.customer_id = a.customer_id WHERE c.sales_territory IS NOT NULL
         GROUP BY 1 ORDER BY COUNT(*) DESC, 1 LIMIT 1`,
      )
      .pluck()
      .get() as string;
  });
  afterAll(() => db.close());

  const callList = (filters: Filters) =>
    new Set(queryCustomers(db, { filters, asOf: AS_OF, limit: 100_000 }).rows.map((r) => r.customerId));
  const allAgreements = () => agreements(db, { asOf: AS_OF, all: true, limit: 10_000 }).rows;

  it("the Overview's figures follow a territory: the call list's customers, their agreements and rows", () => {
    const f: Filters = { salesTerritory: [territory] };
    const all = summary(db, AS_OF);
    const s = scopedSummary(db, AS_OF, f);
    const ids = callList(f);
    expect(ids.size).toBeGreaterThan(0);
    expect(ids.size).toBeLessThan(all.customers);
    expect(s.customers).toBe(ids.size);

    // Expiring agreements of the fiscal year (FY27: July 2026 – June 2027) of those customers only.
    const fy = allAgreements().filter(
      (a) => a.endDate !== null && a.endDate >= s.fiscalYearStart && a.endDate <= s.fiscalYearEnd,
    );
    const mine = fy.filter((a) => ids.has(a.customerId));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(fy.length);
    expect(s.expiringAgreements).toBe(mine.length);
    const cents = mine
      .filter((a) => a.status === 'open')
      .reduce((n, a) => n + Math.round((a.expiringRevenue ?? 0) * 100), 0);
    expect(Math.round(s.openExpiringRevenue * 100)).toBe(cents);

    // Clusters per product: the scope's product rows, counted through the row reader.
    const expected: Record<string, Record<string, number>> = {};
    for (const r of iterateRows(db, f, undefined, AS_OF)) {
      expect(r.salesTerritory).toBe(territory);
      if (!r.cluster) continue;
      expected[r.product] ??= {};
      expected[r.product]![r.cluster] = (expected[r.product]![r.cluster] ?? 0) + 1;
    }
    for (const [p, byCluster] of Object.entries(s.clusters))
      for (const [c, n] of Object.entries(byCluster))
        expect([p, c, n]).toEqual([p, c, expected[p]?.[c] ?? 0]);
    expect(Object.keys(s.clusters).sort()).toEqual(Object.keys(expected).sort());
    const total = (x: typeof s) =>
      Object.values(x.clusters).reduce((n, m) => n + Object.values(m).reduce((a, b) => a + b, 0), 0);
    expect(total(s)).toBeLessThan(total(all));

    // Moves into Act Now: the movement filter within the scope.
    for (const p of Object.keys(s.movedIntoActNow))
      expect(s.movedIntoActNow[p]).toBe(
        [...iterateRows(db, { ...f, product: [p as never], movedIntoActNow: true }, undefined, AS_OF)].length,
      );
  });

  it('no filter is the summary itself', () => {
    expect(scopedSummary(db, AS_OF, {})).toEqual(summary(db, AS_OF));
  });

  it('a product-level filter scopes the Overview by matching product rows', () => {
    const f: Filters = { cluster: ['Act Now'] };
    const s = scopedSummary(db, AS_OF, f);
    expect(s.customers).toBe(callList(f).size);
    for (const byCluster of Object.values(s.clusters)) expect(byCluster.Evaluate).toBe(0);
  });

  it('groups whitespace by territory × cluster, following the scope', () => {
    const groups = whitespaceGroups(db, 'territoryCluster', {});
    expect(groups.some((g) => g.a === territory)).toBe(true);
    const rows = [...iterateRows(db, { whitespace: true }, undefined)];
    for (const g of groups) {
      const inGroup = rows.filter((r) => r.salesTerritory === g.a && r.cluster === g.b);
      const cents = inGroup.reduce((n, r) => n + Math.round((r.whitespaceRevenue ?? 0) * 100), 0);
      expect([g.a, g.b, Math.round(g.revenue * 100)]).toEqual([g.a, g.b, cents]);
      expect(g.customers).toBe(new Set(inGroup.map((r) => r.customerId)).size);
    }
    const scoped = whitespaceGroups(db, 'territoryCluster', { salesTerritory: [territory] });
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((g) => g.a === territory)).toBe(true);
    expect(scoped).toEqual(groups.filter((g) => g.a === territory));
  });

  it("filters the renewal list by status, end-date range, licence program and the panel's scope", () => {
    const every = allAgreements();
    const programs = [...new Set(every.map((a) => a.licenseProgram).filter((p): p is string => !!p))].sort();
    expect(programs.length).toBeGreaterThan(1);
    const range = { from: '2026-07-01', to: '2027-03-31' };
    const check = (
      q: Parameters<typeof agreements>[1],
      keep: (a: AgreementRowOut) => boolean,
    ): AgreementRowOut[] => {
      const got = agreements(db, { asOf: AS_OF, all: true, limit: 10_000, ...q });
      const want = every.filter(keep);
      expect(got.total).toBe(want.length);
      expect(got.rows.map((r) => [r.customerId, r.agreementId])).toEqual(
        want.map((r) => [r.customerId, r.agreementId]),
      );
      return got.rows;
    };
    const inRange = (a: AgreementRowOut) =>
      a.endDate !== null && a.endDate >= range.from && a.endDate <= range.to;
    const open = check({ status: 'open', endDate: range }, (a) => a.status === 'open' && inRange(a));
    const ended = check({ status: 'ended', endDate: range }, (a) => a.status === 'ended' && inRange(a));
    expect(open.length).toBeGreaterThan(0);
    expect(ended.length).toBeGreaterThan(0);
    // Bounds are inclusive: the first and last end dates of the list, as a range, keep both ends.
    const dates = every
      .map((a) => a.endDate)
      .filter((d): d is string => !!d)
      .sort();
    check({ endDate: { from: dates[0]!, to: dates[0]! } }, (a) => a.endDate === dates[0]);
    check({ endDate: { from: dates.at(-1)! } }, (a) => a.endDate === dates.at(-1));
    check({ endDate: { to: '2026-08-31' } }, (a) => a.endDate !== null && a.endDate <= '2026-08-31');
    check({ licenseProgram: [programs[0]!] }, (a) => a.licenseProgram === programs[0]);
    const ids = callList({ salesTerritory: [territory] });
    const scoped = check(
      { filters: { salesTerritory: [territory] }, status: 'open' },
      (a) => ids.has(a.customerId) && a.status === 'open',
    );
    expect(scoped.length).toBeGreaterThan(0);
    // A product-level scope: customers with a current Act Now row.
    const act = callList({ cluster: ['Act Now'] });
    check({ filters: { cluster: ['Act Now'] } }, (a) => act.has(a.customerId));
  });

  it('validates the end-date range and hostile values stay bound', () => {
    const bad = API.agreements.input.safeParse({ endDate: { from: '2027-01-01', to: '2026-01-01' } });
    expect(bad.success).toBe(false);
    expect(API.agreements.input.safeParse({ endDate: {} }).success).toBe(false);
    expect(API.agreements.input.safeParse({ endDate: { from: '2026-13-01' } }).success).toBe(false);
    expect(
      agreements(db, {
        all: true,
        licenseProgram: ["x') OR 1=1 --"],
        filters: { salesTerritory: ["' OR '1'='1"] },
      }).total,
    ).toBe(0);
  });
});

async function settle(service: Service, id: string): Promise<JobOut> {
  for (;;) {
    const j = await service.job({ id });
    if (j.state !== 'running') return j;
    await new Promise((r) => setTimeout(r, 30));
  }
}

describe("the views' CSV lists through the export job", () => {
  it('writes the whitespace grouping and the renewal list as shown, and refuses what is not a CSV or empty', async () => {
    const { service } = tempService();
    try {
      const imp = await settle(
        service,
        (await service.importFiles(sampleFiles().map((p) => ({ path: p })))).id,
      );
      expect(imp.state).toBe('done');
      const { rows } = await service.rows({ filters: {}, limit: 1 });
      const territory = rows[0]!.salesTerritory!;
      const filters: Filters = { salesTerritory: [territory] };
      const read = async (input: Parameters<Service['startExport']>[0]) => {
        const job = await settle(service, (await service.startExport(input)).id);
        expect(job.state).toBe('done');
        const f = service.exportFile(job.id)!;
        const text = fs.readFileSync(f.path, 'utf8');
        expect(text.startsWith('\ufeff')).toBe(true);
        return { job, name: f.name, lines: text.slice(1).trimEnd().split('\r\n').map(fields) };
      };

      const ws = await read({ format: 'csv', filters, whitespaceBy: 'territoryCluster', lang: 'nl' });
      expect(ws.lines[0]).toEqual(['Verkoopgebied', 'Cluster', 'Klanten', 'Whitespace-omzet', 'Geschat']);
      const groups = await service.whitespace({ by: 'territoryCluster', filters });
      expect(ws.lines.slice(1).map((l) => [l[0], Number(l[2]), Number(l[3])])).toEqual(
        groups.map((g) => [g.a, g.customers, g.revenue]),
      );
      expect(ws.name).toMatch(
        new RegExp(`^Verkoopgebied × Cluster, ${territory} — \\d{4}-\\d{2}-\\d{2}\\.csv$`),
      );

      const q = { status: 'open' as const, endDate: { from: '2026-07-01', to: '2027-06-30' }, all: true };
      const list = await read({ format: 'csv', filters, agreements: q });
      const shown = await service.agreements({ ...q, filters, limit: 10_000 });
      expect(list.lines[0]).toEqual([
        'Customer ID',
        'Account name',
        'Agreement ID',
        'License program',
        'Product up for renewal',
        'End date',
        'Expiring revenue',
        'Status',
        'Current clusters',
      ]);
      expect(list.lines.length - 1).toBe(shown.total);
      expect(list.lines.slice(1).map((l) => [l[0], l[2], l[5], l[7]])).toEqual(
        shown.rows.map((r) => [r.customerId, r.agreementId, r.endDate, 'Open']),
      );

      const xlsx = await settle(service, (await service.startExport({ format: 'xlsx', agreements: q })).id);
      expect(xlsx.state).toBe('failed');
      expect(xlsx.error).toBe('the whitespace grouping and the agreements list are CSV');
      const empty = await settle(
        service,
        (
          await service.startExport({
            format: 'csv',
            agreements: { endDate: { from: '1990-01-01', to: '1990-01-02' }, all: true },
          })
        ).id,
      );
      expect(empty.state).toBe('failed');
      expect(empty.error).toMatch(/^nothing to export: no rows match these filters/);
    } finally {
      service.close();
    }
  });
});
