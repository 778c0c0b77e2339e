/**
 * What the browser suites share about a page: opening the app (AppBrowser), the catalogs by language, screenshots into
 * test-artifacts/, axe-core's serious and critical violations, waiting for the facets' counts, and
 * a download started from the export dialog.
 */
import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Locale } from '../../shared/i18n';
import { en } from '../../renderer/src/i18n/en';
import { nl } from '../../renderer/src/i18n/nl';
import { launchChromium } from './browser';

export const ARTIFACTS = path.resolve('test-artifacts');
export const CATALOG = { en, nl } as const;
/** The browser locale that gives each language on first run. */
export const TAG: Record<Locale, string> = { en: 'en-US', nl: 'nl-NL' };

/**
 * One suite's Chromium: each page opened in a context of its own (the language's browser locale,
 * 1280×800, downloads accepted, the CSP bypassed because axe-core is injected as an inline
 * script), its page errors and console errors collected in `errors` for the suite to check.
 */
export class AppBrowser {
  readonly errors: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<AppBrowser> {
    return new AppBrowser(await launchChromium());
  }

  /** The app at `url` in `lang`, once its navigation shows; then `#/hashPath` when given. */
  async open(
    url: string,
    lang: Locale,
    hashPath?: string,
    opts: { acceptDialogs?: boolean } = {},
  ): Promise<Page> {
    const context = await this.browser.newContext({
      locale: TAG[lang],
      viewport: { width: 1280, height: 800 },
      bypassCSP: true,
      acceptDownloads: true,
    });
    this.contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && this.errors.push(m.text()));
    if (opts.acceptDialogs) page.on('dialog', (d) => void d.accept());
    await page.goto(url);
    await page.getByRole('navigation', { name: CATALOG[lang]['app.nav'] }).waitFor();
    if (hashPath !== undefined) await page.evaluate((h) => (location.hash = h), `#/${hashPath}`);
    return page;
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => undefined);
    await this.browser.close();
  }
}

export async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/**
 * axe-core's serious and critical violations on the page as it is, as "rule: target" lines. The
 * page's context needs bypassCSP: the app's CSP forbids inline scripts, and axe is injected as one.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const result = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      nodes: v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
    }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id}: ${n}`));
}

/** The facets are counted after the view's data: wait until their counts are in. */
export async function facetsIn(page: Page): Promise<void> {
  await expect
    .poll(() => page.locator('aside.facets').getAttribute('aria-busy'), { timeout: 20_000 })
    .toBe('false');
}

/**
 * Clicks the open dialog's Export (in `lang`), or `button` when given, and saves the download
 * into `dir`: its path and the name it was offered under.
 */
export async function exportFromDialog(
  page: Page,
  lang: Locale,
  dir: string,
  button: string = CATALOG[lang]['export.start'],
): Promise<{ file: string; name: string }> {
  const dialog = page.getByRole('dialog');
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await dialog.getByRole('button', { name: button, exact: true }).click();
  const d = await download;
  const file = path.join(dir, `dl-${Date.now()}-${d.suggestedFilename()}`);
  await d.saveAs(file);
  return { file, name: d.suggestedFilename() };
}

/**
 * A grid's displayed columns, left to right, as AG Grid numbers them (aria-colindex). The grid
 * renders only the columns in view: it is scrolled across half a view at a time, its headers read
 * at each stop (a poll's interval after the scroll, so that they are painted), then back.
 */
export async function gridColumns(
  page: Page,
  grid = page.locator('.ag-root-wrapper').first(),
): Promise<string[]> {
  const seen = new Map<string, number>();
  const scroller = grid.locator('.ag-body-horizontal-scroll-viewport');
  let atEnd = false;
  await expect
    .poll(
      async () => {
        const headers = await grid
          .locator('.ag-header-row-column [role="columnheader"][col-id]')
          .evaluateAll((els) =>
            els.map((e) => [e.getAttribute('col-id')!, Number(e.getAttribute('aria-colindex'))] as const),
          );
        for (const [id, at] of headers) seen.set(id, at);
        if (atEnd) return true;
        atEnd = await scroller.evaluate((el) => {
          el.scrollLeft += Math.max(100, el.clientWidth * 0.8);
          return el.scrollLeft + el.clientWidth >= el.scrollWidth - 1;
        });
        return false;
      },
      { timeout: 20_000, interval: 150 },
    ) // a step per 150 ms: the headers scrolled in render meanwhile
    .toBe(true);
  await scroller.evaluate((el) => (el.scrollLeft = 0));
  return [...seen].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}
