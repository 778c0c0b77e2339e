// Build time and size of each propensity index on a kept benchmark workspace (BENCH_KEEP=1 npm
// run bench prints its path), with the import's build settings (threads=2, 4 MB cache) and with
// SQLite's defaults, each inside a transaction that is rolled back: the workspace is unchanged.
// Run: node --import tsx test/bench/import-indexes.ts WORKSPACE
import Database from 'better-sqlite3';

const db = new Database(process.argv[2]);
const indexes = db
  .prepare(
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'propensity' AND sql IS NOT NULL ORDER BY name",
  )
  .all() as { name: string; sql: string }[];
const bytes = new Map<string, number>();
try {
  for (const r of db.prepare('SELECT name, SUM(pgsize) AS n FROM dbstat GROUP BY name').all() as {
    name: string;
    n: number;
  }[])
    bytes.set(r.name, r.n);
} catch {
  // no dbstat in this SQLite: sizes not shown
}
const rows = (db.prepare('SELECT COUNT(*) AS n FROM propensity').get() as { n: number }).n;
console.log(
  `indexes: ${rows.toLocaleString('en-US')} propensity rows, ${(bytes.get('propensity') ?? 0) / 1e6} MB table`,
);

function timeBuild(sql: string, name: string, threads: number, cacheKib: number): number {
  db.pragma(`threads = ${threads}`);
  db.pragma(`cache_size = -${cacheKib}`);
  db.exec('BEGIN');
  try {
    db.exec(`DROP INDEX "${name}"`);
    const t0 = performance.now();
    db.exec(sql);
    return (performance.now() - t0) / 1000;
  } finally {
    db.exec('ROLLBACK');
  }
}

for (const i of indexes) {
  const tuned = timeBuild(i.sql, i.name, 2, 4 * 1024);
  const plain = timeBuild(i.sql, i.name, 0, 64 * 1024);
  const mb = bytes.has(i.name) ? `${(bytes.get(i.name)! / 1e6).toFixed(0)} MB` : '';
  console.log(
    `indexes: ${i.name.padEnd(32)} ${tuned.toFixed(2)} s (threads=2, 4 MB cache) / ${plain.toFixed(2)} s (1 thread, 64 MB)  ${mb}`,
  );
}
db.close();
