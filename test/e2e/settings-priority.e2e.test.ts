/**
 * #13's priority weights and #15's language in a real Chromium: Settings ▸ Priority edits the
 * call list's weights (inline validation, save, reset to default) and the Customers view follows;
 * a Dutch UI shows the priority's reasons in Dutch in the grid and the customer panel. Expected
 * figures and sentences come from the service (its English is the contract's), never from
 * constants here. axe-core on each screen; screenshots at 1280×800 go to test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRIORITY_WEIGHTS } from '../../shared/domain/priority';
import { CLUSTER_NAMES, type Locale } from '../../shared/i18n';
import { en } from '../../renderer/src/i18n/en';
import { nl } from '../../renderer/src/i18n/nl';
import { SKIP_BROWSER } from './browser';
import { startFixture, type Fixture } from './fixture';
import { AppBrowser, axeViolations, shot } from './pages';

let fx: Fixture;
let app: AppBrowser;

const open = (lang: Locale, hashPath: string): Promise<Page> =>
  app.open(fx.server.url, lang, hashPath, { acceptDialogs: true });

async function go(page: Page, hashPath: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), `#/${hashPath}`);
}

/** The call list's first rows as the grid shows them: priority, account name and first reason. */
async function gridRows(page: Page, n: number): Promise<string[][]> {
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const row = `[role="row"][row-index="${i}"]`;
    if ((await page.locator(row).count()) === 0) break;
    const cell = (col: string) => page.locator(`${row} [role="gridcell"][col-id="${col}"]`).innerText();
    out.push([
      (await cell('priority')).trim(),
      (await cell('accountName')).trim(),
      (await cell('why')).trim(),
    ]);
  }
  return out;
}

/** The same rows from the service, in the reasons' language asked. */
async function wantRows(n: number, lang?: Locale): Promise<string[][]> {
  const { rows } = await fx.service.customers({ filters: {}, limit: n, lang });
  return rows.map((r) => [String(r.priority), r.accountName ?? '', r.why[0] ?? '']);
}

const points = (page: Page, what: string) =>
  page.getByRole('spinbutton', {
    name: en['settings.priority.pointsFor'].replace('{what}', what),
    exact: true,
  });
const days = (page: Page, what: string) =>
  page.getByRole('spinbutton', {
    name: en['settings.priority.daysFor'].replace('{what}', what),
    exact: true,
  });
const actNowRow = en['settings.priority.cluster'].replace('{cluster}', CLUSTER_NAMES.en['Act Now']);
const educateRow = en['settings.priority.cluster'].replace('{cluster}', CLUSTER_NAMES.en.Educate);

describe.skipIf(SKIP_BROWSER)('the priority in Settings and in the UI language', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    fx = await startFixture();
    app = await AppBrowser.launch();
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  it('changes a weight in Settings and the Customers order and priorities follow; invalid weights are refused; reset restores', async () => {
    const page = await open('en', 'customers');
    const before = await wantRows(5);
    await expect.poll(() => gridRows(page, 5), { timeout: 20_000 }).toEqual(before);

    await go(page, 'settings');
    const section = page.getByRole('region', { name: en['settings.priority.title'] });
    await section.waitFor();
    await expect
      .poll(() => points(page, actNowRow).inputValue())
      .toBe(String(DEFAULT_PRIORITY_WEIGHTS.cluster['Act Now']));
    await expect
      .poll(() => days(page, en['settings.priority.agreementSoon']).inputValue())
      .toBe(String(DEFAULT_PRIORITY_WEIGHTS.soonDays));
    await shot(page, 'settings-priority');
    expect(await axeViolations(page)).toEqual([]);

    // A later window not longer than the soon one: said at the field, and Save changes nothing.
    const later = days(page, en['settings.priority.agreementLater']);
    await later.fill('60');
    const message = en['settings.priority.errLater'].replace(
      /\{days, plural.*\}\)/,
      `${DEFAULT_PRIORITY_WEIGHTS.soonDays} days)`,
    );
    const laterError = section.getByText(message, { exact: true });
    await laterError.waitFor();
    expect(await later.getAttribute('aria-invalid')).toBe('true');
    // The message is the field's description: a screen reader says it with the field.
    expect(await later.getAttribute('aria-describedby')).toBe(await laterError.getAttribute('id'));
    await points(page, actNowRow).fill('101');
    await section
      .getByText(en['settings.priority.errPoints'].replace('{max}', '100'), { exact: true })
      .waitFor();
    await shot(page, 'settings-priority-invalid');
    expect(await axeViolations(page)).toEqual([]);
    await section.getByRole('button', { name: en['settings.priority.save'], exact: true }).click();
    await expect.poll(() => section.getByRole('alert').innerText()).toBe(en['settings.priority.errForm']);
    expect((await fx.service.settings()).priority).toEqual(DEFAULT_PRIORITY_WEIGHTS);

    // Act Now worth nothing and Educate the most: the call list is ranked by the new weights.
    await later.fill(String(DEFAULT_PRIORITY_WEIGHTS.laterDays));
    await points(page, actNowRow).fill('0');
    await points(page, educateRow).fill('70');
    await section.getByRole('button', { name: en['settings.priority.save'], exact: true }).click();
    await expect.poll(() => section.getByRole('status').innerText()).toBe(en['settings.priority.saved']);
    const saved = (await fx.service.settings()).priority;
    expect(saved).toEqual({
      ...DEFAULT_PRIORITY_WEIGHTS,
      cluster: { ...DEFAULT_PRIORITY_WEIGHTS.cluster, 'Act Now': 0, Educate: 70 },
    });
    const after = await wantRows(5);
    expect(after).not.toEqual(before);
    await go(page, 'customers');
    await expect.poll(() => gridRows(page, 5), { timeout: 20_000 }).toEqual(after);
    await shot(page, 'customers-reweighted');

    // Reset to default: the defaults in the form and in the workspace, the first order again.
    await go(page, 'settings');
    await section.getByRole('button', { name: en['settings.priority.reset'], exact: true }).click();
    await expect.poll(() => section.getByRole('status').innerText()).toBe(en['settings.priority.resetDone']);
    await expect
      .poll(() => points(page, educateRow).inputValue())
      .toBe(String(DEFAULT_PRIORITY_WEIGHTS.cluster.Educate));
    expect((await fx.service.settings()).priority).toEqual(DEFAULT_PRIORITY_WEIGHTS);
    await go(page, 'customers');
    await expect.poll(() => gridRows(page, 5), { timeout: 20_000 }).toEqual(before);
    expect(app.errors).toEqual([]);
  });

  it('shows the reasons in Dutch in a Dutch UI: the grid and the customer panel', async () => {
    const page = await open('nl', 'customers');
    const dutch = await wantRows(5, 'nl');
    const english = await wantRows(5);
    expect(dutch.map((r) => r[2])).not.toEqual(english.map((r) => r[2]));
    await expect.poll(() => gridRows(page, 5), { timeout: 20_000 }).toEqual(dutch);

    await page.locator('[role="row"][row-index="0"] [role="gridcell"][col-id="accountName"]').click();
    const panel = page.getByRole('complementary', { name: nl['detail.label'] });
    await panel.getByRole('heading', { level: 2 }).waitFor();
    const first = (await fx.service.customers({ filters: {}, limit: 1 })).rows[0]!;
    const detail = await fx.service.customer({ customerId: first.customerId, lang: 'nl' });
    expect(detail.why).not.toEqual(first.why);
    await expect.poll(() => panel.locator('ul.reasons li').allInnerTexts()).toEqual(detail.why);
    await shot(page, 'nl-customer-reasons');
    expect(await axeViolations(page)).toEqual([]);

    await go(page, 'settings');
    const section = page.getByRole('region', { name: nl['settings.priority.title'] });
    await section.getByRole('button', { name: nl['settings.priority.save'], exact: true }).waitFor();
    await shot(page, 'nl-settings-priority');
    expect(await axeViolations(page)).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
