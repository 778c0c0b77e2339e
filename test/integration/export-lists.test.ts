/**
 * CSV target lists on the sample data (real files, real SQLite): grain, headers in both
 * languages, chosen columns and their order, values a CRM reads, the file's name, and the
 * refusal of an empty scope (library, service and CLI).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../main/cli/export';
import { CSV_COLUMNS, exportCsv } from '../../main/export/csv-list';
import { exportFileName, safeStem } from '../../main/export/file-name';
import { queryCustomers } from '../../main/query/customers';
import { columnName } from '../../shared/i18n/columns';
import { CLUSTER_NAMES } from '../../shared/i18n/terms';
import { SAMPLE_AS_OF as AS_OF, parseCsv, sampleWorkspace, type SampleWorkspace } from './export-sample';
import type { JobOut } from '../../shared/api';
import type { Service } from '../../main/service';
import { tempService } from './helpers';

async function settle(service: Service, id: string): Promise<JobOut> {
  for (;;) {
    const j = await service.job({ id });
    if (j.state !== 'running') return j;
    await new Promise((r) => setTimeout(r, 30));
  }
}

let ws: SampleWorkspace;
let seq = 0;
const next = (ext = 'csv') => ws.out(`list-${seq++}.${ext}`);
const read = (file: string) => parseCsv(fs.readFileSync(file, 'utf8'));

// Importing the sample takes seconds on a busy machine.
beforeAll(async () => {
  ws = await sampleWorkspace();
}, 120_000);
afterAll(() => ws.cleanup());

const run = async (...args: string[]) => {
  const io = { stdout: '', stderr: '' };
  const code = await exportCommand(['--db', ws.dbPath, '--as-of', AS_OF, ...args], {
    out: (s) => (io.stdout += s),
    err: (s) => (io.stderr += s),
  });
  return { code, ...io };
};

describe('CSV target list, one line per customer', () => {
  it('writes each customer in scope once, by priority, under the UI labels', async () => {
    const r = await exportCsv(ws.db, { out: next(), filters: {}, asOf: AS_OF });
    const rows = read(r.file);
    expect(rows[0]).toEqual(CSV_COLUMNS.customers.map((k) => columnName('en', k)));
    const all = queryCustomers(ws.db, { filters: {}, asOf: AS_OF, limit: 100_000 });
    expect(r.rows).toBe(all.total);
    expect(rows.length - 1).toBe(all.total);
    const id = rows[0]!.indexOf('Customer ID');
    expect(rows.slice(1).map((x) => x[id])).toEqual(all.rows.map((c) => c.customerId));
    expect(new Set(rows.slice(1).map((x) => x[id])).size).toBe(all.total);
  });

  it('writes the chosen columns in the chosen order, Customer ID and Domain always', async () => {
    const columns = ['accountName', 'products', 'whitespaceRevenue', 'nextAgreementEnd', 'priority'];
    const r = await exportCsv(ws.db, { out: next(), filters: {}, asOf: AS_OF, columns });
    const rows = read(r.file);
    expect(rows[0]).toEqual([
      'Customer ID',
      'Domain',
      'Account name',
      'Products',
      'Whitespace revenue',
      'Next agreement end',
      'Priority',
    ]);
    // Chosen, they keep their place and are not repeated.
    const again = await exportCsv(ws.db, {
      out: next(),
      filters: {},
      asOf: AS_OF,
      columns: ['domain', 'accountName', 'customerId'],
    });
    expect(read(again.file)[0]).toEqual(['Domain', 'Account name', 'Customer ID']);

    const byId = new Map(
      queryCustomers(ws.db, { filters: {}, asOf: AS_OF, limit: 100_000 }).rows.map((c) => [c.customerId, c]),
    );
    let multi = 0;
    for (const line of rows.slice(1)) {
      const c = byId.get(line[0]!)!;
      expect(line[1]).toBe(c.domain ?? '');
      // Products as text: "M365: Act Now; Azure: Evaluate", each current product once.
      const parts = line[3] ? line[3].split('; ') : [];
      expect(parts.map((p) => p.split(': ')[0]).sort()).toEqual(Object.keys(c.products).sort());
      for (const p of parts) {
        const [product, cluster] = p.split(': ');
        expect(cluster ?? null).toBe(c.products[product!]!.cluster);
      }
      if (parts.length > 1) multi++;
      // Money: a point, two decimals, no separators or sign; dates ISO.
      expect(line[4]).toMatch(c.whitespaceRevenue === null ? /^$/ : /^\d+\.\d{2}$/);
      if (c.whitespaceRevenue !== null) expect(Number(line[4])).toBe(c.whitespaceRevenue);
      expect(line[5]).toMatch(/^(\d{4}-\d{2}-\d{2})?$/);
      expect(line[6]).toBe(String(c.priority));
    }
    expect(multi).toBeGreaterThan(10);
  });

  it('writes Dutch headers and cluster names with --lang nl, keys the same', async () => {
    const r = await run('--out', next(), '--lang', 'nl', '--columns', 'accountName,bestCluster,products,eos');
    expect(r.code).toBe(0);
    const file = r.stdout.match(/^Wrote (.*): \d+ rows\n$/)![1]!;
    const rows = read(file);
    expect(rows[0]).toEqual([
      'Klant-ID',
      'Domein',
      'Accountnaam',
      'Beste cluster',
      'Producten',
      'Einde ondersteuning',
    ]);
    expect(rows[0]).toEqual(
      ['customerId', 'domain', 'accountName', 'bestCluster', 'products', 'eos'].map((k) =>
        columnName('nl', k as never),
      ),
    );
    const dutch = new Set(Object.values(CLUSTER_NAMES.nl));
    const best = rows.slice(1).map((x) => x[3]!);
    expect(best).toContain('Nu actie ondernemen');
    expect(best.filter((b) => b && !dutch.has(b))).toEqual([]);
    expect(rows.slice(1).some((x) => x[4]!.includes(': Evalueren'))).toBe(true);
    expect(new Set(rows.slice(1).map((x) => x[5]))).toEqual(new Set(['Ja', 'Nee']));
  });
});

describe('CSV target list, one line per product row', () => {
  it('writes every current propensity row with the customer domain, under the UI labels', async () => {
    const r = await run('--out', next(), '--rows', 'products', '--product', 'M365,Azure', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { file: string; rows: number };
    const rows = read(doc.file);
    expect(rows[0]).toEqual(CSV_COLUMNS.products.map((k) => columnName('en', k)));
    const n = ws.db
      .prepare(
        `SELECT COUNT(*) FROM propensity WHERE product IN ('M365','Azure') AND import_id IN (
           SELECT id FROM imports i WHERE report IN ('m365','azure') AND id = (SELECT j.id FROM imports j
             WHERE j.report = i.report AND j.snapshot <= ? ORDER BY j.snapshot DESC, j.id DESC LIMIT 1))`,
      )
      .pluck()
      .get(AS_OF) as number;
    expect(doc.rows).toBe(n);
    expect(rows.length - 1).toBe(n);
    const col = (label: string) => rows[0]!.indexOf(label);
    expect(new Set(rows.slice(1).map((x) => x[col('Product')]))).toEqual(new Set(['M365', 'Azure']));
    const domains = rows.slice(1).filter((x) => x[col('Domain')] !== '');
    expect(domains.length).toBeGreaterThan(rows.length / 2);
    for (const x of rows.slice(1)) expect(x[col('Snapshot')]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses an unknown column, naming it and the valid keys (exit 2)', async () => {
    const r = await run('--out', next(), '--rows', 'products', '--columns', 'fit,priority');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `ascent: --columns: unknown column "priority" for --rows products (one of ${CSV_COLUMNS.products.join(', ')})\n`,
    );
    for (const args of [
      ['--out', next(), '--lang', 'de'],
      ['--out', next(), '--rows', 'lines'],
      ['--out', next('xlsx'), '--columns', 'fit'],
    ]) {
      const bad = await run(...args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.stderr).toMatch(/^ascent: .+\n$/);
    }
    await expect(
      exportCsv(ws.db, { out: next(), filters: {}, asOf: AS_OF, columns: ['nope'] }),
    ).rejects.toThrow(/^unknown column "nope" for customers rows \(one of priority, customerId, /);
  });
});

describe('no silent empties', () => {
  it('refuses an empty scope with the nearest existing value, and writes nothing', async () => {
    const target = next();
    const r = await run('--out', target, '--area', 'Westren Europe');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "ascent: nothing to export: no area 'Westren Europe'; did you mean 'Western Europe'? (--allow-empty writes it anyway)\n",
    );
    expect(r.stdout).toBe('');
    expect(fs.existsSync(target)).toBe(false);
    const book = next('xlsx');
    const w = await run('--out', book, '--area', 'Westren Europe', '--cluster', 'Act Now');
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/did you mean 'Western Europe'\?/);
    expect(fs.existsSync(book)).toBe(false);
  });

  it('writes the empty file with --allow-empty, still naming the value', async () => {
    const target = next();
    const r = await run('--out', target, '--area', 'Westren Europe', '--allow-empty');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "warning: no area 'Westren Europe'; did you mean 'Western Europe'?\nwarning: no rows match these filters\n",
    );
    expect(read(target)).toEqual([CSV_COLUMNS.customers.map((k) => columnName('en', k))]);
  });

  it('refuses through the service too, unless allowEmpty', async () => {
    const { service } = tempService(); // a workspace with nothing imported: every scope is empty
    try {
      const refused = await settle(
        service,
        (await service.startExport({ format: 'xlsx', filters: { area: ['Westren Europe'] }, asOf: AS_OF }))
          .id,
      );
      expect(refused.state).toBe('failed');
      expect(refused.error).toBe(
        "nothing to export: no area 'Westren Europe' in the current data (allowEmpty writes the file anyway)",
      );
      // The door can tell the refusal from a failure, and has its reason, to offer "Export anyway".
      expect(refused.kind === 'export' && refused.result).toMatchObject({
        emptyScope: true,
        warnings: ["no area 'Westren Europe' in the current data"],
      });
      const failed = await settle(
        service,
        (await service.startExport({ format: 'csv', rows: 'customers', columns: ['nope'], allowEmpty: true }))
          .id,
      );
      expect(failed.state).toBe('failed');
      expect(failed.kind === 'export' && failed.result.emptyScope).toBeUndefined();
      const written = await settle(
        service,
        (await service.startExport({ format: 'csv', asOf: AS_OF, allowEmpty: true, lang: 'nl' })).id,
      );
      expect(written.state).toBe('done');
      const file = service.exportFile(written.id)!;
      expect(read(file.path)).toEqual([CSV_COLUMNS.customers.map((k) => columnName('nl', k))]);
    } finally {
      service.close();
    }
  });
});

describe('the file name', () => {
  it('is the view or the filter in words, then the as-of date', () => {
    expect(
      exportFileName({
        filters: { cluster: ['Evaluate', 'Nurture'], vertical: ['Retail'] },
        asOf: '2026-12-02',
        format: 'csv',
      }),
    ).toBe('Evaluate + Nurture, Retail — 2026-12-02.csv');
    expect(
      exportFileName({
        filters: { cluster: ['Evaluate', 'Nurture'] },
        asOf: '2026-12-02',
        format: 'xlsx',
        lang: 'nl',
      }),
    ).toBe('Evalueren + Nurture — 2026-12-02.xlsx');
    expect(
      exportFileName({ filters: { whitespace: true, product: ['M365'] }, asOf: '2026-12-02', format: 'csv' }),
    ).toBe('M365, Whitespace only — 2026-12-02.csv');
    expect(
      exportFileName({
        view: 'Benelux calls',
        filters: { cluster: ['Act Now'] },
        asOf: '2026-12-02',
        format: 'csv',
      }),
    ).toBe('Benelux calls — 2026-12-02.csv');
    expect(exportFileName({ filters: {}, asOf: '2026-12-02', format: 'csv' })).toBe(
      'All customers — 2026-12-02.csv',
    );
    expect(exportFileName({ filters: {}, asOf: '2026-12-02', format: 'csv', lang: 'nl' })).toBe(
      'Alle klanten — 2026-12-02.csv',
    );
  });

  it('is safe on every OS', () => {
    expect(safeStem('a/b\\c:d*e?f"g<h>i|j', 'x')).toBe('a-b-c - defghij');
    expect(safeStem('  ..hidden. ', 'x')).toBe('hidden');
    expect(safeStem('tab\there\nnew', 'x')).toBe('tab here new');
    expect(safeStem('CON', 'x')).toBe('CON (export)');
    expect(safeStem('lpt1.txt', 'x')).toBe('lpt1.txt (export)');
    expect(safeStem('...', 'All customers')).toBe('All customers');
    const long = safeStem('é'.repeat(300), 'x');
    expect([...long].length).toBeLessThanOrEqual(121);
    expect(Buffer.byteLength(long)).toBeLessThan(255);
    expect(exportFileName({ filters: { search: 'a/b' }, asOf: '2026-12-02', format: 'csv' })).toBe(
      'Search - a-b — 2026-12-02.csv',
    );
  });

  it('names the export job after the filter', async () => {
    const { service } = tempService();
    try {
      const job = await settle(
        service,
        (
          await service.startExport({
            format: 'csv',
            filters: { cluster: ['Evaluate', 'Nurture'] },
            asOf: AS_OF,
            allowEmpty: true,
          })
        ).id,
      );
      expect(job.kind === 'export' && job.result.name).toBe(`Evaluate + Nurture — ${AS_OF}.csv`);
    } finally {
      service.close();
    }
  });
});
