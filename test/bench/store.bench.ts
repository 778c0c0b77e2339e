/**
 * Row store benchmark: an M365 download of BENCH_ROWS customers (default 500,000) imported into a
 * temp workspace, then opened twice: first with no persisted store (it is built, then written
 * beside the workspace), then with it (read instead of built). Prints, for each open, the time to
 * the store, the pages and facets asked for in the first 10 s (BENCH_FIRST_SECONDS=0 skips them),
 * the first page and facets served by the store, and the sidecar's size and write time.
 * Prints figures only; never fails on time.
 *
 *   npx tsx test/bench/store.bench.ts        BENCH_ROWS=50000 npx tsx test/bench/store.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openCache } from '../../main/cache/db';
import { importFile } from '../../main/ingest/import';
import { sidecarPath } from '../../main/query/store/sidecar';
import { Service } from '../../main/service';
import { writeM365Tsv } from '../../scripts/sample/generate';
import type { Filters, RowsQuery } from '../../shared/filters';

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Pages a planner asks for: sorts and filters the grid offers, near the top and deep. */
const PAGES: RowsQuery[] = [
  { filters: {}, offset: 0, limit: 100 },
  {
    filters: { cluster: ['Act Now'] },
    sort: [{ field: 'accountName', dir: 'asc' }],
    offset: 1000,
    limit: 100,
  },
  { filters: { product: ['M365'] }, sort: [{ field: 'fit', dir: 'desc' }], offset: 0, limit: 100 },
  { filters: {}, sort: [{ field: 'whitespaceRevenue', dir: 'desc' }], offset: 50_000, limit: 100 },
  { filters: { cluster: ['Evaluate'] }, sort: [{ field: 'intent', dir: 'desc' }], offset: 200, limit: 100 },
];
const FACETS: Filters[] = [{}, { product: ['M365'] }, { cluster: ['Act Now'] }];

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/**
 * The first `seconds` after a workspace opens, as a planner's screen asks: a page, then every
 * third request the facets, one after the other. Prints each kind's p50, p95 and slowest.
 */
async function firstSeconds(service: Service, seconds: number): Promise<void> {
  const pages: number[] = [];
  const facets: number[] = [];
  const end = performance.now() + seconds * 1000;
  for (let i = 0; performance.now() < end; i++) {
    const t = performance.now();
    if (i % 3 === 2) {
      await service.facets({ filters: FACETS[((i / 3) % FACETS.length) | 0]! });
      facets.push(performance.now() - t);
    } else {
      await service.rows(PAGES[i % PAGES.length]!);
      pages.push(performance.now() - t);
    }
  }
  const line = (xs: number[]) =>
    `${xs.length} asked, p50 ${ms(quantile(xs, 0.5))}, p95 ${ms(quantile(xs, 0.95))}, slowest ${ms(Math.max(...xs))}`;
  console.log(`    first ${seconds} s after opening: pages ${line(pages)} (target p95 ≤ 50 ms)`);
  console.log(`    first ${seconds} s after opening: facets ${line(facets)} (target ≤ 300 ms)`);
}
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export async function benchStore(): Promise<void> {
  const n = Number(process.env.BENCH_ROWS ?? 500_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-bench-store-'));
  const dbPath = path.join(dir, 'cache.sqlite');
  try {
    const file = path.join(dir, 'CloudAscent_M365_Propensity_2026-11-20.tsv');
    let t = performance.now();
    await writeM365Tsv(file, n);
    const db = openCache(dbPath);
    const imported = await importFile(db, file);
    db.close();
    console.log(
      `store bench: ${n.toLocaleString('en-US')} customers (${imported.rows.toLocaleString('en-US')} records) written and imported in ${ms(performance.now() - t)}`,
    );
    for (const label of ['no persisted store (built, then written)', 'with the persisted store']) {
      const hadSidecar = fs.existsSync(sidecarPath(dbPath));
      t = performance.now();
      const service = new Service({
        dbPath,
        sampleDbPath: path.join(dir, 'sample.sqlite'),
        sampleDir: path.resolve('resources/sample'),
      });
      try {
        const opened = performance.now() - t;
        if (process.env.BENCH_FIRST_SECONDS !== '0') await firstSeconds(service, 10);
        await service.rowStoreReady();
        const ready = service.rowStoreStatus().ms ?? NaN;
        t = performance.now();
        const page = await service.rows({
          filters: { cluster: ['Act Now'] },
          sort: [{ field: 'accountName', dir: 'asc' }],
          offset: 1000,
          limit: 100,
        });
        const firstPage = performance.now() - t;
        await service.facets({ filters: {} });
        const firstFacets = performance.now() - t;
        const t2 = performance.now();
        await service.facets({ filters: { product: ['M365'] } });
        const secondFacets = performance.now() - t2;
        const total = (await service.rows({ filters: {}, limit: 0 })).total;
        const status = service.rowStoreStatus();
        console.log(
          `  ${label}: sidecar ${hadSidecar ? 'present' : 'absent'}, store ${status.origin} (sidecar ${status.refused === null ? 'used' : `not used: ${status.refused}`})`,
        );
        console.log(
          `    open ${ms(opened)}, store ready ${ms(ready)}, then a page from the store ${ms(firstPage)} (${page.rows.length} rows of ${page.total.toLocaleString('en-US')}), facets from the store ${ms(firstFacets - firstPage)}; facets of another filter then took ${ms(secondFacets)}; ${total.toLocaleString('en-US')} rows held`,
        );
        await service.rowStoreSettled();
        const written = service.rowStoreStatus().written;
        if (written) console.log(`    sidecar written: ${mb(written.bytes)} in ${ms(written.ms)}`);
        console.log(`    RSS ${mb(process.memoryUsage().rss)}`);
      } finally {
        service.close();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  benchStore().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
