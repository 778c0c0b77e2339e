/**
 * The renderer in a real Chromium against an in-process browser-mode server over the sample
 * downloads. Expected figures always come from the service itself, never from constants.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filters, Sort } from '../../shared/filters';
import { launchChromium, SKIP_BROWSER } from './browser';
import { sampleFiles, startFixture, type Fixture } from './fixture';
import { shot } from './pages';
import { en } from '../../renderer/src/i18n/en';
import { nl } from '../../renderer/src/i18n/nl';

/** The catalog of a context's locale: an nl-NL browser gets the Dutch UI on first run. */
const catalogOf = (locale: string) => (locale.startsWith('nl') ? nl : en);

/** Imported through the UI in the last test; everything else is imported before the suite. */
const UPLOADED = sampleFiles().find((f) => /Surface_Propensity/.test(f)) ?? sampleFiles().at(-1)!;

let fx: Fixture;
let browser: Browser;
const contexts: BrowserContext[] = [];
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

async function open(hashPath = '/', locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (process.env.DEBUG_UI) console.log('[page]', m.type(), m.text());
    if (m.type() === 'error') consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(`${fx.origin}/`)) foreignRequests.push(r.url());
  });
  page.on('dialog', (d) => void d.accept());
  await page.goto(fx.server.url);
  await page.getByRole('navigation', { name: catalogOf(locale)['app.nav'] }).waitFor();
  if (hashPath !== '/') await go(page, hashPath);
  return page;
}

async function go(page: Page, hashPath: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), `#${hashPath}`);
}

function fmt(page: Page, n: number, kind: 'int' | 'money'): Promise<string> {
  return page.evaluate(
    ([n, kind]) =>
      kind === 'money'
        ? new Intl.NumberFormat(navigator.language, {
            style: 'currency',
            currency: 'USD',
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
          }).format(n)
        : new Intl.NumberFormat(navigator.language, { maximumFractionDigits: 0 }).format(n),
    [n, kind] as const,
  );
}

async function rowsLabel(page: Page, total: number): Promise<string> {
  return `${await fmt(page, total, 'int')} ${total === 1 ? 'row' : 'rows'}`;
}

const rowCount = (page: Page) => page.getByTestId('row-count');

/** Customer IDs of the first n rendered rows, in row order. */
async function firstIds(page: Page, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const cell = page.locator(`[role="row"][row-index="${i}"] [role="gridcell"][col-id="customerId"]`);
    if ((await cell.count()) === 0) break;
    ids.push((await cell.first().innerText()).trim());
  }
  return ids;
}

async function expectRows(page: Page, filters: Filters, sort: Sort = []): Promise<void> {
  const want = await fx.service.rows({ filters, sort, offset: 0, limit: 5 });
  await expect
    .poll(() => rowCount(page).innerText(), { timeout: 15_000 })
    .toBe(await rowsLabel(page, want.total));
  const ids = want.rows.map((r) => r.customerId);
  await expect.poll(() => firstIds(page, ids.length), { timeout: 15_000 }).toEqual(ids);
}

/** A column's header label, scrolled into view as a user would: the grid renders only visible columns. */
async function headerLabel(page: Page, colId: string) {
  const label = page.locator(`.ag-header-cell[col-id="${colId}"] .ag-header-cell-label`);
  const scroller = page.locator('.ag-body-horizontal-scroll-viewport').first();
  for (let i = 0; i < 30 && (await label.count()) === 0; i++) {
    await scroller.evaluate((el) => (el.scrollLeft += 200));
    await page.waitForTimeout(50);
  }
  return label;
}

describe.skipIf(SKIP_BROWSER)('Ascent Workbench in Chromium', () => {
  beforeAll(async () => {
    fx = await startFixture({ files: sampleFiles().filter((f) => f !== UPLOADED) });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await fx?.close();
  });

  it('navigates by links named Overview, Propensity, Whitespace, Agreements, Imports', async () => {
    const page = await open();
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const name of [
      'Overview',
      'Propensity',
      'Whitespace',
      'Agreements',
      'Imports',
      'Saved views',
      'Settings',
    ]) {
      await nav.getByRole('link', { name, exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe(name);
      await page.waitForLoadState('networkidle');
      await shot(page, `view-${name.toLowerCase().replace(/\s+/g, '-')}`);
    }
  });

  for (const locale of ['en-US', 'nl-NL']) {
    it(`shows the same tile figures as summary (${locale})`, async () => {
      const page = await open('/overview', locale);
      const s = await fx.service.summary({});
      const m = catalogOf(locale);
      const tile = (label: keyof typeof en, id: string) =>
        page.getByRole('group', { name: m[label] }).getByTestId(`tile-${id}`);
      await expect
        .poll(() => tile('overview.customers', 'customers').innerText())
        .toBe(await fmt(page, s.customers, 'int'));
      expect(await tile('overview.expiring', 'expiring').innerText()).toBe(
        await fmt(page, s.expiringAgreements, 'int'),
      );
      expect(await tile('overview.revenue', 'revenue').innerText()).toBe(
        await fmt(page, s.openExpiringRevenue, 'money'),
      );
      const head = await page.locator('.page-head').innerText();
      expect(head).toContain(s.fiscalYear);
      if (locale === 'nl-NL' && s.openExpiringRevenue >= 1000)
        expect(await tile('overview.revenue', 'revenue').innerText()).toMatch(/\d\.\d{3},\d{2}/);
    });
  }

  it('finds one customer with the quick search', async () => {
    const some = await fx.service.rows({
      filters: { product: ['M365'] },
      sort: [{ field: 'customerId', dir: 'desc' }],
      limit: 1,
    });
    const id = some.rows[0]!.customerId;
    const page = await open('/propensity?product=M365');
    await expectRows(page, { product: ['M365'] });
    await page.getByRole('searchbox', { name: 'Search' }).fill(id);
    const want = await fx.service.rows({ filters: { product: ['M365'], search: id }, limit: 5 });
    expect(want.total).toBe(1);
    await expectRows(page, { product: ['M365'], search: id });
    expect(await firstIds(page, 1)).toEqual([id]);
    await expect.poll(() => page.evaluate(() => location.hash)).toContain(`q=${encodeURIComponent(id)}`);
    await page.reload();
    await expectRows(page, { product: ['M365'], search: id });
  });

  it('changes the rows as the API says on a facet filter and a sort', async () => {
    const page = await open('/propensity');
    await expectRows(page, {});
    await page.getByRole('checkbox', { name: /^Cluster Act Now\b/ }).check();
    await expectRows(page, { cluster: ['Act Now'] });
    await (await headerLabel(page, 'fit')).click();
    await expectRows(page, { cluster: ['Act Now'] }, [{ field: 'fit', dir: 'asc' }]);
    await (await headerLabel(page, 'fit')).click();
    await expectRows(page, { cluster: ['Act Now'] }, [{ field: 'fit', dir: 'desc' }]);
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain('cluster=Act+Now');
    expect(hash).toContain('sort=fit%3Adesc');
    await shot(page, 'propensity-filtered-sorted');
    // A reload keeps the filters and the sort.
    await page.reload();
    await expectRows(page, { cluster: ['Act Now'] }, [{ field: 'fit', dir: 'desc' }]);
  });

  it('filters Propensity from a matrix click', async () => {
    const page = await open('/overview?matrix=M365');
    const cell = page.locator('.matrix a[data-cell="A1"]');
    await cell.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/propensity\?/);
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain('product=M365');
    expect(hash).toContain('cell=A1');
    const chips = page.getByRole('list', { name: 'Active filters' });
    await expect.poll(() => chips.innerText()).toContain('Product: M365');
    expect(await chips.innerText()).toContain('Cell: A1');
    await expectRows(page, { product: ['M365'], cell: ['A1'] });
  });

  it('opens Propensity from a cluster bar and from the moved-into-Act-Now count', async () => {
    const page = await open('/overview');
    await page.getByRole('link', { name: /^M365 Evaluate: / }).click();
    await expectRows(page, { product: ['M365'], cluster: ['Evaluate'] });
    await go(page, '/overview');
    const s = await fx.service.summary({});
    const moved = Object.entries(s.movedIntoActNow).find(([, n]) => n > 0);
    if (moved) {
      await page
        .getByRole('link', { name: `${moved[0]}: ${await fmt(page, moved[1], 'int')} moved into Act Now` })
        .click();
      const f: Filters = { product: [moved[0] as 'M365'], movedIntoActNow: true };
      await expectRows(page, f);
      expect((await fx.service.rows({ filters: f, limit: 0 })).total).toBe(moved[1]);
    }
  });

  it('drills from a whitespace group into Propensity', async () => {
    const page = await open('/whitespace');
    const groups = await fx.service.whitespace({ by: 'productCluster' });
    const g = groups[0]!;
    await page.getByRole('link', { name: `Open ${g.a} · ${g.b} in Propensity` }).click();
    const f: Filters = { whitespace: true, product: [g.a as 'M365'], cluster: [g.b as 'Act Now'] };
    await expectRows(page, f);
    expect((await fx.service.rows({ filters: f, limit: 0 })).total).toBe(g.customers);
  });

  it('moves through the grid with the keyboard', async () => {
    const page = await open('/propensity?sort=customerId:asc');
    await expectRows(page, {}, [{ field: 'customerId', dir: 'asc' }]);
    await page.locator('[role="row"][row-index="0"] [role="gridcell"][col-id="accountName"]').first().click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return { col: el?.getAttribute('col-id'), row: el?.closest('[role="row"]')?.getAttribute('row-index') };
    });
    // Propensity's first columns: the account, then the product (#13).
    expect(focused).toEqual({ col: 'product', row: '1' });
  });

  it('hides and shows columns with the column chooser', async () => {
    const page = await open('/propensity');
    await expectRows(page, {});
    // Vertical is to the right of Propensity's first columns: scrolled into view as a user would.
    expect(await (await headerLabel(page, 'vertical')).count()).toBe(1);
    await page.getByText('Columns', { exact: true }).click();
    await page.getByRole('checkbox', { name: 'Vertical', exact: true }).uncheck();
    await expect.poll(() => page.locator('.ag-header-cell[col-id="vertical"]').count()).toBe(0);
    expect(await page.evaluate(() => location.hash)).toContain('hide=vertical');
    await page.keyboard.press('Escape');
    await page.reload();
    await expectRows(page, {});
    // Not there wherever the grid is scrolled to.
    expect(await (await headerLabel(page, 'vertical')).count()).toBe(0);
  });

  it('lists the agreements of the fiscal year, and all of them on the switch', async () => {
    const page = await open('/agreements');
    const fy = await fx.service.agreements({ limit: 0 });
    const all = await fx.service.agreements({ all: true, limit: 0 });
    const count = page.locator('.count');
    await expect.poll(() => count.innerText(), { timeout: 15_000 }).toBe(await rowsLabel(page, fy.total));
    await page.getByRole('switch', { name: 'All agreements' }).check();
    await expect.poll(() => count.innerText(), { timeout: 15_000 }).toBe(await rowsLabel(page, all.total));
    const first = await fx.service.agreements({
      all: true,
      sort: [{ field: 'expiringRevenue', dir: 'desc' }],
      limit: 1,
    });
    await (await headerLabel(page, 'expiringRevenue')).click();
    await (await headerLabel(page, 'expiringRevenue')).click();
    const cell = page.locator('[role="row"][row-index="0"] [role="gridcell"][col-id="agreementId"]').first();
    await expect.poll(() => cell.innerText(), { timeout: 15_000 }).toBe(first.rows[0]!.agreementId ?? '');
  });

  it('saves a view and reopens it', async () => {
    const page = await open(
      '/propensity?product=Azure&cluster=Evaluate&sort=intent:desc&hide=snapshot,upsell',
    );
    await expectRows(page, { product: ['Azure'], cluster: ['Evaluate'] }, [{ field: 'intent', dir: 'desc' }]);
    await page.getByRole('button', { name: 'Save view…' }).click();
    await page.getByRole('textbox', { name: 'View name' }).fill('Azure evaluate');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved “Azure evaluate”').waitFor();
    const saved = (await fx.service.views()).find((v) => v.name === 'Azure evaluate');
    expect(saved?.state.filters).toEqual({ product: ['Azure'], cluster: ['Evaluate'] });
    expect(saved?.state.sort).toEqual([{ field: 'intent', dir: 'desc' }]);
    expect(saved?.state.columns).not.toContain('snapshot');
    await page.getByRole('button', { name: 'Close' }).click();

    await go(page, '/propensity');
    await expectRows(page, {});
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Saved views' }).click();
    await page.getByRole('link', { name: 'Open Azure evaluate' }).click();
    await expectRows(page, { product: ['Azure'], cluster: ['Evaluate'] }, [{ field: 'intent', dir: 'desc' }]);
    // Shown, and hidden wherever the grid is scrolled to (it renders only the columns in view).
    expect(await (await headerLabel(page, 'customerId')).count()).toBe(1);
    expect(await (await headerLabel(page, 'snapshot')).count()).toBe(0);
  });

  it('imports a file through the UI with progress and shows it in the history', async () => {
    const page = await open('/imports');
    const name = path.basename(UPLOADED);
    const before = (await fx.service.imports()).length;
    await page.locator('input[type=file]').setInputFiles(UPLOADED);
    const item = page.getByTestId('upload').filter({ hasText: name });
    await item.waitFor();
    await item.locator('progress').first().waitFor({ state: 'attached' });
    await item.locator('.result').first().waitFor({ timeout: 30_000 });
    expect(await item.locator('.result').first().innerText()).toMatch(/imported/);
    await expect.poll(async () => (await fx.service.imports()).length).toBe(before + 1);
    const history = page.getByRole('table', { name: 'Import history' });
    await expect.poll(() => history.innerText(), { timeout: 15_000 }).toContain(name);
    await shot(page, 'imports-after-upload');

    // Each import's issues, by line and column.
    const withIssues = (await fx.service.imports()).find((i) => i.issueCount > 0)!;
    const issues = await fx.service.importIssues({ importId: withIssues.id });
    const issuesLabel = `Show ${await fmt(page, withIssues.issueCount, 'int')} ${withIssues.issueCount === 1 ? 'issue' : 'issues'} of ${withIssues.file}`;
    await page.getByRole('button', { name: issuesLabel }).click();
    const table = page.locator('table.issues');
    await expect.poll(() => table.innerText()).toContain(issues.issues[0]!.message);
    expect(await table.innerText()).toContain(String(issues.issues[0]!.line));

    // Remove the uploaded snapshot again (the confirm is accepted).
    const uploaded = (await fx.service.imports()).find((i) => i.file === name)!;
    await page.getByRole('button', { name: `Remove snapshot ${name}` }).click();
    await expect.poll(async () => (await fx.service.imports()).some((i) => i.id === uploaded.id)).toBe(false);
    await expect.poll(() => history.innerText()).not.toContain(name);
  });

  it('shows the call list: filter, a customer by keyboard with its history, saved as a view', async () => {
    const page = await open('/customers', 'en-US');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).innerText()).toBe('Customers');
    const all = await fx.service.customers({});
    const count = page.getByTestId('customer-count');
    await expect
      .poll(() => count.innerText(), { timeout: 15_000 })
      .toBe(`${await fmt(page, all.total, 'int')} customers`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await shot(page, 'customers');

    await page
      .locator('[data-facet="cluster"]')
      .getByRole('checkbox', { name: /^Cluster Act Now\b/ })
      .check();
    const want = await fx.service.customers({ filters: { cluster: ['Act Now'] } });
    await expect
      .poll(() => count.innerText(), { timeout: 15_000 })
      .toBe(`${await fmt(page, want.total, 'int')} customers`);
    const first = page.locator('[role="row"][row-index="0"] [role="gridcell"][col-id="accountName"]');
    await expect.poll(() => first.innerText(), { timeout: 15_000 }).toBe(want.rows[0]!.accountName ?? '');

    await first.click();
    // The click opened it (wait for it: Escape is heard once the panel is there): close, then open by keyboard.
    await page.getByRole('complementary', { name: 'Customer detail' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('complementary', { name: 'Customer detail' }).count()).toBe(0);
    await first.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Customer detail' });
    await expect
      .poll(() => panel.getByRole('heading', { level: 2 }).innerText(), { timeout: 15_000 })
      .toBe(want.rows[0]!.accountName);
    const detail = await fx.service.customer({ customerId: want.rows[0]!.customerId });
    await expect.poll(() => panel.innerText()).toContain(detail.why[0]!);
    const withHistory = detail.products.find((p) => p.history.length > 1)!;
    const spark = panel.getByTestId(`spark-${withHistory.product}`);
    expect(await spark.getAttribute('aria-label')).toContain(`over ${withHistory.history.length} snapshots`);
    await shot(page, 'customer-detail');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.closest('[role="row"]')?.getAttribute('row-index')),
      )
      .toBe('0');

    await page.getByRole('button', { name: 'Save view…' }).click();
    await page.getByRole('textbox', { name: 'View name' }).fill('Act Now call list');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved “Act Now call list”').waitFor();
    const saved = (await fx.service.views()).find((v) => v.name === 'Act Now call list')!;
    expect(saved.state).toMatchObject({ page: 'customers', filters: { cluster: ['Act Now'] } });
    await fx.service.deleteView({ id: saved.id });
  });

  it('holds back a cut download, and imports it on "Import anyway"', async () => {
    const m365 = sampleFiles().find((f) => /M365_Propensity/.test(f))!;
    const bytes = fs.readFileSync(m365);
    let cut = Math.floor(bytes.length * 0.3);
    while (bytes[cut - 1] === 0x0a || bytes[cut] === 0x0a) cut++; // inside a row
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-cut-'));
    const name = 'CloudAscent_M365_Propensity_2026-12-01.tsv';
    fs.writeFileSync(path.join(dir, name), bytes.subarray(0, cut));
    const before = (await fx.service.imports()).length;
    const page = await open('/imports');
    await page.locator('input[type=file]').setInputFiles(path.join(dir, name));
    const item = page.getByTestId('upload').filter({ hasText: name });
    const result = item.locator('.result').first();
    await result.waitFor({ timeout: 30_000 });
    expect(await result.innerText()).toMatch(
      /^failed would replace [\d,]+ customers with [\d,]+: the download may be cut off/,
    );
    expect((await fx.service.imports()).length).toBe(before);
    await shot(page, 'imports-held-back');

    await item.getByRole('button', { name: 'Import anyway' }).click(); // the confirm is accepted
    await expect.poll(() => result.innerText(), { timeout: 30_000 }).toMatch(/^imported/);
    const forced = (await fx.service.imports()).find((i) => i.file === name)!;
    expect(forced.snapshot).toBe('2026-12-01');
    await fx.service.forgetImport({ importId: forced.id });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('exports the current filters as CSV through the Export dialog', async () => {
    const page = await open('/propensity?product=M365&cluster=Act+Now');
    await expectRows(page, { product: ['M365'], cluster: ['Act Now'] });
    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('radio', { name: /CSV/ }).check();
    const download = page.waitForEvent('download', { timeout: 30_000 });
    await page.getByRole('dialog').getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('dialog').getByText('Export ready').waitFor({ timeout: 30_000 });
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    await shot(page, 'export-dialog');
  });

  it('shows an empty state with Import downloads… and Open sample data', async () => {
    const empty = await startFixture({ files: [] });
    try {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
      await page.goto(empty.server.url);
      await page.getByRole('link', { name: 'Import downloads…' }).waitFor();
      await shot(page, 'empty-state');
      await page.getByRole('button', { name: 'Open sample data' }).click();
      await page.getByText('Sample data', { exact: true }).waitFor({ timeout: 60_000 });
      const s = await empty.service.summary({});
      expect(s.customers).toBeGreaterThan(0);
      const tile = page.getByTestId('tile-customers');
      await expect
        .poll(() => tile.innerText(), { timeout: 15_000 })
        .toBe(await fmt(page, s.customers, 'int'));
      await context.close();
    } finally {
      await empty.close();
    }
  });

  it('logs no console error and requests nothing outside 127.0.0.1', async () => {
    const page = await open('/overview');
    await page.waitForLoadState('networkidle');
    expect(consoleErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
