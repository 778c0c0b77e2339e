/**
 * Export benchmark: a cache with BENCH_ROWS propensity rows (default 1,000,000), exported as
 * xlsx by exportWorkbook, against a bare exceljs streaming writer of the same values (no
 * styles, addRow(values).commit(), the same drain wait). Prints rows/s, the ratio bare time /
 * our time (target ≥ 0.8) and peak RSS (target < 300 MB). Never fails on time.
 *
 *   npx tsx test/bench/export.bench.ts            # 1,000,000 rows
 *   BENCH_ROWS=200000 npx tsx test/bench/export.bench.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { openCache, type DB } from '../../main/cache/db';
import { DRAIN_LIMIT, PROPENSITY_COLUMNS, entryBuffer, exportWorkbook } from '../../main/export/workbook';
import { iterateRows } from '../../main/query/rows';
import { classify } from '../../shared/domain/matrix';

const PRODUCTS = ['M365', 'Azure', 'Surface'] as const;
const COUNTRIES = [
  'Netherlands',
  'Germany',
  'France',
  'United States',
  'Japan',
  'Brazil',
  'India',
  'Australia',
];
const INDUSTRIES = ['Retail', 'Finance', 'Manufacturing', 'Healthcare', 'Education', 'Government'];

/** A cache with `rows` propensity rows (customers × 3 products) in one import, inserted with SQL. */
export function buildBenchCache(file: string, rows: number): DB {
  const db = openCache(file);
  const customers = Math.ceil(rows / PRODUCTS.length);
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 8) % n;
  };
  db.transaction(() => {
    const importId = Number(
      db
        .prepare(
          `INSERT INTO imports (file, path, sha256, report, snapshot, snapshot_source, format, imported_at, rows, rejected, issue_count)
           VALUES ('bench.tsv', 'bench.tsv', 'bench', 'm365', '2026-10-20', 'file name', 'tsv', ?, ?, 0, 0)`,
        )
        .run(new Date().toISOString(), customers).lastInsertRowid,
    );
    const cust = db.prepare(
      `INSERT INTO customers (import_id, customer_id, line, account_name, country, area, industry, vertical, org_size, sub_segment)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const prop = db.prepare(
      `INSERT INTO propensity (import_id, customer_id, product, account_name, domain, country, area, industry, vertical,
         sub_segment, org_size, fit, intent, fit_band, intent_band, cell, cluster, computed_cluster, whitespace, upsell,
         ws_revenue, ws_estimated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const counts = new Map<string, number>();
    let written = 0;
    for (let c = 0; c < customers && written < rows; c++) {
      const id = `C${String(c).padStart(8, '0')}`;
      const name = `Account ${c} ${['Ltd', 'GmbH', 'BV', 'Inc', 'SA'][c % 5]}`;
      const country = COUNTRIES[c % COUNTRIES.length]!;
      const area = c % 2 ? 'Western Europe' : 'Americas';
      const industry = INDUSTRIES[c % INDUSTRIES.length]!;
      const orgSize = 1 + rnd(900);
      const sub =
        orgSize >= 300 ? 'Top Unmanaged – user based' : orgSize >= 25 ? 'Medium business' : 'Small business';
      cust.run(importId, id, c + 2, name, country, area, industry, `${industry} vertical`, orgSize, sub);
      for (const product of PRODUCTS) {
        if (written >= rows) break;
        const fit = rnd(101);
        const intent = rnd(101);
        const k = classify(fit, intent);
        const whitespace = rnd(2);
        const revenue = whitespace ? Math.round(orgSize * 264 * 100) / 100 : null;
        prop.run(
          importId,
          id,
          product,
          name,
          `a${c}.example`,
          country,
          area,
          industry,
          `${industry} vertical`,
          sub,
          orgSize,
          fit,
          intent,
          k.fitBand,
          k.intentBand,
          k.cell,
          k.computedCluster,
          k.computedCluster,
          whitespace,
          whitespace ? 0 : rnd(2),
          revenue,
          whitespace ? 1 : 0,
        );
        const key = `${product}\t${k.computedCluster}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        written++;
      }
    }
    const cc = db.prepare('INSERT INTO cluster_counts (import_id, product, cluster, n) VALUES (?, ?, ?, ?)');
    for (const [key, n] of counts) {
      const [product, cluster] = key.split('\t');
      cc.run(importId, product, cluster, n);
    }
  })();
  return db;
}

/** Samples RSS every 200 ms; `stop()` returns the peak in bytes. */
function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  return {
    stop() {
      clearInterval(t);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/** The same values as the Propensity model tab, with a bare streaming writer: no styles, the same drain wait. */
async function bareExport(db: DB, file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('Propensity model');
  ws.addRow(PROPENSITY_COLUMNS.map((c) => c.header)).commit();
  let n = 0;
  for (const r of iterateRows(db, {})) {
    ws.addRow(PROPENSITY_COLUMNS.map((c) => c.value(r) ?? undefined)).commit();
    if ((++n & 63) === 0) {
      const buf = entryBuffer(ws);
      if (buf && buf.pending >= DRAIN_LIMIT) await new Promise<void>((res) => buf.entry.once('drain', res));
    }
  }
  ws.commit();
  await wb.commit();
  return n;
}

const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} rows/s`;

export async function benchExport(): Promise<void> {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-bench-export-'));
  try {
    let t = performance.now();
    const db = buildBenchCache(path.join(dir, 'bench.sqlite'), rows);
    console.log(
      `cache: ${rows.toLocaleString('en-US')} propensity rows in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    // Ours, the Propensity model tab only (the like-for-like comparison with the bare writer).
    global.gc?.();
    let rss = rssSampler();
    t = performance.now();
    const ours = await exportWorkbook(db, {
      out: path.join(dir, 'ours.xlsx'),
      asOf: '2026-10-20',
      filters: {},
      tabs: ['Propensity model'],
    });
    const oursMs = performance.now() - t;
    const oursPeak = rss.stop();
    console.log(
      `ours (Propensity model): ${ours.rows.toLocaleString('en-US')} rows in ${(oursMs / 1000).toFixed(1)} s = ${rate(ours.rows, oursMs)}, peak RSS ${mb(oursPeak)}, ${mb(fs.statSync(ours.file).size)}`,
    );

    global.gc?.();
    rss = rssSampler();
    t = performance.now();
    const bareRows = await bareExport(db, path.join(dir, 'bare.xlsx'));
    const bareMs = performance.now() - t;
    const barePeak = rss.stop();
    console.log(
      `bare exceljs:            ${bareRows.toLocaleString('en-US')} rows in ${(bareMs / 1000).toFixed(1)} s = ${rate(bareRows, bareMs)}, peak RSS ${mb(barePeak)}`,
    );

    // The whole workbook (every tab), as `ascent export` writes it (BENCH_ALL_TABS=0 skips it).
    let fullPeak = 0;
    if (process.env.BENCH_ALL_TABS !== '0') {
      global.gc?.();
      rss = rssSampler();
      t = performance.now();
      const full = await exportWorkbook(db, {
        out: path.join(dir, 'full.xlsx'),
        asOf: '2026-10-20',
        filters: {},
      });
      const fullMs = performance.now() - t;
      fullPeak = rss.stop();
      const fullRows = full.tabs.reduce((s, x) => s + x.rows, 0);
      console.log(
        `ours (all tabs):         ${fullRows.toLocaleString('en-US')} rows in ${(fullMs / 1000).toFixed(1)} s = ${rate(fullRows, fullMs)}, peak RSS ${mb(fullPeak)} (${full.tabs.map((x) => `${x.name} ${x.rows}`).join(', ')})`,
      );
    }

    const ratio = bareMs / oursMs;
    const peak = Math.max(oursPeak, fullPeak);
    console.log(
      `ratio bare/ours: ${ratio.toFixed(2)} (target ≥ 0.8) ${ratio >= 0.8 ? 'ok' : 'BELOW TARGET'}`,
    );
    console.log(
      `peak RSS ours: ${mb(peak)} (target < 300 MB) ${peak < 300 * 1024 * 1024 ? 'ok' : 'ABOVE TARGET'}`,
    );
    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  benchExport().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
