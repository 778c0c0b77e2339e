/**
 * The call list as the landing view and the grids' layout (#13, #14) in a real Chromium: the
 * app opens on Customers, a facet filters it, a customer opens from the keyboard with its
 * history chart, Escape returns to the row; a column resized and one moved are kept in a saved
 * view and come back when it opens; at 1280×800 the call list shows every column without
 * sideways scrolling and without a cut header or chip, in English and Dutch; Propensity opens on
 * account, product, cluster, Fit, Intent and whitespace, sized to their content. Screenshots go
 * to test-artifacts/. (ui.e2e.test.ts covers a click, a cluster filter and saving the filters.)
 * Expected values come from the service.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMAT_TAG, type Locale } from '../../shared/i18n';
import { CALL_LIST_COLUMNS } from '../../shared/customers';
import { SKIP_BROWSER } from './browser';
import { startFixture, type Fixture } from './fixture';
import { AppBrowser, axeViolations, shot } from './pages';

let fx: Fixture;
let app: AppBrowser;

/** The app at 1280×800 as a user opens it: the server's address, no page named. */
const openApp = (lang: Locale): Promise<Page> => app.open(fx.server.url, lang);

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), hash);
}

const customerCount = (lang: Locale, n: number) =>
  `${new Intl.NumberFormat(FORMAT_TAG[lang]).format(n)} ${lang === 'en' ? (n === 1 ? 'customer' : 'customers') : n === 1 ? 'klant' : 'klanten'}`;

/** Waits until the call list shows `total` customers and its first row is painted. */
async function listed(page: Page, lang: Locale, total: number): Promise<void> {
  await expect
    .poll(() => page.getByTestId('customer-count').innerText(), { timeout: 20_000 })
    .toBe(customerCount(lang, total));
  await page.locator('[role="row"][row-index="0"] [role="gridcell"][col-id="accountName"]').waitFor();
}

/** The grid's rendered header cells, left to right: column, left edge and width. */
function headers(page: Page): Promise<{ id: string; x: number; width: number }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.ag-header-cell[col-id]')]
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.getAttribute('col-id')!, x: r.x, width: r.width };
      })
      .sort((a, b) => a.x - b.x),
  );
}

/** A header's centre, where a drag starts; its resize handle's centre. */
async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator(selector).first().boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

describe.skipIf(SKIP_BROWSER)('the call list and the grids’ layout', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    fx = await startFixture();
    app = await AppBrowser.launch();
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  it('opens on the call list; a product facet, a customer by the keyboard alone, its history chart, Escape back to its row', async () => {
    const page = await openApp('en');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/customers');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Customers');
    await listed(page, 'en', (await fx.service.customers({ limit: 0 })).total);

    await page
      .locator('[data-facet="product"]')
      .getByRole('checkbox', { name: /^Product M365\b/ })
      .check();
    const want = await fx.service.customers({ filters: { product: ['M365'] }, limit: 2 });
    await listed(page, 'en', want.total);
    await expect
      .poll(() =>
        page.locator('[role="row"][row-index="1"] [role="gridcell"][col-id="accountName"]').innerText(),
      )
      .toBe(want.rows[1]!.accountName);

    // A reload keeps the filter; from the page's top, Tab to the skip link, Enter into the grid's
    // first cell, down a row, Enter: the second customer opens.
    await page.reload();
    await listed(page, 'en', want.total);
    const onSkipLink = () => page.evaluate(() => !!document.activeElement?.classList.contains('skip-link'));
    for (let i = 0; i < 3 && !(await onSkipLink()); i++) await page.keyboard.press('Tab');
    expect(await onSkipLink()).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Customer detail' });
    const customer = want.rows[1]!;
    await expect
      .poll(() => panel.getByRole('heading', { level: 2 }).innerText(), { timeout: 15_000 })
      .toBe(customer.accountName);
    expect(await page.evaluate(() => location.hash)).toContain(
      `customer=${encodeURIComponent(customer.customerId)}`,
    );

    // The chart of a product with more than one snapshot: a point per snapshot with a Fit, at its Fit.
    const detail = await fx.service.customer({ customerId: customer.customerId });
    const product = detail.products.find((p) => p.product === 'M365')!;
    expect(product.history.length).toBeGreaterThan(1);
    const chart = panel.getByTestId('spark-M365');
    await chart.waitFor();
    const drawn = await chart.evaluate((svg) => ({
      height: Number(svg.getAttribute('height')),
      points: [...svg.querySelectorAll('circle')].map((c) => ({
        x: Number(c.getAttribute('cx')),
        y: Number(c.getAttribute('cy')),
      })),
      lines: [...svg.querySelectorAll('polyline')].map((l) => l.getAttribute('points')!.split(' ').length),
    }));
    const fits = product.history.map((h) => h.fit).filter((f): f is number => f !== null);
    const intents = product.history.map((h) => h.intent).filter((f): f is number => f !== null);
    expect(drawn.points).toHaveLength(fits.length);
    // Oldest first, left to right; a higher Fit draws higher (SVG's y grows downwards).
    for (let i = 1; i < drawn.points.length; i++) {
      expect(drawn.points[i]!.x).toBeGreaterThan(drawn.points[i - 1]!.x);
      expect(Math.sign(drawn.points[i - 1]!.y - drawn.points[i]!.y)).toBe(Math.sign(fits[i]! - fits[i - 1]!));
    }
    for (const p of drawn.points) {
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeLessThanOrEqual(drawn.height);
    }
    expect(drawn.lines).toEqual([fits.length, intents.length]);
    await shot(page, 'customers-detail-keyboard');

    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.closest('[role="row"]')?.getAttribute('row-index')),
      )
      .toBe('1');
  });

  it('keeps a column resized and one moved by drag in a saved view, and lays them out again when it opens', async () => {
    const page = await openApp('en');
    await listed(page, 'en', (await fx.service.customers({ limit: 0 })).total);
    const before = await headers(page);
    expect(before.map((h) => h.id)).toEqual([...CALL_LIST_COLUMNS]);

    // Wider by 40 px: the flexible columns give the room.
    const country = before.find((h) => h.id === 'country')!;
    const handle = await centre(page, '.ag-header-cell[col-id="country"] .ag-header-cell-resize');
    await drag(page, handle, { x: handle.x + 40, y: handle.y });
    await expect
      .poll(async () => (await headers(page)).find((h) => h.id === 'country')!.width)
      .toBeGreaterThan(country.width + 30);
    // Segment dragged onto the account name's left half: it goes before it.
    const segment = await centre(page, '.ag-header-cell[col-id="segment"] .ag-header-cell-text');
    const account = (await headers(page)).find((h) => h.id === 'accountName')!;
    await drag(page, segment, { x: account.x + 10, y: segment.y });
    await expect
      .poll(async () => {
        const ids = (await headers(page)).map((h) => h.id);
        return ids.indexOf('segment') < ids.indexOf('accountName');
      })
      .toBe(true);
    const layout = await headers(page);
    const width = layout.find((h) => h.id === 'country')!.width;
    const hash = await page.evaluate(() => decodeURIComponent(location.hash));
    expect(hash).toContain(`order=${layout.map((h) => h.id).join(',')}`);
    expect(hash).toContain(`widths=country:${Math.round(width)}`);

    await page.getByRole('button', { name: 'Save view…' }).click();
    await page.getByRole('textbox', { name: 'View name' }).fill('Call list, my columns');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').getByText('Saved “Call list, my columns”').waitFor();
    const saved = (await fx.service.views()).find((v) => v.name === 'Call list, my columns')!;
    expect(saved.state).toMatchObject({
      page: 'customers',
      columns: layout.map((h) => h.id),
      widths: { country: Math.round(width) },
    });
    await page.getByRole('button', { name: 'Close' }).click();

    // Elsewhere, then the view from Saved views: the same columns in the same order, the same width.
    await go(page, '#/propensity');
    await page.getByTestId('row-count').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Saved views' }).click();
    await page.getByRole('link', { name: 'Open Call list, my columns' }).click();
    await listed(page, 'en', (await fx.service.customers({ limit: 0 })).total);
    const reopened = await headers(page);
    expect(reopened.map((h) => h.id)).toEqual(layout.map((h) => h.id));
    expect(Math.round(reopened.find((h) => h.id === 'country')!.width)).toBe(Math.round(width));
    await fx.service.deleteView({ id: saved.id });
  });

  for (const lang of ['en', 'nl'] as const) {
    it(`shows every call-list column at 1280×800 in ${lang}: no sideways scroll, no cut header, chip or figure`, async () => {
      const page = await openApp(lang);
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/customers');
      await listed(page, lang, (await fx.service.customers({ limit: 0 })).total);
      await page.waitForLoadState('networkidle');
      expect((await headers(page)).map((h) => h.id)).toEqual([...CALL_LIST_COLUMNS]);
      const fit = await page.evaluate(() => {
        const scroller = document.querySelector('.ag-body-horizontal-scroll-viewport')!;
        const grid = document.querySelector('.ag-root-wrapper')!.getBoundingClientRect();
        const clipped = (e: Element) => e.scrollWidth > e.clientWidth + 1;
        const out: string[] = [];
        for (const h of document.querySelectorAll('.ag-header-cell[col-id]')) {
          const r = h.getBoundingClientRect();
          if (r.right > grid.right + 1) out.push(`${h.getAttribute('col-id')} header beyond the grid`);
          if (clipped(h.querySelector('.ag-header-cell-text')!))
            out.push(`${h.getAttribute('col-id')} header cut`);
        }
        for (const c of document.querySelectorAll('.ag-cell[col-id="products"]')) {
          const r = c.getBoundingClientRect();
          for (const chip of c.querySelectorAll('.chip')) {
            const b = chip.getBoundingClientRect();
            if (b.right > r.right || b.bottom > r.bottom) out.push(`chip ${chip.textContent} cut`);
          }
        }
        for (const id of ['priority', 'whitespaceRevenue', 'nextAgreementEnd'])
          for (const c of document.querySelectorAll(`.ag-cell[col-id="${id}"]`))
            if (clipped(c)) out.push(`${id} ${c.textContent} cut`);
        return { overflow: scroller.scrollWidth - scroller.clientWidth, problems: out };
      });
      expect(fit).toEqual({ overflow: 0, problems: [] });
      await shot(page, lang === 'en' ? 'customers-1280' : 'customers-1280-nl');
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  it('opens Propensity on account, product, cluster, Fit, Intent and whitespace, sized to their content, with the domain among its columns', async () => {
    const page = await openApp('en');
    await go(page, '#/propensity');
    const total = (await fx.service.rows({ filters: {}, limit: 0 })).total;
    await expect
      .poll(() => page.getByTestId('row-count').innerText(), { timeout: 20_000 })
      .toBe(`${new Intl.NumberFormat('en-US').format(total)} rows`);
    await page.waitForLoadState('networkidle');
    const first = ['accountName', 'product', 'cluster', 'fit', 'intent', 'whitespace'];
    await expect.poll(async () => (await headers(page)).map((h) => h.id).slice(0, 6)).toEqual(first);
    const sizes = await page.evaluate((ids) => {
      const grid = document.querySelector('.ag-root-wrapper')!.getBoundingClientRect();
      return ids.map((id) => {
        const h = document.querySelector(`.ag-header-cell[col-id="${id}"]`)!.getBoundingClientRect();
        const cells = [...document.querySelectorAll(`.ag-cell[col-id="${id}"]`)];
        const content = Math.max(
          ...cells.map((c) => {
            const r = document.createRange();
            r.selectNodeContents(c);
            return r.getBoundingClientRect().width;
          }),
        );
        return {
          id,
          inView: h.right <= grid.right,
          cut: cells.filter((c) => c.scrollWidth > c.clientWidth + 1).length,
          // Room beyond the widest value: padding and a little, unless the header needs more.
          spare: h.width - content,
        };
      });
    }, first);
    for (const s of sizes) {
      expect(s, s.id).toMatchObject({ inView: true, cut: 0 });
      expect(s.spare, s.id).toBeGreaterThan(0);
    }
    // The account and the cluster are as wide as their longest value, not a fixed guess.
    for (const id of ['accountName', 'cluster'])
      expect(sizes.find((s) => s.id === id)!.spare, id).toBeLessThan(40);
    await shot(page, 'propensity-1280');

    // Domain: offered by the Columns menu, shown, and the row's own value.
    await page.getByText('Columns', { exact: true }).click();
    expect(await page.getByRole('checkbox', { name: 'Domain', exact: true }).isChecked()).toBe(true);
    await page.keyboard.press('Escape');
    const row = (await fx.service.rows({ filters: {}, limit: 1 })).rows[0]!;
    expect(row.domain).toBeTruthy();
    const domain = page.locator('[role="row"][row-index="0"] [role="gridcell"][col-id="domain"]');
    const scroller = page.locator('.ag-body-horizontal-scroll-viewport').first();
    for (let i = 0; i < 30 && (await domain.count()) === 0; i++) {
      await scroller.evaluate((el) => (el.scrollLeft += 200));
      await page.waitForTimeout(50);
    }
    await expect.poll(() => domain.innerText()).toBe(row.domain);
  });

  it('logged no page error', () => {
    expect(app.errors).toEqual([]);
  });
});
