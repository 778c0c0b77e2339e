/**
 * #15 in a real Chromium: every view in English and Dutch (labels checked against the catalogs,
 * never against strings written here), axe-core on every view and dialog in both languages, a
 * keyboard-only walk to the grid, focus back after each dialog, the import history fitting
 * 1280×800 in both languages (its remove buttons in view, no sideways scrolling) and its rows'
 * issues worded in the UI's language, and the language choice kept for the user across a
 * reload and a workspace switch. Screenshots at 1280×800 go to
 * test-artifacts/ (not committed).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_NAMES, COLUMN_NAMES, FORMAT_TAG, type Locale } from '../../shared/i18n';
import { en } from '../../renderer/src/i18n/en';
import { nl } from '../../renderer/src/i18n/nl';
import { PAGES, PAGE_KEYS, type Page as PageName } from '../../renderer/src/labels';
import { issueText } from '../../shared/i18n/issues';
import { translator } from '../../shared/i18n/translate';
import { SKIP_BROWSER } from './browser';
import { startFixture, type Fixture } from './fixture';
import { AppBrowser, axeViolations, CATALOG, shot } from './pages';

const LANGS: Locale[] = ['en', 'nl'];

let fx: Fixture;
let app: AppBrowser;

async function open(lang: Locale, hashPath: string, f: Fixture = fx): Promise<Page> {
  const page = await app.open(f.server.url, lang, hashPath);
  await heading(page, lang, hashPath.split('?')[0] as PageName);
  return page;
}

async function heading(page: Page, lang: Locale, name: PageName): Promise<void> {
  await expect
    .poll(() => page.getByRole('heading', { level: 1 }).innerText(), { timeout: 15_000 })
    .toBe(CATALOG[lang][PAGE_KEYS[name]]);
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.count').allInnerTexts()).not.toContain(CATALOG.en['common.loading']);
  await page.waitForTimeout(300); // grid rows paint without animation, but a frame or two after the data
}

/**
 * What a user reads or hears on the page: text nodes and the names and hints of elements. The
 * check below asks that none of it is an English message that Dutch words differently.
 */
async function shownTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.textContent?.trim();
      if (t) out.push(t);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]'))
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.push(v);
      }
    return out;
  });
}

/** English messages without placeholders that no Dutch message says the same way ("Open" is both). */
const DUTCH = new Set<string>(Object.values(nl));
const ENGLISH_ONLY = new Set<string>(Object.values(en).filter((v) => !v.includes('{') && !DUTCH.has(v)));

/** Eight views with axe-core each, on a shared 2-core machine: more than the default minute. */
const SLOW = 240_000;

describe.skipIf(SKIP_BROWSER)('English and Dutch, keyboard and screen readers', { timeout: SLOW }, () => {
  beforeAll(async () => {
    fx = await startFixture();
    app = await AppBrowser.launch();
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  for (const lang of LANGS) {
    it(`shows every view in ${lang} from the catalog, with no serious axe violation`, async () => {
      const m = CATALOG[lang];
      const page = await open(lang, 'overview');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      const nav = page.getByRole('navigation', { name: m['app.nav'] });
      const found: Record<string, string[]> = {};
      for (const name of PAGES) {
        await nav.getByRole('link', { name: m[PAGE_KEYS[name]], exact: true }).click();
        await heading(page, lang, name);
        await settle(page);
        await shot(page, `${lang}-${name}`);
        found[name] = await axeViolations(page);
        if (lang === 'nl') {
          const english = (await shownTexts(page)).filter((t) => ENGLISH_ONLY.has(t));
          expect(english, name).toEqual([]);
        }
      }
      expect(found).toEqual(Object.fromEntries(PAGES.map((p) => [p, []])));

      // Each view's own words, from the catalogs.
      await page.evaluate(() => (location.hash = '#/overview'));
      await page.getByRole('group', { name: m['overview.customers'] }).waitFor();
      const s = await fx.service.summary({});
      const fmtInt = (n: number) => new Intl.NumberFormat(FORMAT_TAG[lang]).format(n);
      await expect.poll(() => page.getByTestId('tile-customers').innerText()).toBe(fmtInt(s.customers));
      expect(await page.locator('.legend').innerText()).toContain(CLUSTER_NAMES[lang]['Act Now']);

      await page.evaluate(() => (location.hash = '#/propensity'));
      await heading(page, lang, 'propensity');
      const clusterFacet = page.getByRole('group', { name: m['filter.cluster'], exact: true });
      await clusterFacet.getByText(CLUSTER_NAMES[lang]['Act Now'], { exact: true }).waitFor();
      await expect
        .poll(() => page.locator('.ag-header-cell[col-id="accountName"] .ag-header-cell-text').innerText())
        .toBe(COLUMN_NAMES[lang].accountName);
      // A chip shows the cluster's name in the reader's language and still filters on the stored value.
      await clusterFacet
        .getByRole('checkbox', { name: new RegExp(`${CLUSTER_NAMES[lang]['Act Now']}`) })
        .check();
      await expect.poll(() => page.evaluate(() => location.hash)).toContain('cluster=Act+Now');
      const chips = page.getByRole('list', { name: m['chips.label'] });
      await expect
        .poll(() => chips.innerText())
        .toContain(`${m['filter.cluster']}: ${CLUSTER_NAMES[lang]['Act Now']}`);
      const total = (await fx.service.rows({ filters: { cluster: ['Act Now'] }, limit: 0 })).total;
      const rows = new Intl.NumberFormat(FORMAT_TAG[lang]).format(total);
      await expect
        .poll(() => page.getByTestId('row-count').innerText())
        .toBe(`${rows} ${lang === 'en' ? (total === 1 ? 'row' : 'rows') : total === 1 ? 'rij' : 'rijen'}`);
      // The grid renders only the columns in view: scroll to the cluster column as a user would.
      const chip = page.locator('.ag-cell[col-id="cluster"] .chip').first();
      const scroller = page.locator('.ag-body-horizontal-scroll-viewport').first();
      for (let i = 0; i < 30 && (await chip.count()) === 0; i++) {
        await scroller.evaluate((el) => (el.scrollLeft += 200));
        await page.waitForTimeout(50);
      }
      await expect.poll(() => chip.innerText()).toBe(CLUSTER_NAMES[lang]['Act Now']);
    });

    it(`has no serious axe violation in the dialogs and the customer detail (${lang})`, async () => {
      const m = CATALOG[lang];
      const page = await open(lang, 'propensity');
      await settle(page);
      await page.getByRole('button', { name: m['export.open'] }).click();
      await page.getByRole('dialog', { name: m['export.title'] }).waitFor();
      await shot(page, `${lang}-export-dialog`);
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: m['saveView.open'] }).click();
      await page.getByRole('dialog', { name: m['saveView.title'] }).waitFor();
      await shot(page, `${lang}-save-view-dialog`);
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.getByText(m['propensity.columns'], { exact: true }).click();
      await shot(page, `${lang}-columns-menu`);
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');

      await page.evaluate(() => (location.hash = '#/customers'));
      await heading(page, lang, 'customers');
      await settle(page);
      await page.locator('[role="row"][row-index="0"] [role="gridcell"][col-id="accountName"]').click();
      const panel = page.getByRole('complementary', { name: m['detail.label'] });
      await panel.getByRole('heading', { level: 2 }).waitFor();
      await panel.getByText(m['detail.products'], { exact: true }).waitFor();
      await shot(page, `${lang}-customer-detail`);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: m['facets.hide'] }).click();
      await shot(page, `${lang}-customers-facets-hidden`);
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  for (const lang of LANGS) {
    it(`fits the import history at 1280×800 in ${lang}: every column and each remove button in view, no sideways scrolling`, async () => {
      const m = CATALOG[lang];
      const t = translator(lang, m).t;
      const page = await open(lang, 'imports');
      const imports = await fx.service.imports();
      const table = page.getByRole('table', { name: m['history.title'] });
      const rows = table.locator(':scope > tbody > tr:not(.issues-row)');
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(imports.length);
      const scroller = page.locator('.table-scroll').filter({ has: table });
      const box = (await scroller.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(1280);
      // Nothing to scroll sideways to.
      expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      const inside = async (el: ReturnType<Page['locator']>, what: string) => {
        const b = (await el.boundingBox())!;
        expect(b.x, what).toBeGreaterThanOrEqual(box.x);
        expect(b.x + b.width, what).toBeLessThanOrEqual(box.x + box.width);
      };
      const headers = table.locator(':scope > thead th');
      for (let i = 0; i < (await headers.count()); i++) await inside(headers.nth(i), `column ${i + 1}`);
      // Each row's remove button, whole: inside the table's box and its own text not cut.
      for (let i = 0; i < imports.length; i++) {
        const button = rows.nth(i).getByRole('button', {
          name: t('history.removeLabel', { file: imports[i]!.file }),
          exact: true,
        });
        expect(await button.innerText()).toBe(m['history.remove']);
        await inside(button, imports[i]!.file);
        expect(await button.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      }
      // The file names are cut, not the table: the whole name is the cell's title.
      const file = rows.first().locator('td.file');
      expect(await file.getAttribute('title')).toContain(imports[0]!.file);
      await shot(page, `imports-history-${lang}`);

      // A snapshot's issues in the UI's language: each the service's kind and figures, worded by
      // shared/i18n/issues.ts (the stored English message in English), still without sideways scrolling.
      const withIssues = imports.reduce((a, b) => (b.issueCount > a.issueCount ? b : a));
      const { issues } = await fx.service.importIssues({ importId: withIssues.id });
      await table
        .getByRole('button', {
          name: t('history.showIssues', { count: withIssues.issueCount, file: withIssues.file }),
        })
        .click();
      const messages = table.locator('table.issues tbody tr td:last-child');
      await expect.poll(() => messages.count()).toBe(issues.length);
      const want = issues.map((i) => {
        expect(i.issue, i.message).toBeDefined();
        return issueText(i.issue!, lang);
      });
      expect(await messages.allInnerTexts()).toEqual(want);
      if (lang === 'en') expect(want).toEqual(issues.map((i) => i.message));
      else for (const [k, i] of issues.entries()) expect(want[k]).not.toBe(i.message);
      expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      await shot(page, `imports-issues-${lang}`);
    });
  }

  it('reaches the grid from the page top in at most 5 Tab presses, on every grid view', async () => {
    for (const view of ['propensity', 'customers', 'agreements'] as const) {
      const page = await open('en', view);
      await settle(page);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      let presses = 0;
      const inGrid = () =>
        page.evaluate(() => !!document.activeElement?.closest('[data-skip-target="grid"]'));
      while (presses < 5 && !(await inGrid())) {
        await page.keyboard.press('Tab');
        presses++;
        const isSkip = await page.evaluate(() => document.activeElement?.classList.contains('skip-link'));
        if (isSkip) {
          expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(en['app.skipToGrid']);
          await page.keyboard.press('Enter');
        }
      }
      expect(await inGrid(), view).toBe(true);
      expect(presses, view).toBeLessThanOrEqual(5);
      // The focused cell is the grid's own: the arrow keys move on from it.
      const cell = await page.evaluate(() => document.activeElement?.getAttribute('col-id'));
      expect(cell, view).toBeTruthy();
      await page.keyboard.press('ArrowDown');
      expect(
        await page.evaluate(() => document.activeElement?.closest('[role="row"]')?.getAttribute('row-index')),
        view,
      ).toBe('1');
    }
  });

  it('gives the focus back to the control that opened each dialog', async () => {
    const page = await open('en', 'propensity');
    await settle(page);
    const focusedName = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    for (const [button, dialog] of [
      [en['export.open'], en['export.title']],
      [en['saveView.open'], en['saveView.title']],
    ] as const) {
      await page.getByRole('button', { name: button }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: dialog }).waitFor();
      await page.keyboard.press('Escape');
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
      await expect.poll(focusedName).toBe(button);
      // Closed by its own button, too.
      await page.keyboard.press('Enter');
      await page.getByRole('dialog', { name: dialog }).waitFor();
      await page
        .getByRole('dialog')
        .getByRole('button', {
          name: dialog === en['export.title'] ? en['common.close'] : en['common.cancel'],
        })
        .click();
      await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
      await expect.poll(focusedName).toBe(button);
    }
    // A confirmation (dismissed) leaves the focus on the button that asked.
    await page.evaluate(() => (location.hash = '#/settings'));
    await heading(page, 'en', 'settings');
    page.once('dialog', (d) => void d.dismiss());
    await page.getByRole('button', { name: en['settings.reset'] }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(focusedName).toBe(en['settings.reset']);
  });

  it('keeps the language chosen in Settings across a reload and a workspace switch', async () => {
    const own = await startFixture({ files: [] });
    try {
      const page = await open('en', 'settings', own);
      expect(await own.service.preferences()).toEqual({});
      await page.getByRole('combobox', { name: en['settings.language'] }).selectOption('nl');
      await heading(page, 'nl', 'settings');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
      expect(await own.service.preferences()).toEqual({ language: 'nl' });
      await page.reload();
      await heading(page, 'nl', 'settings');
      // Another workspace: the language is the user's, not the workspace's.
      const before = (await own.service.workspace()).path;
      await page.evaluate(() => (location.hash = '#/overview'));
      await page.getByRole('button', { name: nl['empty.openSample'] }).click();
      await page.getByText(nl['app.sampleData'], { exact: true }).waitFor({ timeout: 60_000 });
      expect((await own.service.workspace()).path).not.toBe(before);
      await page.reload();
      await heading(page, 'nl', 'overview');
      // Numbers follow the chosen language, not the browser's (en-US here).
      const s = await own.service.summary({});
      await expect
        .poll(() => page.getByTestId('tile-customers').innerText())
        .toBe(new Intl.NumberFormat('nl-NL').format(s.customers));
      await expect
        .poll(() => page.getByTestId('tile-revenue').innerText())
        .toBe(
          new Intl.NumberFormat('nl-NL', {
            style: 'currency',
            currency: 'USD',
            minimumFractionDigits: 2,
            maximumFractionDigits: 2,
          }).format(s.openExpiringRevenue),
        );
      const asOf = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone: 'UTC' }).format(
        new Date(`${s.asOf}T00:00:00Z`),
      );
      expect(await page.locator('.page-head time').innerText()).toBe(asOf);
      await shot(page, 'nl-chosen-overview');
      // And back.
      await page.evaluate(() => (location.hash = '#/settings'));
      await page.getByRole('combobox', { name: nl['settings.language'] }).selectOption('en');
      await heading(page, 'en', 'settings');
      expect(await own.service.preferences()).toEqual({ language: 'en' });
    } finally {
      await own.close();
    }
  });

  it('logged no page error', () => {
    expect(app.errors).toEqual([]);
  });
});
