/**
 * Issue 14 in a real Chromium: the Overview scoped to a sales territory from its own filter
 * panel, its workbook exported and read back (the scope's customers only, compared with the
 * API), the Agreements list filtered by status and end-date range and exported as a CSV (its end
 * dates typed in Dutch as dd-mm-jjjj, refused inline when they are no date, ISO in the URL), the
 * Whitespace view's territory × cluster grouping. Screenshots of the three views with their
 * filter panel at 1280×800 in English and Dutch go to test-artifacts/, and axe-core runs on
 * each (no serious or critical violation). Expected figures come from the service.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filters } from '../../shared/filters';
import { FORMAT_TAG, type Locale } from '../../shared/i18n';
import { translator } from '../../shared/i18n/translate';
import { en } from '../../renderer/src/i18n/en';
import { SKIP_BROWSER } from './browser';
import { startFixture, type Fixture } from './fixture';
import { AppBrowser, axeViolations, CATALOG, exportFromDialog, facetsIn, shot } from './pages';

let fx: Fixture;
let app: AppBrowser;

const open = (lang: Locale, hashPath: string): Promise<Page> => app.open(fx.server.url, lang, hashPath);

const fmtInt = (lang: Locale, n: number) => new Intl.NumberFormat(FORMAT_TAG[lang]).format(n);

/** Splits one RFC 4180 line. */
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

describe.skipIf(SKIP_BROWSER)('scope and export from every view (issue 14)', () => {
  let territory = '';
  beforeAll(async () => {
    fx = await startFixture();
    app = await AppBrowser.launch();
    // The territory with the most customers: every figure then has something to show.
    const facets = await fx.service.customerFacets({ filters: {} });
    territory = facets.lists.salesTerritory!.filter((v) => v.value !== '(none)')[0]!.value;
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  it("scopes the Overview to a territory from its filter panel and exports the scope's workbook", async () => {
    const m = en;
    const page = await open('en', 'overview');
    await facetsIn(page);
    const facet = page.getByRole('group', { name: m['filter.salesTerritory'], exact: true });
    await facet
      .getByRole('checkbox', { name: new RegExp(`^${m['filter.salesTerritory']} ${territory}\\b`) })
      .check();
    const filters: Filters = { salesTerritory: [territory] };
    const s = await fx.service.summary({ filters });
    const all = await fx.service.summary({});
    expect(s.customers).toBeLessThan(all.customers);
    await expect.poll(() => page.getByTestId('tile-customers').innerText()).toBe(fmtInt('en', s.customers));
    expect(await page.getByTestId('tile-expiring').innerText()).toBe(fmtInt('en', s.expiringAgreements));
    expect(await page.evaluate(() => location.hash)).toContain(
      `territory=${encodeURIComponent(territory).replace(/%20/g, '+')}`,
    );
    const chips = page.getByRole('list', { name: m['chips.label'] });
    expect(await chips.innerText()).toContain(`${m['filter.salesTerritory']}: ${territory}`);
    // A reload keeps the scope (it is in the URL).
    await page.reload();
    await expect.poll(() => page.getByTestId('tile-customers').innerText()).toBe(fmtInt('en', s.customers));

    const opener = page.getByRole('button', { name: m['export.open'] });
    await opener.click();
    const { file, name } = await exportFromDialog(page, 'en', fx.dir);
    expect(name).toMatch(new RegExp(`^${territory} — \\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('Customers')!;
    const header = (sheet.getRow(1).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
    const idCol = header.indexOf('Customer ID');
    const terrCol = header.indexOf('Sales territory');
    expect(idCol).toBeGreaterThan(0);
    expect(terrCol).toBeGreaterThan(0);
    const ids: string[] = [];
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const id = row.getCell(idCol).text;
      if (!id) return; // a totals line, if any
      ids.push(id);
      expect(row.getCell(terrCol).text).toBe(territory);
    });
    const api = await fx.service.customers({ filters, limit: 10_000 });
    expect(ids.sort()).toEqual(api.rows.map((r) => r.customerId).sort());
    expect(ids.length).toBe(s.customers);

    // Closing the dialog gives the focus back to the button that opened it.
    await page.getByRole('dialog').getByRole('button', { name: m['common.close'] }).click();
    await expect.poll(() => opener.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('filters the Agreements list by status and end-date range, in the URL, and exports it', async () => {
    const m = en;
    const page = await open('en', 'agreements');
    await page.getByRole('heading', { level: 1, name: m['page.agreements'] }).waitFor();
    await page.getByRole('combobox', { name: m['agreements.status'] }).selectOption('open');
    // Typed in the UI's form (English: ISO) and applied on Enter.
    await page.getByLabel(m['scope.ag.endFrom']).fill('2026-12-01');
    await page.getByLabel(m['scope.ag.endTo'], { exact: true }).fill('2027-06-30');
    await page.getByLabel(m['scope.ag.endTo'], { exact: true }).press('Enter');
    const q = { status: 'open' as const, endDate: { from: '2026-12-01', to: '2027-06-30' } };
    const want = await fx.service.agreements({ ...q, limit: 10_000 });
    const every = await fx.service.agreements({ limit: 0 });
    expect(want.total).toBeGreaterThan(0);
    expect(want.total).toBeLessThan(every.total);
    const count = page.locator('.count');
    await expect
      .poll(() => count.innerText(), { timeout: 15_000 })
      .toBe(`${fmtInt('en', want.total)} ${want.total === 1 ? 'row' : 'rows'}`);
    const hash = await page.evaluate(() => location.hash);
    for (const part of ['status=open', 'endFrom=2026-12-01', 'endTo=2027-06-30'])
      expect(hash).toContain(part);

    await page.getByRole('button', { name: m['export.open'] }).click();
    const { file } = await exportFromDialog(page, 'en', fx.dir);
    const lines = fs
      .readFileSync(file, 'utf8')
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n')
      .map(fields);
    expect(lines[0]![0]).toBe('Customer ID');
    expect(lines.slice(1).map((l) => [l[0], l[2], l[5], l[7]])).toEqual(
      want.rows.map((r) => [r.customerId, r.agreementId, r.endDate, 'Open']),
    );
    for (const l of lines.slice(1)) expect(l[5]! >= '2026-12-01' && l[5]! <= '2027-06-30').toBe(true);
  });

  it('types the Agreements end dates in Dutch as dd-mm-jjjj: a date that is none refused inline, ISO in the URL and the request', async () => {
    const m = CATALOG.nl;
    const t = translator('nl', m).t;
    const page = await open('nl', 'agreements');
    await page.getByRole('heading', { level: 1, name: m['page.agreements'] }).waitFor();
    const from = page.getByRole('textbox', { name: m['scope.ag.endFrom'], exact: true });
    const to = page.getByRole('textbox', { name: m['scope.ag.endTo'], exact: true });
    const format = m['facets.dateFormat'];
    expect(await from.getAttribute('placeholder')).toBe(format);
    expect(await from.getAttribute('type')).toBe('text');
    const hash = () => page.evaluate(() => location.hash);

    // A day that does not exist, and the ISO order, are refused where typed and not applied.
    for (const bad of ['31-02-2026', '2026-12-01']) {
      await from.fill(bad);
      await from.press('Enter');
      await expect
        .poll(() => page.getByRole('alert').innerText())
        .toBe(t('facets.rangeDateInvalid', { format }));
      expect(await from.getAttribute('aria-invalid')).toBe('true');
      expect(await hash()).not.toContain('endFrom=');
    }
    await shot(page, 'agreements-date-refused-nl');
    expect(await axeViolations(page)).toEqual([]);

    // dd-mm-jjjj (a one-digit month too): ISO in the URL and in the request the list makes.
    const q = { endDate: { from: '2026-12-01', to: '2027-06-30' } };
    const asked = page.waitForRequest((r) => {
      if (!r.url().endsWith('/api/agreements')) return false;
      const body = JSON.parse(r.postData() ?? '{}') as { endDate?: unknown };
      return JSON.stringify(body.endDate) === JSON.stringify(q.endDate);
    });
    await from.fill('01-12-2026');
    await to.fill('30-6-2027');
    await to.press('Enter');
    await asked;
    await expect.poll(hash).toContain('endFrom=2026-12-01');
    expect(await hash()).toContain('endTo=2027-06-30');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await from.getAttribute('aria-invalid')).toBeNull();
    const want = await fx.service.agreements({ ...q, limit: 0 });
    await expect
      .poll(() => page.locator('.count').innerText(), { timeout: 15_000 })
      .toBe(t('count.rows', { count: want.total }));
    await shot(page, 'agreements-dates-nl');

    // From the URL, the fields show the dates in the Dutch form.
    await page.reload();
    await expect.poll(() => from.inputValue(), { timeout: 20_000 }).toBe('01-12-2026');
    expect(await to.inputValue()).toBe('30-06-2027');
  });

  it('groups whitespace by sales territory and cluster within the scope', async () => {
    const page = await open('en', `whitespace?territory=${encodeURIComponent(territory)}`);
    await page.getByRole('radio', { name: en['scope.ws.byTerritoryCluster'] }).check();
    const groups = await fx.service.whitespace({
      by: 'territoryCluster',
      filters: { salesTerritory: [territory] },
    });
    expect(groups.length).toBeGreaterThan(0);
    const table = page.getByRole('region', { name: en['scope.ws.byTerritoryCluster'] });
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 15_000 }).toBe(groups.length);
    expect(await table.locator('tbody tr').first().locator('td').first().innerText()).toBe(territory);
    expect(await page.evaluate(() => location.hash)).toContain('by=territoryCluster');
  });

  for (const lang of ['en', 'nl'] as const) {
    it(`shows the three views with their filter panel in ${lang}, nothing clipped, no serious axe violation`, async () => {
      const m = CATALOG[lang];
      const t = encodeURIComponent(territory);
      const found: Record<string, string[]> = {};
      for (const [name, hash] of [
        ['overview', `overview?territory=${t}`],
        ['whitespace', `whitespace?by=territoryCluster&territory=${t}`],
        ['agreements', `agreements?status=open&endFrom=2026-12-01&endTo=2027-06-30&territory=${t}`],
      ] as const) {
        const page = await open(lang, hash);
        await page.getByRole('heading', { level: 1, name: m[`page.${name}`] }).waitFor();
        await facetsIn(page);
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        // The panel, the chips and the export button are on screen without scrolling.
        for (const el of [
          page.locator('aside.facets'),
          page.getByRole('list', { name: m['chips.label'] }),
          page.getByRole('button', { name: m['export.open'] }),
        ]) {
          const box = (await el.boundingBox())!;
          expect(box.y + Math.min(box.height, 30), name).toBeLessThan(800);
          expect(box.x + box.width, name).toBeLessThanOrEqual(1280);
        }
        // No control's text is cut: buttons, labels and legends fit their boxes.
        const clipped = await page.evaluate(() =>
          [
            ...document.querySelectorAll(
              'button, label, legend, .tile-label, .filter-chip span, fieldset:first-of-type .facet-value, [data-facet="cluster"] .facet-value',
            ),
          ]
            .filter(
              (el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible',
            )
            .map((el) => el.textContent)
            .concat(
              // A tile's figure stays inside its card.
              [...document.querySelectorAll('.tile')]
                .filter((el) => el.scrollWidth > el.clientWidth + 1)
                .map((el) => el.textContent),
            ),
        );
        expect(clipped, name).toEqual([]);
        await shot(page, `scope-${lang}-${name}`);
        found[name] = await axeViolations(page);
        await page.getByRole('button', { name: m['export.open'] }).click();
        await page.getByRole('dialog').waitFor();
        found[`${name}-export`] = await axeViolations(page);
        await shot(page, `scope-${lang}-${name}-export`);
      }
      expect(found).toEqual(
        Object.fromEntries(
          ['overview', 'whitespace', 'agreements'].flatMap((n) => [
            [n, []],
            [`${n}-export`, []],
          ]),
        ),
      );
      expect(app.errors).toEqual([]);
    }, 240_000);
  }
});
