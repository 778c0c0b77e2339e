import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeM365Tsv } from '../../scripts/sample/generate';

/** Import of a wide M365 download: rows/s, peak RSS, and the ratio to sqlite3's raw .import. */
export async function benchImport(): Promise<void> {
  const n = Number(process.env.BENCH_ROWS ?? 500_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-bench-'));
  const file = path.join(dir, `m365_2026-11-20.tsv`);
  await writeM365Tsv(file, n);
  const mb = fs.statSync(file).size / 1e6;
  console.log(`import: ${n.toLocaleString('en-US')} customers, ${mb.toFixed(0)} MB TSV`);
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'import-child.ts'),
      path.join(dir, 'cache.sqlite'),
      file,
    ],
    { encoding: 'utf8' },
  );
  const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
    rows: number;
    seconds: number;
    maxRssMb: number;
    status: string;
  };
  console.log(
    `import: ${r.status}, ${r.rows} customers in ${r.seconds.toFixed(2)} s = ${Math.round(r.rows / r.seconds).toLocaleString('en-US')} customers/s, peak RSS ${r.maxRssMb.toFixed(0)} MB (target < 400 MB)`,
  );
  const sqlite = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' });
  if (sqlite.status === 0) {
    const t0 = performance.now();
    spawnSync('sqlite3', [path.join(dir, 'raw.sqlite'), '.mode tabs', `.import ${file} t`]);
    const raw = (performance.now() - t0) / 1000;
    console.log(
      `import: sqlite3 .import of the same file ${raw.toFixed(2)} s; ours / raw = ${(r.seconds / raw).toFixed(2)}× (target ≤ 2×)`,
    );
  } else console.log('import: sqlite3 not installed (apt-get install sqlite3): no raw comparison');
  fs.rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await benchImport();
