/**
 * Call list benchmark: an M365 download of BENCH_ROWS customers (default 500,000; three product
 * rows each) imported into a temp cache, then through the service: the book's build (time, the
 * longest the event loop waited meanwhile, memory) beside the row store's, `customers` pages over
 * filter × sort × depth requests, customer facets, customer detail. Prints figures; never fails
 * on time. BENCH_DB keeps the imported cache between runs.
 *
 *   npx tsx test/bench/customers.bench.ts      BENCH_ROWS=50000 npx tsx test/bench/customers.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Service } from '../../main/service';
import { openCache } from '../../main/cache/db';
import { RowStore } from '../../main/query/row-store';
import { buildBook, bookBytes, type CustomerBook } from '../../main/query/customer-book';
import { runInTurns } from '../../main/query/turns';
import { readPriorityWeights } from '../../main/cache/settings';
import { todayIso } from '../../shared/domain/fiscal';
import type { CustomerSort } from '../../shared/customers';
import type { Filters } from '../../shared/filters';
import { writeM365Tsv } from '../../scripts/sample/generate';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const ms = (n: number) => `${n.toFixed(1)} ms`;
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const spread = (values: number[]) =>
  `p50 ${ms(pct(values, 50))}, p95 ${ms(pct(values, 95))}, max ${ms(Math.max(...values))} (${values.length} requests)`;

/** Memory in use after a full collection: heap and array buffers (typed arrays live outside the heap). */
function used(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Runs `work` while a 1 ms timer measures the longest the event loop waited for a turn. */
async function withLoopWatch<T>(work: () => Promise<T>): Promise<{ value: T; longest: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    return { value: await work(), longest };
  } finally {
    clearInterval(timer);
  }
}

export async function benchCustomers(): Promise<void> {
  const n = Number(process.env.BENCH_ROWS ?? 500_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-bench-customers-'));
  const keep = process.env.BENCH_DB ? path.resolve(process.env.BENCH_DB) : null;
  const dbPath = keep ?? path.join(dir, 'cache.sqlite');
  try {
    if (!keep || !fs.existsSync(keep)) {
      const file = path.join(dir, 'CloudAscent_M365_Propensity_2026-11-20.tsv');
      await writeM365Tsv(file, n);
      const importer = new Service({
        dbPath,
        sampleDbPath: path.join(dir, 's.sqlite'),
        sampleDir: dir,
        rowStore: false,
      });
      const t = performance.now();
      const r = await importer.importNow({ path: file });
      importer.close();
      console.log(
        `customers bench: ${n.toLocaleString('en-US')} customers, ${r.rows.toLocaleString('en-US')} rows imported in ${ms(performance.now() - t)}`,
      );
    } else console.log(`customers bench: reusing the cache ${keep}`);
    await builds(dbPath);
    await requests(dbPath, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The row store's build and the book's, one after the other on connections of their own. */
async function builds(dbPath: string): Promise<void> {
  const db = openCache(dbPath, { readonly: true });
  try {
    let before = used();
    let t = performance.now();
    const store = await RowStore.build(db);
    const storeMs = performance.now() - t;
    const storeBytes = used() - before;
    console.log(
      `  row store build ${ms(storeMs)}, memory +${mb(storeBytes)} (${store?.size.toLocaleString('en-US')} rows)`,
    );
    const asOf = todayIso();
    before = used();
    t = performance.now();
    db.exec('BEGIN');
    const { value: book, longest } = await withLoopWatch(() =>
      runInTurns(buildBook(db, asOf, readPriorityWeights(db), store!.parts), () => false),
    );
    db.exec('COMMIT');
    const bookMs = performance.now() - t;
    const bookMem = used() - before;
    console.log(
      `  call list book build ${ms(bookMs)} in turns (${((bookMs / storeMs) * 100).toFixed(0)} % of the row store's), longest wait of the event loop meanwhile ${ms(longest)}`,
    );
    console.log(
      `  call list book memory +${mb(bookMem)} measured (arrays and texts it holds: ${mb(bookBytes(book as CustomerBook))}; ${book!.n.toLocaleString('en-US')} customers, ${book!.rowBits.length.toLocaleString('en-US')} product rows; it shares the row store's rows and texts)`,
    );
    void store;
  } finally {
    db.close();
  }
}

async function requests(dbPath: string, dir: string): Promise<void> {
  const service = new Service({ dbPath, sampleDbPath: path.join(dir, 's.sqlite'), sampleDir: dir });
  try {
    // The service starts the book when the workspace opens: the first answer waits for it.
    let t = performance.now();
    const first = await service.customers({ filters: {}, limit: 100 });
    console.log(
      `  first call-list answer after the service opened: ${ms(performance.now() - t)} (the book built meanwhile)`,
    );
    // Today's book waits for the service's row store: read from its copy beside the workspace
    // (a run with BENCH_DB after the first), or built and then copied there. The requests below
    // are timed once that copy is written (the store ready, nothing left running).
    await service.rowStoreSettled();
    const status = service.rowStoreStatus();
    console.log(
      `  the service's row store meanwhile: ${status.origin === 'read' ? 'read from its copy beside the workspace' : 'built'} in ${ms(status.ms ?? NaN)}${status.written ? `, its copy written in ${ms(status.written.ms)}` : ''}`,
    );
    const facets = await service.customerFacets({ filters: {} });
    const values = (k: 'country' | 'industry' | 'area' | 'vertical') =>
      (facets.lists[k] ?? []).map((v) => v.value);
    const filterSets: Filters[] = [
      {},
      { product: ['M365'] },
      { cluster: ['Act Now'] },
      { product: ['M365'], cluster: ['Act Now'] },
      { country: values('country').slice(0, 2) },
      { industry: values('industry').slice(0, 1), whitespace: true },
      { area: values('area').slice(0, 1), cluster: ['Evaluate', 'Nurture'] },
      { upsell: true, vertical: values('vertical').slice(0, 3) },
      { eos: false, mismatch: false },
      { search: 'contoso' },
      { search: '12' },
    ];
    const sorts: (CustomerSort | undefined)[] = [
      undefined,
      [{ field: 'accountName', dir: 'asc' }],
      [{ field: 'whitespaceRevenue', dir: 'desc' }],
      [
        { field: 'country', dir: 'asc' },
        { field: 'priority', dir: 'desc' },
      ],
      [{ field: 'nextAgreementEnd', dir: 'asc' }],
      [{ field: 'customerId', dir: 'desc' }],
    ];
    const pages: number[] = [];
    let asked = 0;
    for (let s = 0; s < sorts.length; s++)
      for (let f = 0; f < filterSets.length; f++) {
        const filters = filterSets[f]!;
        const { total } = await service.customers({ filters, limit: 0 });
        // Three depths per filter × sort: the start, the middle, the end.
        for (const depth of [0, 0.5, 1]) {
          const offset = Math.max(0, Math.floor(total * depth) - (depth === 1 ? 100 : 0));
          t = performance.now();
          await service.customers({ filters, sort: sorts[s], offset, limit: 100 });
          pages.push(performance.now() - t);
          asked++;
        }
      }
    console.log(
      `  customers pages (100 rows; ${filterSets.length} filter sets × ${sorts.length} sorts × 3 depths): ${spread(pages)}`,
    );
    const facetTimes: number[] = [];
    for (const filters of filterSets) {
      t = performance.now();
      await service.customerFacets({ filters: { ...filters, product: ['M365'] } });
      facetTimes.push(performance.now() - t);
    }
    console.log(
      `  customer facets (each filter set with a product filter, not remembered): ${spread(facetTimes)}`,
    );
    const ids = first.rows.map((r) => r.customerId);
    const detail: number[] = [];
    for (const customerId of ids.slice(0, 50)) {
      t = performance.now();
      await service.customer({ customerId });
      detail.push(performance.now() - t);
    }
    console.log(`  customer detail: ${spread(detail)}`);
    void asked;
  } finally {
    service.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchCustomers();
