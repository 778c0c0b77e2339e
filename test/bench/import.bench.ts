import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { writeM365Tsv } from '../../scripts/sample/generate';
import type { ImportTimings } from '../../main/ingest/import';

const BIN = path.resolve(import.meta.dirname, '../../bin/ascent.mjs');
const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The import as users run it: compiled JavaScript (as the CLI's build, scripts/build-cli.mjs),
 * not through tsx, whose wrappers cost the JS side a third more. Returns the child's file and
 * the reading thread's entry.
 */
async function compiledChild(): Promise<{ child: string; worker: string }> {
  const state = (await import(pathToFileURL(path.join(ROOT, 'scripts/cli-build-state.mjs')).href)) as {
    cliBuildIsCurrent: () => boolean;
    CLI_DIR: string;
  };
  if (!state.cliBuildIsCurrent())
    await (
      (await import(pathToFileURL(path.join(ROOT, 'scripts/build-cli.mjs')).href)) as {
        buildCli: () => Promise<void>;
      }
    ).buildCli();
  // Inside the repository (dist/ is ignored by git, prettier and eslint), so that it finds node_modules.
  fs.mkdirSync(path.join(ROOT, 'dist', 'bench'), { recursive: true });
  const child = path.join(ROOT, 'dist', 'bench', `import-child-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(import.meta.dirname, 'import-child.ts')],
    outfile: child,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['better-sqlite3', 'exceljs'],
    banner: {
      js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return { child, worker: pathToFileURL(path.join(state.CLI_DIR, 'parse-worker.mjs')).href };
}

/**
 * sqlite3's raw `.import` of the file into a fresh database: the reference an import is measured
 * against. Wall seconds, and CPU seconds when /usr/bin/time is there (on a shared machine the
 * CPU figures move less than the wall ones).
 */
function sqliteImport(dir: string, file: string): { wall: number; cpu: number | null } | null {
  if (spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).status !== 0) return null;
  const raw = path.join(dir, 'raw.sqlite');
  fs.rmSync(raw, { force: true });
  const timed = fs.existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', '%U %S', 'sqlite3', raw, '.mode tabs', `.import ${file} t`], {
        encoding: 'utf8',
      })
    : spawnSync('sqlite3', [raw, '.mode tabs', `.import ${file} t`], { encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  fs.rmSync(raw, { force: true });
  const cpuLine = timed ? r.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [];
  return { wall, cpu: cpuLine.length === 2 ? cpuLine[0]! + cpuLine[1]! : null };
}

/** Wall milliseconds of `ascent ARGS`, best and median of `runs`. */
function cliWall(args: string[], runs: number): { best: number; median: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`ascent ${args.join(' ')}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return { best: times[0]!, median: times[Math.floor(times.length / 2)]! };
}

/** Import of a wide M365 download: rows/s, peak RSS, time per phase, and the ratio to sqlite3's raw .import. */
export async function benchImport(): Promise<void> {
  const n = Number(process.env.BENCH_ROWS ?? 500_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-bench-'));
  const file = path.join(dir, `m365_2026-11-20.tsv`);
  await writeM365Tsv(file, n);
  const mb = fs.statSync(file).size / 1e6;
  console.log(`import: ${n.toLocaleString('en-US')} customers, ${mb.toFixed(0)} MB TSV`);
  // Measured right before ours, so that both see the same load on a shared machine.
  const raw = sqliteImport(dir, file);
  const compiled = await compiledChild();
  // As the CLI does by default: map in the importing thread; BENCH_IMPORT_THREAD=worker maps
  // on the reading thread (as ASCENT_IMPORT_WORKER=1 does).
  const inThread = process.env.BENCH_IMPORT_THREAD !== 'worker';
  const child = spawnSync(
    process.execPath,
    [compiled.child, path.join(dir, 'cache.sqlite'), file, ...(inThread ? [] : [compiled.worker])],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`import child: ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    rows: number;
    seconds: number;
    cpuSeconds: number;
    maxRssMb: number;
    loadRssMb: number;
    status: string;
    timings: ImportTimings;
  };
  const db = path.join(dir, 'cache.sqlite');
  const propensityRows = Number(
    spawnSync('sqlite3', [db, 'SELECT COUNT(*) FROM propensity'], { encoding: 'utf8' }).stdout.trim() || 0,
  );
  console.log(`import: reading and mapping ${inThread ? 'in the importing thread' : 'on a worker thread'}`);
  console.log(
    `import: ${r.status}, ${r.rows.toLocaleString('en-US')} customers (${propensityRows.toLocaleString('en-US')} propensity rows) in ${r.seconds.toFixed(2)} s = ${Math.round(r.rows / r.seconds).toLocaleString('en-US')} customers/s, ${Math.round(propensityRows / r.seconds).toLocaleString('en-US')} propensity rows/s; CPU ${r.cpuSeconds.toFixed(1)} s; peak RSS ${r.maxRssMb.toFixed(0)} MB (target < 400 MB; ${r.loadRssMb.toFixed(0)} MB at most while rows load)`,
  );
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const t = r.timings;
  console.log(
    `import: phases: sniff (hash, encoding) ${s(t.sniff)}, read+parse ${s(t.parse)}, load ${s(t.load)}, facet counts ${s(t.facets)}, indexes ${s(t.indexes)}, commit ${s(t.commit)}`,
  );
  if (raw === null) console.log('import: sqlite3 not installed (apt-get install sqlite3): no raw comparison');
  else
    console.log(
      `import: sqlite3 .import of the same file right before: ${raw.wall.toFixed(2)} s${raw.cpu === null ? '' : ` (CPU ${raw.cpu.toFixed(1)} s)`}; ours / raw = ${(r.seconds / raw.wall).toFixed(2)}× wall (target ≤ 4×; goal 2×)${raw.cpu === null ? '' : `, ${(r.cpuSeconds / raw.cpu).toFixed(2)}× CPU`}`,
    );
  // The CLI's start on the workspace just built (the first run may build dist/cli).
  cliWall(['--help'], 1);
  const help = cliWall(['--help'], 5);
  const summary = cliWall(['summary', '--db', db], 5);
  console.log(
    `cli: ascent --help ${help.best.toFixed(0)} ms best, ${help.median.toFixed(0)} ms median; ascent summary (${n.toLocaleString('en-US')} customers) ${summary.best.toFixed(0)} ms best, ${summary.median.toFixed(0)} ms median (target ≤ 300 ms)`,
  );
  fs.rmSync(compiled.child, { force: true });
  // BENCH_KEEP=1 keeps the workspace (e.g. for test/bench/import-indexes.ts).
  if (process.env.BENCH_KEEP === '1') console.log(`import: workspace kept: ${db}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchImport();
