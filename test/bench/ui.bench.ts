/**
 * UI benchmark: an M365 download of BENCH_ROWS customers (default 500,000) imported into a temp
 * cache, served in browser mode and opened in Chromium. Prints figures only; never fails on time.
 *
 *   npx tsx test/bench/ui.bench.ts           BENCH_ROWS=50000 npx tsx test/bench/ui.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { Service } from '../../main/service';
import { startServer } from '../../main/serve/server';
import type { Filters, Sort } from '../../shared/filters';
import { writeM365Tsv } from '../../scripts/sample/generate';
import { launchChromium, findChromium } from '../e2e/browser';

const ROWS_SELECTOR = '[role="row"][row-index="0"] [role="gridcell"][col-id="customerId"]';

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;

export async function benchUi(): Promise<void> {
  const n = Number(process.env.BENCH_ROWS ?? 500_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-bench-ui-'));
  const staticDir = path.resolve('dist/renderer');
  // BENCH_DB keeps the imported cache between runs (created on the first run, reused afterwards).
  const keep = process.env.BENCH_DB ? path.resolve(process.env.BENCH_DB) : null;
  const reuse = !!keep && fs.existsSync(keep);
  const service = new Service({
    dbPath: keep ?? path.join(dir, 'cache.sqlite'),
    sampleDbPath: path.join(dir, 'sample.sqlite'),
    sampleDir: path.resolve('resources/sample'),
    exportDir: path.join(dir, 'exports'),
  });
  // The service builds its row store when the workspace opens and again after the import.
  let storeFrom = performance.now();
  try {
    if (!fs.existsSync(path.join(staticDir, 'index.html')))
      await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
    if (reuse) console.log(`ui bench: reusing the cache ${keep}`);
    else {
      await importBenchFile(service, path.join(dir, 'CloudAscent_M365_Propensity_2026-11-20.tsv'), n);
      storeFrom = performance.now();
    }
    const server = await startServer({ service, port: 0, staticDir });
    const origin = `http://127.0.0.1:${server.port}`;
    try {
      await apiLatency(origin, server.token, service, storeFrom);
      if (!findChromium()) {
        console.log('  no Chromium found: browser figures skipped');
        return;
      }
      await browserFigures(server.url);
    } finally {
      await server.close();
    }
  } finally {
    service.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function importBenchFile(service: Service, file: string, n: number): Promise<void> {
  let t = performance.now();
  await writeM365Tsv(file, n);
  console.log(
    `ui bench: ${n.toLocaleString('en-US')} customers, TSV written in ${ms(performance.now() - t)}`,
  );
  t = performance.now();
  let job = await service.importPaths({ paths: [file] });
  while (job.state === 'running') {
    await new Promise((r) => setTimeout(r, 100));
    job = await service.job({ id: job.id });
  }
  if (job.state !== 'done') throw new Error(`import ${job.state}: ${job.error}`);
  console.log(`  import: ${ms(performance.now() - t)} (${job.rows.toLocaleString('en-US')} rows)`);
}

/**
 * POST /api/rows over 50 filter + sort + deep-offset combinations, each asked once (10 filter
 * sets × 5 sorts), once the service's row store is built, its copy written and the call list's
 * book built.
 */
async function apiLatency(origin: string, token: string, service: Service, storeFrom: number): Promise<void> {
  const rss = process.memoryUsage().rss;
  await service.rowStoreReady();
  const ready = performance.now() - storeFrom;
  // Then the service writes the store's copy beside the workspace and builds the call list's
  // book from it; the requests below are timed once that is done, with nothing left running.
  await service.rowStoreSettled();
  await service.customerBookReady();
  console.log(
    `  row store ready ${ms(ready)} after the data changed (built in the background; SQL answers meanwhile), RSS ${mb(rss)} → ${mb(process.memoryUsage().rss)}; its copy written and the call list's book built ${ms(performance.now() - storeFrom)} after`,
  );
  const facets = await service.facets({ filters: {} });
  const values = (k: 'country' | 'industry' | 'cluster' | 'product') =>
    (facets.lists[k] ?? []).map((v) => v.value);
  const filterSets: Filters[] = [
    {},
    { product: ['M365'] },
    { cluster: ['Act Now'] },
    { product: ['M365'], cluster: ['Evaluate', 'Nurture'] },
    { country: values('country').slice(0, 2) },
    { industry: values('industry').slice(0, 1), whitespace: true },
    { whitespace: true, product: ['Surface'] },
    { upsell: true },
    { mismatch: true },
    { search: 'Contoso' },
  ];
  const sorts: Sort[] = [
    [],
    [{ field: 'fit', dir: 'desc' }],
    [{ field: 'accountName', dir: 'asc' }],
    [{ field: 'whitespaceRevenue', dir: 'desc' }],
    [
      { field: 'country', dir: 'asc' },
      { field: 'intent', dir: 'desc' },
    ],
  ];
  const times: number[] = [];
  const counts: number[] = [];
  const call = async (body: unknown) => {
    const t = performance.now();
    const r = await fetch(`${origin}/api/rows`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await r.json()) as { total: number };
    return { ms: performance.now() - t, total: json.total };
  };
  await call({ filters: {}, limit: 100 }); // warm-up
  for (let i = 0; i < filterSets.length * sorts.length; i++) {
    const filters = filterSets[i % filterSets.length]!;
    const sort = sorts[Math.floor(i / filterSets.length)]!;
    const { total, ms: countMs } = await call({ filters, limit: 0 });
    counts.push(countMs);
    const depth = (i * 7 + Math.floor(i / filterSets.length)) % 10;
    const offset = Math.max(0, Math.floor(total * (0.5 + (0.45 * depth) / 10)) - 100);
    const r = await call({ filters, sort, offset, limit: 100 });
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  counts.sort((a, b) => a - b);
  console.log(
    `  POST /api/rows (the filter's count, limit 0): p50 ${ms(pct(counts, 50))}, p95 ${ms(pct(counts, 95))}, max ${ms(counts.at(-1)!)}`,
  );
  console.log(
    `  POST /api/rows (filter + sort + deep offset, ${times.length} distinct calls): p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}, max ${ms(times.at(-1)!)}`,
  );
}

async function browserFigures(url: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    // Counts answered POST /api/rows calls, so a measurement ends when new rows are painted.
    await page.addInitScript(`
      window.__rowsDone = 0;
      window.__inflight = 0;
      const orig = window.fetch.bind(window);
      window.fetch = async (...args) => {
        const t0 = performance.now();
        if (String(args[0]).includes('/api/rows')) window.__rowsStart = t0;
        window.__inflight++;
        const r = await orig(...args).finally(() => window.__inflight--);
        if (String(args[0]).includes('/api/rows')) {
          await r.clone().text();
          window.__rowsMs = performance.now() - t0;
          window.__rowsDone++;
        }
        return r;
      };`);
    await page.goto(url);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    /** Runs `action` in the page and waits until a rows answer has arrived and row 0 is painted. */
    // A string, not a function: tsx's helpers (__name) do not exist in the page.
    const measure = (action: string): Promise<[number, number, number]> =>
      page.evaluate(`(async () => {
        const sel = ${JSON.stringify(ROWS_SELECTOR)};
        const before = window.__rowsDone;
        const t0 = performance.now();
        ${action};
        const frame = () => new Promise((r) => requestAnimationFrame(() => r(null)));
        while (performance.now() < t0 + 30000) {
          await frame();
          const cell = document.querySelector(sel);
          if (window.__rowsDone > before && cell && cell.textContent) break;
        }
        await frame();
        return [performance.now() - t0, window.__rowsMs, window.__rowsStart - t0];
      })()`);

    // Each measurement starts once the previous one's facet counts have come back too.
    const settle = async () => {
      for (let quiet = 0; quiet < 3;) {
        await page.waitForTimeout(100);
        quiet = (await page.evaluate('window.__inflight')) === 0 ? quiet + 1 : 0;
      }
    };
    await settle();
    const first = await measure("location.hash = '#/propensity'");
    await page.waitForSelector(ROWS_SELECTOR);
    await settle();
    // Several changes of each kind, each new to the server (nothing remembered), reported as
    // median and worst: one sample swings by tens of milliseconds from run to run.
    const filterChanges = [
      'cluster=Act+Now',
      'cluster=Evaluate',
      'product=M365',
      'product=M365&cluster=Nurture',
      'whitespace=1',
      'cluster=Educate&upsell=1',
    ];
    const filters: [number, number, number][] = [];
    for (const q of filterChanges) {
      filters.push(await measure(`location.hash = '#/propensity?${q}'`));
      await settle();
    }
    // Columns are virtualised: bring the Fit and Intent headers into view first, as a user would.
    await page.evaluate(`(async () => {
      const scroller = document.querySelector('.ag-body-horizontal-scroll-viewport');
      for (let i = 0; i < 30 && !(document.querySelector('.ag-header-cell[col-id="fit"]') && document.querySelector('.ag-header-cell[col-id="intent"]')); i++) {
        scroller.scrollLeft += 200;
        await new Promise((r) => setTimeout(r, 50));
      }
    })()`);
    await settle();
    // Fit ascending, descending, then account name ascending, descending (a click on another
    // header replaces the sort), then intent ascending, descending.
    const sorts: [number, number, number][] = [];
    for (const col of ['fit', 'fit', 'accountName', 'accountName', 'intent', 'intent']) {
      sorts.push(
        await measure(
          `document.querySelector('.ag-header-cell[col-id="${col}"] .ag-header-cell-label').click()`,
        ),
      );
      await settle();
    }
    const summary = (xs: [number, number, number][]) => {
      const median = (i: 0 | 1 | 2) =>
        pct(
          xs.map((x) => x[i]).sort((a, b) => a - b),
          50,
        );
      const worst = Math.max(...xs.map((x) => x[0]));
      return `median ${ms(median(0))}, worst ${ms(worst)} over ${xs.length} (median: request sent after ${ms(median(2))}, POST /api/rows took ${ms(median(1))})`;
    };
    console.log(
      `  first grid rows rendered after opening Propensity: ${ms(first[0])} (request sent after ${ms(first[2])}, POST /api/rows took ${ms(first[1])})`,
    );
    console.log(`  filter change rendered: ${summary(filters)}`);
    console.log(`  sort change rendered: ${summary(sorts)}`);

    const cdp = await context.newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      return h.usedSize / 1024 / 1024;
    };
    await measure("location.hash = '#/propensity'");
    const before = await heap();
    const viewport = page.locator('.ag-grid-viewport').first();
    const height = await viewport.evaluate((el) => el.scrollHeight);
    for (let i = 1; i <= 30; i++) {
      await viewport.evaluate((el, top) => (el.scrollTop = top), Math.floor((height * i) / 31));
      await page.waitForTimeout(60);
    }
    await page.waitForTimeout(500);
    const after = await heap();
    console.log(
      `  renderer JS heap: ${before.toFixed(1)} MB after first rows, ${after.toFixed(1)} MB after scrolling 30 deep positions`,
    );
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  benchUi().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
