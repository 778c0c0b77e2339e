/** Finds a Chromium to drive with playwright-core (no downloaded browsers: Debian's, or CHROMIUM_PATH). */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function findChromium(): string | null {
  const env = process.env.CHROMIUM_PATH;
  if (env) return fs.existsSync(env) ? env : null;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

export const CHROMIUM = findChromium();

/** Skip browser suites without a browser, except on CI, where a missing browser is a failure. */
export const SKIP_BROWSER = (() => {
  if (CHROMIUM) return false;
  const reason = `no Chromium found (CHROMIUM_PATH=${process.env.CHROMIUM_PATH ?? ''}, ${CANDIDATES.join(', ')})`;
  if (process.env.CI === 'true') throw new Error(`${reason}: browser tests cannot run on CI without one`);
  console.warn(`Skipping browser tests: ${reason}`);
  return true;
})();

export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('no Chromium found');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
