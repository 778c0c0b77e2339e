/**
 * The workbook on the sample data (real files, real SQLite): the Territories tab to the cent
 * against an independent SQL computation, the Summary's scope and rows per tab, clusters out of
 * scope, product names and column widths, Dutch tab names and headers from the catalogs, and the
 * print setup of every tab.
 */
import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportWorkbook, TAB_NAMES } from '../../main/export/workbook';
import { fiscalYearOf } from '../../shared/domain/fiscal';
import { PRODUCT_INFO } from '../../shared/domain/products';
import { columnName } from '../../shared/i18n/columns';
import { CLUSTER_NAMES } from '../../shared/i18n/terms';
import { WORKBOOK_MESSAGES } from '../../shared/i18n/workbook';
import { dataRows, headerOf, readWorkbook } from './export-helpers';
import { SAMPLE_AS_OF as AS_OF, sampleWorkspace, type SampleWorkspace } from './export-sample';

let ws: SampleWorkspace;
let seq = 0;
const next = () => ws.out(`book-${seq++}.xlsx`);
let en: ExcelJS.Workbook;
let enFile: string;

// Importing the sample takes seconds on a busy machine.
beforeAll(async () => {
  ws = await sampleWorkspace();
  const r = await exportWorkbook(ws.db, { out: next(), asOf: AS_OF, filters: {} });
  enFile = r.file;
  en = await readWorkbook(r.file);
}, 120_000);
afterAll(() => ws.cleanup());

interface Expected {
  customers: number;
  actNow: number;
  evaluate: number;
  wsCents: number;
  expCents: number;
}

/**
 * Per sales territory, straight from the tables: current imports (the latest snapshot of each
 * report on or before the as-of date), each customer's territory from its latest current
 * record, its best file cluster over its current rows, whitespace revenue of its whitespace rows
 * and the open agreements ending in the fiscal year, all in whole cents.
 */
function expectedTerritories(): Map<string | null, Expected> {
  const fy = fiscalYearOf(AS_OF);
  const rows = ws.db
    .prepare(
      `WITH cur AS (
         SELECT i.id, i.report, i.snapshot FROM imports i WHERE i.id = (
           SELECT j.id FROM imports j WHERE j.report = i.report AND j.snapshot <= @asOf
           ORDER BY j.snapshot DESC, j.id DESC LIMIT 1)),
       terr AS (
         SELECT customer_id, sales_territory FROM (
           SELECT c.customer_id, c.sales_territory,
             ROW_NUMBER() OVER (PARTITION BY c.customer_id ORDER BY cur.snapshot DESC, cur.id DESC) AS k
           FROM customers c JOIN cur ON cur.id = c.import_id) WHERE k = 1),
       -- One row per customer and product: the later snapshot, on the same date the dedicated report.
       prod AS (
         SELECT customer_id, product, cluster, whitespace, ws_revenue FROM (
           SELECT p.*, ROW_NUMBER() OVER (PARTITION BY p.customer_id, p.product ORDER BY cur.snapshot DESC,
             CASE WHEN lower(p.product) = cur.report OR (p.product LIKE 'D365%' AND cur.report = 'd365')
                    OR (p.product = 'PowerApps' AND cur.report = 'd365') OR (p.product = 'O365' AND cur.report = 'm365')
                  THEN 0 ELSE 1 END, cur.id DESC) AS k
           FROM propensity p JOIN cur ON cur.id = p.import_id) WHERE k = 1),
       best AS (
         SELECT customer_id, MIN(CASE cluster WHEN 'Act Now' THEN 1 WHEN 'Evaluate' THEN 2 WHEN 'Nurture' THEN 3
                  WHEN 'Educate' THEN 4 END) AS best,
           SUM(CASE WHEN whitespace = 1 THEN CAST(ROUND(ws_revenue * 100) AS INTEGER) END) AS ws
         FROM prod GROUP BY customer_id),
       exp AS (
         SELECT a.customer_id, SUM(CAST(ROUND(a.expiring_revenue * 100) AS INTEGER)) AS exp
         FROM agreements a JOIN cur ON cur.id = a.import_id
         WHERE a.end_date >= @asOf AND a.end_date BETWEEN @start AND @end GROUP BY a.customer_id),
       per AS (
         SELECT t.customer_id, t.sales_territory, b.best, b.ws, e.exp
         FROM terr t LEFT JOIN best b ON b.customer_id = t.customer_id LEFT JOIN exp e ON e.customer_id = t.customer_id)
       SELECT NULLIF(TRIM(sales_territory), '') AS territory, COUNT(*) AS customers,
         SUM(best = 1) AS actNow, SUM(best = 2) AS evaluate,
         COALESCE(SUM(ws), 0) AS wsCents, COALESCE(SUM(exp), 0) AS expCents
       FROM per GROUP BY 1`,
    )
    .all({ asOf: AS_OF, start: fy.start, end: fy.end }) as (Expected & { territory: string | null })[];
  return new Map(rows.map((r) => [r.territory, r]));
}

const cents = (v: unknown) => Math.round((v as number) * 100);

describe('the Territories tab', () => {
  it('sums the customers per territory to the cent, with a totals row', () => {
    const expected = expectedTerritories();
    expect(expected.size).toBeGreaterThan(5);
    const t = en.getWorksheet('Territories')!;
    expect(headerOf(t)).toEqual([
      'Sales territory',
      'Customers',
      'Act Now customers',
      'Evaluate customers',
      'Whitespace revenue',
      'Expiring revenue',
    ]);
    const rows = dataRows(t);
    const body = rows.slice(0, -1);
    const total = rows.at(-1)!;
    expect(body).toHaveLength(expected.size);
    for (const r of body) {
      const key = r[0] === '(no territory)' ? null : (r[0] as string);
      const e = expected.get(key)!;
      expect(e, String(r[0])).toBeTruthy();
      expect([r[1], r[2], r[3], cents(r[4]), cents(r[5])], String(r[0])).toEqual([
        e.customers,
        e.actNow,
        e.evaluate,
        e.wsCents,
        e.expCents,
      ]);
    }
    const sum = (f: keyof Expected) => [...expected.values()].reduce((s, e) => s + e[f], 0);
    expect(total[0]).toBe(`Total (${expected.size} territories)`);
    expect([total[1], total[2], total[3], cents(total[4]), cents(total[5])]).toEqual([
      sum('customers'),
      sum('actNow'),
      sum('evaluate'),
      sum('wsCents'),
      sum('expCents'),
    ]);
    expect(t.getRow(rows.length + 1).getCell(5).numFmt).toBe('"$"#,##0.00');
  });

  it('follows the scope', async () => {
    const r = await exportWorkbook(ws.db, {
      out: next(),
      asOf: AS_OF,
      filters: { cluster: ['Act Now'] },
      tabs: ['Territories'],
    });
    const rows = dataRows((await readWorkbook(r.file)).getWorksheet('Territories')!);
    const total = rows.at(-1)!;
    // Every customer in scope has a product in Act Now, so its best cluster is Act Now.
    expect(total[2]).toBe(total[1]);
    expect(total[3]).toBe(0);
  });
});

describe('the Summary and the tabs', () => {
  it('puts Customers first after the Summary and lists every tab with its rows', async () => {
    expect(en.worksheets.map((w) => w.name)).toEqual([...TAB_NAMES]);
    const s = en.getWorksheet('Summary')!;
    const lines = new Map<string, unknown>();
    s.eachRow((row) => lines.set(row.getCell(1).text, row.getCell(2).value));
    const r = await exportWorkbook(ws.db, { out: next(), asOf: AS_OF, filters: {} });
    for (const tab of r.tabs.filter((t) => !['Summary', 'Matrix'].includes(t.name)))
      expect(lines.get(tab.name), tab.name).toBe(tab.rows);
    expect(lines.get('Filters')).toBe('None (all customers in the current snapshots)');
    const customers = en.getWorksheet('Customers')!;
    const first = dataRows(customers);
    expect(first.length).toBe(lines.get('Customers'));
    const priorities = first.map((x) => x[0] as number);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(headerOf(customers).slice(0, 3)).toEqual(['Priority', 'Account name', 'Customer ID']);
    expect(first[0]![headerOf(customers).indexOf('Why')]).toMatch(/^Act Now for /);
  });

  it('says the scope in words and shows only the clusters in scope', async () => {
    const r = await exportWorkbook(ws.db, {
      out: next(),
      asOf: AS_OF,
      filters: { cluster: ['Evaluate'], product: ['Azure', 'Surface'] },
      view: 'Evaluate Azure',
    });
    const s = (await readWorkbook(r.file)).getWorksheet('Summary')!;
    const byLabel = new Map<string, ExcelJS.Row>();
    s.eachRow((row) => byLabel.set(row.getCell(1).text, row));
    expect(byLabel.get('Filters')!.getCell(2).value).toBe('Product: Azure, Surface; Cluster: Evaluate');
    expect(byLabel.get('Saved view')!.getCell(2).value).toBe('Evaluate Azure');
    const head = byLabel.get('Product')!;
    expect((head.values as unknown[]).slice(1)).toEqual(['Product', 'Evaluate', 'Total']);
    expect(byLabel.has('Surface')).toBe(true);
    expect(byLabel.has('Surface (Surface)')).toBe(false);
    expect(byLabel.has('Azure')).toBe(true);
  });

  it('fits column widths to the content and names products once', () => {
    const s = en.getWorksheet('Summary')!;
    const fo = `${PRODUCT_INFO.D365FO.name} (D365FO)`;
    let found = false;
    s.eachRow((row) => (found ||= row.getCell(1).value === fo));
    expect(found).toBe(true);
    expect(s.getColumn(1).width).toBeGreaterThanOrEqual(fo.length);
    // On the Matrix the product is a title alone in its row: it runs over the empty cells beside it.
    const m = en.getWorksheet('Matrix')!;
    let title: ExcelJS.Row | undefined;
    m.eachRow((row) => (title = row.getCell(1).value === fo ? row : title));
    expect(title!.cellCount).toBe(1);
    for (const name of ['Customers', 'Propensity model', 'Expiring agreements', 'Territories']) {
      const sheet = en.getWorksheet(name)!;
      headerOf(sheet).forEach((h, i) => {
        const longest = Math.max(
          h.length,
          ...dataRows(sheet)
            .slice(0, 200)
            .map((x) => (typeof x[i] === 'string' ? Math.min(55, x[i].length) : 0)),
        );
        expect(sheet.getColumn(i + 1).width ?? 9, `${name}: ${h}`).toBeGreaterThanOrEqual(longest);
      });
    }
  });

  it('sets every tab up to print landscape, one page wide, the first row on every page', () => {
    expect(en.worksheets.length).toBe(TAB_NAMES.length);
    for (const sheet of en.worksheets) {
      expect(sheet.pageSetup, sheet.name).toMatchObject({
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:1',
      });
    }
    // And in the file itself, where Excel and LibreOffice read it.
    const workbookXml = execFileSync('unzip', ['-p', enFile, 'xl/workbook.xml'], { encoding: 'utf8' });
    expect(workbookXml.match(/_xlnm\.Print_Titles/g)).toHaveLength(TAB_NAMES.length);
  });
});

describe('a workbook in Dutch', () => {
  let nl: ExcelJS.Workbook;
  beforeAll(async () => {
    const r = await exportWorkbook(ws.db, {
      out: next(),
      asOf: AS_OF,
      filters: { vertical: ['Retail'] },
      lang: 'nl',
    });
    nl = await readWorkbook(r.file);
  }, 60_000);
  const m = WORKBOOK_MESSAGES.nl;

  it('has Dutch tab names from the catalog', () => {
    expect(nl.worksheets.map((w) => w.name)).toEqual(
      [
        m['tab.summary'],
        m['tab.customers'],
        m['tab.territories'],
        m['tab.propensity'],
        m['tab.whitespace'],
      ].concat(nl.worksheets.slice(5).map((w) => w.name)),
    );
    expect(nl.worksheets.map((w) => w.name).slice(0, 3)).toEqual([
      'Samenvatting',
      'Klanten',
      'Verkoopgebieden',
    ]);
    const all = new Set(
      Object.entries(m)
        .filter(([k]) => k.startsWith('tab.'))
        .map(([, v]) => v),
    );
    for (const w of nl.worksheets) expect(all.has(w.name), w.name).toBe(true);
  });

  it('has Dutch headers, cluster names and Summary text', () => {
    const k = nl.getWorksheet(m['tab.customers'])!;
    expect(headerOf(k).slice(0, 4)).toEqual(
      (['priority', 'accountName', 'customerId', 'domain'] as const).map((f) => columnName('nl', f)),
    );
    const p = nl.getWorksheet(m['tab.propensity'])!;
    expect(headerOf(p)).toContain('Intentie');
    const clusters = new Set(dataRows(p).map((x) => x[headerOf(p).indexOf('Cluster')]));
    expect(clusters.has('Nu actie ondernemen')).toBe(true);
    for (const c of clusters) expect(Object.values(CLUSTER_NAMES.nl)).toContain(c);
    const s = nl.getWorksheet(m['tab.summary'])!;
    const labels = new Map<string, unknown>();
    s.eachRow((row) => labels.set(row.getCell(1).text, row.getCell(2).value));
    expect(labels.get(m['summary.filters'])).toBe('Verticale markt: Retail');
    expect(labels.has(m['summary.asOf'])).toBe(true);
    expect(labels.get(m['tab.customers'])).toBe(dataRows(k).length);
    const t = nl.getWorksheet(m['tab.territories'])!;
    expect(String(dataRows(t).at(-1)![0])).toMatch(/^Totaal \(\d+ verkoopgebied(en)?\)$/);
    // Money keeps its number; the format shows it the Dutch way in a Dutch Excel.
    expect(t.getRow(2).getCell(5).numFmt).toBe('"US$ "#,##0.00');
  });
});
