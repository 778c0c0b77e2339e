/**
 * #15's service lines in a real Chromium: an import refused by the service reads in the UI's
 * language. A file that is no report and a file with a too-long record past line 1,000 are
 * uploaded in a Dutch and in an English UI; each result line must be the refusal the service
 * gives (its kind and figures, asked of the service itself) worded by the problems' catalog
 * (shared/i18n/problems.ts) in that language, numbers in its format ("regel 1.503"), never a
 * string written here, and the failed job keeps no progress bar, only its failed state. axe-core
 * on the Imports page with the refusals shown; screenshots at 1280×800 go to test-artifacts/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobOut } from '../../shared/api';
import { FORMAT_TAG, type Locale } from '../../shared/i18n';
import { problemText, type Problem } from '../../shared/i18n/problems';
import { MAX_RECORD_CHARS } from '../../main/ingest/limits';
import { m365Rows, tsv } from '../integration/helpers';
import { SKIP_BROWSER } from './browser';
import { startFixture, type Fixture } from './fixture';
import { AppBrowser, axeViolations, CATALOG, shot } from './pages';

let fx: Fixture;
let app: AppBrowser;
/** The bad files, each with the refusal the service gives it. */
const files: { file: string; problem: Problem }[] = [];

/** Imports `file` through the service (it is refused, so nothing changes): the file's problem. */
async function refusalOf(file: string): Promise<Problem> {
  let job: JobOut = await fx.service.importPaths({ paths: [file] });
  while (job.state === 'running') {
    await new Promise((r) => setTimeout(r, 20));
    job = await fx.service.job({ id: job.id });
  }
  const r = job.kind === 'import' ? job.result[0] : undefined;
  expect(r?.status).toBe('failed');
  return r!.problem!;
}

/** Uploads `file` on the Imports page and returns its result line once the import has ended. */
async function upload(page: Page, file: string): Promise<string> {
  await page.locator('input[type=file]').setInputFiles(file);
  const item = page.getByTestId('upload').filter({ hasText: path.basename(file) });
  const line = item.locator('.result .error-text');
  await line.waitFor({ timeout: 30_000 });
  return line.innerText();
}

describe.skipIf(SKIP_BROWSER)('import refusals in the UI language', () => {
  beforeAll(async () => {
    fx = await startFixture();
    app = await AppBrowser.launch();
    const noReport = path.join(fx.dir, 'bankafschrift.csv');
    fs.writeFileSync(noReport, 'Datum,Omschrijving,Bedrag\n01-11-2026,Koffie,-3.50\n');
    const long = path.join(fx.dir, 'CloudAscent_M365_Propensity_2026-12-01.tsv');
    fs.writeFileSync(long, `${tsv(m365Rows(1500))}\nC-long\t${'x'.repeat(MAX_RECORD_CHARS + 10)}\n`);
    for (const file of [noReport, long]) files.push({ file, problem: await refusalOf(file) });
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
  });

  it('the service refuses them with a kind and figures', () => {
    expect(files.map((f) => f.problem.kind)).toEqual(['notAReport', 'recordTooLong']);
    const long = files[1]!.problem;
    // A line number past a thousand: its grouping differs between the languages.
    expect(long.kind === 'recordTooLong' && long.line).toBeGreaterThan(1000);
  });

  for (const lang of ['nl', 'en'] as Locale[]) {
    it(`words each refusal in ${lang} from the problems' catalog, with no serious axe violation`, async () => {
      const page = await app.open(fx.server.url, lang, 'imports');
      await page.getByRole('heading', { name: CATALOG[lang]['page.imports'], level: 1 }).waitFor();
      for (const { file, problem } of files) {
        const line = await upload(page, file);
        expect(line).toBe(problemText(problem, lang));
        if (lang === 'nl') expect(line).not.toBe(problemText(problem, 'en'));
        const status = page
          .getByTestId('upload')
          .filter({ hasText: path.basename(file) })
          .locator('.pill');
        expect(await status.innerText()).toBe(CATALOG[lang]['imports.status.failed']);
        // The job has stopped: no progress bar goes on moving (nor is one announced), its state says failed.
        const item = page.getByTestId('upload').filter({ hasText: path.basename(file) });
        expect(await item.locator('progress').count()).toBe(0);
        expect(await item.getByRole('progressbar').count()).toBe(0);
        expect(await item.locator('.job-meta .state').innerText()).toBe(CATALOG[lang]['job.state.failed']);
      }
      // The numbers in the language's format: "line 1,503" / "regel 1.503".
      const long = files[1]!.problem;
      if (long.kind === 'recordTooLong')
        expect(await page.locator('.result .error-text').first().innerText()).toContain(
          new Intl.NumberFormat(FORMAT_TAG[lang]).format(long.line),
        );
      await shot(page, `imports-refused-${lang}`);
      expect(await axeViolations(page)).toEqual([]);
    });
  }
});
