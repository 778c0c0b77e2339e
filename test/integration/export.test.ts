import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../main/cli/export';
import { ExportCancelled, ExportError, runExport } from '../../main/export/index';
import { exportCsv } from '../../main/export/csv-list';
import { DRAIN_LIMIT, drainEntry, exportWorkbook, TAB_NAMES } from '../../main/export/workbook';
import { CLUSTER_COLORS } from '../../shared/domain/colors';
import { CSV_COLUMNS } from '../../main/export/csv-list';
import { columnName } from '../../shared/i18n/columns';
import {
  AS_OF,
  HOSTILE,
  buildCache,
  cellText,
  dataRows,
  headerOf,
  readWorkbook,
  type Fixture,
} from './export-helpers';

let fx: Fixture;
let outDir: string;
let seq = 0;
const out = (ext = 'xlsx') => join(outDir, `export-${seq++}.${ext}`);
/** Files in the output folder that are left-over temporary files. */
const partials = () => readdirSync(outDir).filter((f) => f.includes('.partial-'));

beforeAll(async () => {
  fx = await buildCache();
  outDir = mkdtempSync(join(tmpdir(), 'ascent-export-out-'));
});
afterAll(() => {
  fx.cleanup();
  rmSync(outDir, { recursive: true, force: true });
});

describe('exportWorkbook: tabs and scope', () => {
  it('writes every tab in order with the rows in scope', async () => {
    const r = await exportWorkbook(fx.db, { out: out(), asOf: AS_OF, filters: {} });
    expect(r.format).toBe('xlsx');
    expect(r.rows).toBe(16);
    expect(r.tabs.map((t) => t.name)).toEqual([...TAB_NAMES]);
    const counts = Object.fromEntries(r.tabs.map((t) => [t.name, t.rows]));
    expect(counts).toMatchObject({
      'Propensity model': 16,
      'Whitespace revenue': 9,
      Upsell: 3,
      'End of service': 2,
      'Expiring agreements': 3,
      Movement: 2,
    });
    const wb = await readWorkbook(r.file);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...TAB_NAMES]);
    expect(dataRows(wb.getWorksheet('Propensity model')!)).toHaveLength(16);
    expect(dataRows(wb.getWorksheet('Upsell')!).map((row) => row[0])).toEqual(['C003', 'C004', 'C007']);
  });

  it('applies the filters to every propensity tab and omits tabs without rows', async () => {
    const r = await exportWorkbook(fx.db, { out: out(), asOf: AS_OF, filters: { cluster: ['Evaluate'] } });
    // Evaluate: C001 Azure, C002 M365, C006 M365, C007 Azure.
    expect(r.rows).toBe(4);
    const names = r.tabs.map((t) => t.name);
    expect(names).toEqual([
      'Summary',
      'Customers',
      'Territories',
      'Propensity model',
      'Whitespace revenue',
      'Matrix',
      'End of service',
      'Expiring agreements',
    ]);
    const wb = await readWorkbook(r.file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(names);
    const rows = dataRows(wb.getWorksheet('Propensity model')!);
    expect(rows.map((row) => `${cellText(row[0])} ${cellText(row[8])}`).sort()).toEqual([
      'C001 Azure',
      'C002 M365',
      'C006 M365',
      'C007 Azure',
    ]);
    expect(rows.every((row) => row[14] === 'Evaluate')).toBe(true);
    // Whitespace among them: C002 M365, C006 M365; largest first.
    expect(dataRows(wb.getWorksheet('Whitespace revenue')!).map((row) => row[0])).toEqual(['C006', 'C002']);
    // End of service: customers in scope with a flag: C001 only (C004 is Educate).
    expect(dataRows(wb.getWorksheet('End of service')!).map((row) => row[0])).toEqual(['C001']);
    // Agreements follow only the customer filters, so a cluster filter leaves all three.
    expect(dataRows(wb.getWorksheet('Expiring agreements')!)).toHaveLength(3);
    const summary = wb.getWorksheet('Summary')!;
    expect(summary.getCell('B4').value).toBe('Cluster: Evaluate');
    expect(summary.getCell('B6').value).toBe(4); // distinct customers in scope
  });

  it('narrows agreements by customer filters and counts the summary in scope', async () => {
    const r = await exportWorkbook(fx.db, { out: out(), asOf: AS_OF, filters: { country: ['Germany'] } });
    expect(r.rows).toBe(4); // C003, C006 × 2 products
    const wb = await readWorkbook(r.file);
    const agreements = dataRows(wb.getWorksheet('Expiring agreements')!);
    expect(agreements.map((row) => row[3])).toEqual(['A3']); // C006's FY27 agreement; A4 is FY28, A5 FY26
    const s = wb.getWorksheet('Summary')!;
    expect(s.getCell('B3').value).toBe('FY27 (2026-07-01 – 2027-06-30)');
    expect(s.getCell('B4').value).toBe('Country: Germany');
    expect(s.getCell('B6').value).toBe(2);
    expect(s.getCell('B7').value).toBe(1);
    expect(s.getCell('B8').value).toBeCloseTo(12345.67, 2);
  });

  it('writes only the tabs asked for', async () => {
    const r = await exportWorkbook(fx.db, {
      out: out(),
      asOf: AS_OF,
      filters: {},
      tabs: ['Movement', 'Summary'],
    });
    expect(r.tabs.map((t) => t.name)).toEqual(['Summary', 'Movement']);
  });
});

describe('exportWorkbook: the finished look', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const r = await exportWorkbook(fx.db, { out: out(), asOf: AS_OF, filters: {} });
    wb = await readWorkbook(r.file);
  });

  it('has a bold, frozen header with an autofilter over the data', () => {
    for (const name of [
      'Propensity model',
      'Whitespace revenue',
      'Upsell',
      'End of service',
      'Expiring agreements',
      'Movement',
    ]) {
      const ws = wb.getWorksheet(name)!;
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(ws.autoFilter).toBeTruthy();
    }
    const ws = wb.getWorksheet('Propensity model')!;
    expect(ws.autoFilter).toBe('A1:W17');
    expect(headerOf(ws)).toEqual([
      'Customer ID',
      'Account name',
      'Country',
      'Area',
      'Industry',
      'Vertical',
      'Subsegment',
      'Org size',
      'Product',
      'Fit',
      'Intent',
      'Fit band',
      'Intent band',
      'Cell',
      'Cluster',
      'Computed cluster',
      'Whitespace',
      'Upsell',
      'Whitespace revenue',
      'Estimated',
      'Snapshot',
      'Report',
      'File subsegment',
    ]);
    expect(ws.getColumn(2).width).toBeGreaterThan(20);
  });

  it('writes numbers as numbers, money and dates with formats, clusters coloured', () => {
    const ws = wb.getWorksheet('Propensity model')!;
    const find = (id: string, product: string) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (r.getCell(1).value === id && r.getCell(9).value === product) found = r;
      });
      return found!;
    };
    const row = find('C001', 'M365');
    expect(row.getCell(1).value).toBe('C001');
    expect(row.getCell(8).type).toBe(ExcelJS.ValueType.Number);
    expect(row.getCell(8).numFmt).toBe('#,##0');
    expect(row.getCell(10).value).toBe(90);
    expect(row.getCell(10).numFmt).toBe('0');
    expect(row.getCell(19).value).toBe(31680);
    expect(row.getCell(19).numFmt).toBe('"$"#,##0.00');
    expect(row.getCell(20).value).toBe('Yes');
    expect(row.getCell(21).type).toBe(ExcelJS.ValueType.Date);
    expect((row.getCell(21).value as Date).toISOString()).toBe('2026-10-20T00:00:00.000Z');
    expect(row.getCell(21).numFmt).toBe('yyyy-mm-dd');
    const byCluster = new Map<string, ExcelJS.Cell>();
    ws.eachRow((r, n) => {
      if (n > 1) byCluster.set(cellText(r.getCell(15).value), r.getCell(15));
    });
    for (const [cluster, c] of Object.entries(CLUSTER_COLORS)) {
      const cell = byCluster.get(cluster)!;
      expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(c.argb);
      expect(cell.font?.color?.argb).toBe(c.textArgb);
    }
    // A row without revenue leaves revenue and "Estimated" blank.
    expect(find('C001', 'Azure').getCell(19).value).toBeNull();
    expect(find('C001', 'Azure').getCell(20).value).toBeNull();
  });

  it('keeps hostile text verbatim as strings, never formulas', () => {
    for (const name of ['Propensity model', 'Whitespace revenue', 'Expiring agreements']) {
      const ws = wb.getWorksheet(name)!;
      const found = new Set<string>();
      ws.eachRow((r) => {
        const cell = r.getCell(2);
        if ((HOSTILE as readonly string[]).includes(cellText(cell.value))) {
          expect(cell.type).toBe(ExcelJS.ValueType.String);
          expect(cell.formula).toBeUndefined();
          found.add(cellText(cell.value));
        }
      });
      expect(found.size).toBeGreaterThan(0);
    }
    const all = new Set<string>();
    wb.getWorksheet('Propensity model')!.eachRow((r) => all.add(cellText(r.getCell(2).value)));
    for (const h of HOSTILE) expect(all.has(h)).toBe(true);
  });

  it('sorts whitespace revenue largest first with totals', () => {
    const ws = wb.getWorksheet('Whitespace revenue')!;
    const rows = dataRows(ws);
    const revenue = rows.map((r) => r[13] as number);
    expect(revenue).toEqual([...revenue].sort((a, b) => b - a));
    expect(revenue[0]).toBe(660000);
    const totals = ws.getRow(rows.length + 3);
    expect(cellText(totals.getCell(1).value)).toMatch(/^Total \(9 opportunities\)/);
    expect(totals.getCell(14).value).toBe(721572);
    expect(totals.getCell(14).numFmt).toBe('"$"#,##0.00');
  });

  it('lists FY27 agreements with status on the as-of date, and cluster movement', () => {
    const ag = dataRows(wb.getWorksheet('Expiring agreements')!);
    expect(ag.map((r) => [r[3], r[7], r[9]])).toEqual([
      ['A1', 'Ended', 1000.5],
      ['A2', 'Open', 2500],
      ['A3', 'Open', 12345.67],
    ]);
    expect(ag[0]![2]).toBe('Netherlands'); // country from the customer's propensity download
    expect((ag[0]![6] as Date).toISOString()).toBe('2026-09-30T00:00:00.000Z');
    expect(ag[0]![10]).toBe('Azure: Evaluate; M365: Act Now');
    const mv = dataRows(wb.getWorksheet('Movement')!);
    expect(mv.map((r) => [r[0], r[6], r[7], r[8]])).toEqual([
      ['C001', 'M365', 'Evaluate', 'Act Now'],
      ['C003', 'Azure', 'Nurture', 'Act Now'],
    ]);
  });

  it('summarises the scope and draws the 4×4 matrix per product', () => {
    const s = wb.getWorksheet('Summary')!;
    expect((s.getCell('B2').value as Date).toISOString()).toBe('2026-10-20T00:00:00.000Z');
    expect(s.getCell('B6').value).toBe(8);
    expect(s.getCell('B7').value).toBe(3);
    expect(s.getCell('B8').value).toBeCloseTo(14845.67, 2);
    expect(s.getCell('B8').numFmt).toBe('"$"#,##0.00');
    const m = wb.getWorksheet('Matrix')!;
    expect(m.getCell('A1').value).toBe('Microsoft 365 (M365)');
    expect(m.getRow(2).values).toEqual(
      expect.arrayContaining(['High', 'Medium', 'Low', 'Very Low', 'Total']),
    );
    expect(m.getCell('B3').value).toBe(3); // M365 High fit × High intent: C001, C005, C007
    expect((m.getCell('B3').fill as ExcelJS.FillPattern).fgColor?.argb).toBe(CLUSTER_COLORS['Act Now'].argb);
    expect(m.getCell('F7').value).toBe(8);
  });
});

describe('exportWorkbook: size and safety', () => {
  it('continues on numbered sheets past the row limit', async () => {
    const r = await exportWorkbook(fx.db, { out: out(), asOf: AS_OF, filters: {}, maxRowsPerSheet: 5 });
    const wb = await readWorkbook(r.file);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.slice(0, 8)).toEqual([
      'Summary',
      'Customers',
      'Customers (2)',
      'Territories',
      'Propensity model',
      'Propensity model (2)',
      'Propensity model (3)',
      'Propensity model (4)',
    ]);
    const parts = [
      'Propensity model',
      'Propensity model (2)',
      'Propensity model (3)',
      'Propensity model (4)',
    ].map((n) => wb.getWorksheet(n)!);
    expect(parts.map((ws) => dataRows(ws).length)).toEqual([5, 5, 5, 1]);
    for (const ws of parts) {
      expect(ws.getCell('A1').value).toBe('Customer ID');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    const ids = parts.flatMap((ws) => dataRows(ws).map((row) => `${cellText(row[0])}/${cellText(row[8])}`));
    expect(new Set(ids).size).toBe(16);
    expect(names).toContain('Whitespace revenue (2)');
    expect(r.rows).toBe(16);
  });

  it('leaves no file when onProgress throws mid-way, and keeps an earlier file', async () => {
    const target = out();
    writeFileSync(target, 'earlier');
    let calls = 0;
    await expect(
      exportWorkbook(fx.db, {
        out: target,
        asOf: AS_OF,
        filters: {},
        onProgress: () => {
          if (++calls === 2) throw new Error('disk on fire');
        },
      }),
    ).rejects.toThrow(/disk on fire/);
    expect(calls).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('earlier');
    expect(partials()).toEqual([]);
  });

  it('leaves no file when cancelled', async () => {
    const target = out();
    const ac = new AbortController();
    const p = exportWorkbook(fx.db, {
      out: target,
      asOf: AS_OF,
      filters: {},
      signal: ac.signal,
      onProgress: (pr) => {
        if (pr.tab === 'Propensity model') ac.abort();
      },
    });
    await expect(p).rejects.toBeInstanceOf(ExportCancelled);
    expect(existsSync(target)).toBe(false);
    expect(partials()).toEqual([]);

    const pre = new AbortController();
    pre.abort();
    await expect(
      exportWorkbook(fx.db, { out: target, asOf: AS_OF, filters: {}, signal: pre.signal }),
    ).rejects.toBeInstanceOf(ExportCancelled);
    expect(existsSync(target)).toBe(false);
    expect(partials()).toEqual([]);
  });

  it('reports a missing folder in one line', async () => {
    const target = join(outDir, 'no-such-folder', 'x.xlsx');
    const e = await exportWorkbook(fx.db, { out: target, asOf: AS_OF, filters: {} }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExportError);
    expect((e as Error).message).toBe(`cannot write ${target}: folder does not exist`);
    const c = await exportCsv(fx.db, { out: join(outDir, 'nope', 'x.csv'), filters: {} }).catch(
      (x: unknown) => x,
    );
    expect(c).toBeInstanceOf(ExportError);
    expect((c as Error).message).toMatch(/folder does not exist$/);
  });
});

describe('exportCsv', () => {
  it('writes a BOM, the header, RFC 4180 quoting and neutralised formulas', async () => {
    const r = await exportCsv(fx.db, { out: out('csv'), filters: {}, rows: 'products' });
    expect(r).toMatchObject({ format: 'csv', rows: 16 });
    const bytes = readFileSync(r.file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    // The UI's labels, in the product grain's default order (every key of the grain).
    expect(lines[0]).toBe(CSV_COLUMNS.products.map((k) => columnName('en', k)).join(','));
    expect(lines).toHaveLength(16 + 2);
    const byId = (id: string) => lines.find((l) => l.startsWith(`${id},`))!;
    expect(byId('C002')).toContain(`,"'=HYPERLINK(""http://x"",""y"")",`);
    expect(byId('C003')).toContain(`,"'+SUM(1,2)",`);
    expect(byId('C004')).toContain(`,'@cmd,`);
    expect(byId('C005')).toContain(`,'-10+20,`);
    expect(byId('C007')).toContain(`,"Northwind ""Traders"", Ltd",`);
    expect(lines.find((l) => l.startsWith('C001,') && l.includes(',M365,'))).toMatch(
      /^C001,Contoso Retail,,Netherlands,.*,M365,90,80,High,High,A1,Act Now,Act Now,Yes,No,31680\.00,Yes,2026-10-20,Azure,$/,
    );
  });

  it('follows the filters and is atomic', async () => {
    const r = await runExport(fx.db, {
      out: out('csv'),
      asOf: AS_OF,
      filters: { product: ['Azure'], country: ['Netherlands'] },
      rows: 'products',
    });
    expect(r.format).toBe('csv');
    expect(r.rows).toBe(3);
    const target = out('csv');
    await expect(
      exportCsv(fx.db, {
        out: target,
        filters: {},
        rows: 'products',
        onProgress: () => {
          throw new Error('stop');
        },
      }),
    ).rejects.toThrow(/stop/);
    expect(existsSync(target)).toBe(false);
    expect(partials()).toEqual([]);
  });
});

describe('runExport', () => {
  it('chooses the format from the option, else the extension', async () => {
    expect((await runExport(fx.db, { out: out('xlsx'), asOf: AS_OF, filters: {} })).format).toBe('xlsx');
    expect((await runExport(fx.db, { out: out('CSV'), asOf: AS_OF, filters: {} })).format).toBe('csv');
    const forced = await runExport(fx.db, { out: out('dat'), asOf: AS_OF, filters: {}, format: 'csv' });
    expect(readFileSync(forced.file, 'utf8').startsWith('\ufeffPriority,Customer ID,Account name,')).toBe(
      true,
    );
    await expect(runExport(fx.db, { out: out('txt'), asOf: AS_OF, filters: {} })).rejects.toThrow(
      /unknown format/,
    );
  });
});

describe('ascent export (exportCommand)', () => {
  const run = async (...args: string[]) => {
    const io = { stdout: '', stderr: '' };
    const code = await exportCommand(args, { out: (s) => (io.stdout += s), err: (s) => (io.stderr += s) });
    return { code, ...io };
  };

  it('writes the workbook and prints one JSON document', async () => {
    const target = out();
    const r = await run(
      '--db',
      fx.dbPath,
      '--out',
      target,
      '--as-of',
      AS_OF,
      '--country',
      'Netherlands',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(doc).toMatchObject({ file: target, format: 'xlsx', rows: 6 });
    expect(doc.tabs[0]).toEqual({ name: 'Summary', rows: expect.any(Number) });
    const wb = await readWorkbook(target);
    expect(dataRows(wb.getWorksheet('Propensity model')!)).toHaveLength(6);
  });

  it('writes CSV by extension or --format', async () => {
    const a = await run('--db', fx.dbPath, '--out', out('csv'), '--product', 'M365', '--rows', 'products');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^Wrote .*: 8 rows\n$/);
    const target = out('list');
    const b = await run(
      '--db',
      fx.dbPath,
      '--out',
      target,
      '--format',
      'csv',
      '--rows',
      'products',
      '--json',
    );
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ format: 'csv', rows: 16 });
  });

  it('reads a saved view by name, without case', async () => {
    const now = new Date().toISOString();
    fx.db
      .prepare('INSERT INTO views (name, state, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(
        'Act Now NL',
        JSON.stringify({ filters: { cluster: ['Act Now'], country: ['Netherlands'] }, sort: [] }),
        now,
        now,
      );
    const r = await run(
      '--db',
      fx.dbPath,
      '--out',
      out(),
      '--view',
      'act now nl',
      '--as-of',
      AS_OF,
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).rows).toBe(1); // C001 M365
    const missing = await run('--db', fx.dbPath, '--out', out(), '--view', 'Nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('ascent: no saved view named "Nope"\n');
  });

  it('exits 2 on usage errors and 1 with one line on failures', async () => {
    for (const args of [
      ['--db', fx.dbPath],
      ['--db', fx.dbPath, '--out', out(), '--as-of', '2026-13-01'],
      ['--db', fx.dbPath, '--out', out(), '--format', 'pdf'],
      ['--db', fx.dbPath, '--out', out('txt')],
      ['--db', fx.dbPath, '--out', out(), '--product', 'Nope'],
      ['--db', fx.dbPath, '--out', out(), '--bogus'],
    ]) {
      const r = await run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^ascent: .+\n$/);
    }
    const target = join(outDir, 'missing', 'x.xlsx');
    const r = await run('--db', fx.dbPath, '--out', target);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ascent: cannot write ${target}: folder does not exist\n`);
    expect(r.stdout).toBe('');
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ascent export --out FILE/);
  });
});

describe('waiting for the zip entry to drain', () => {
  it('goes on when the buffer empties without a drain event (exceljs never saw a full write)', async () => {
    let pending = DRAIN_LIMIT * 2;
    const entry = Object.assign(new EventEmitter(), {
      _writableState: {
        get length() {
          return pending;
        },
      },
    });
    const ws = { _stream: { pipes: [entry] } } as unknown as ExcelJS.Worksheet;
    const shrink = setInterval(() => (pending = Math.max(0, pending - DRAIN_LIMIT / 2)), 2);
    const never = new Promise<never>(() => {});
    await drainEntry(ws, never, () => {});
    clearInterval(shrink);
    expect(pending).toBeLessThan(DRAIN_LIMIT);
    expect(entry.listenerCount('drain')).toBe(0);
  });

  it('stops waiting when the export fails', async () => {
    const entry = Object.assign(new EventEmitter(), { _writableState: { length: DRAIN_LIMIT * 2 } });
    const ws = { _stream: { pipes: [entry] } } as unknown as ExcelJS.Worksheet;
    await expect(drainEntry(ws, Promise.reject(new Error('disk full')), () => {})).rejects.toThrow(
      'disk full',
    );
  });
});
