// The SQLite floor of an import: the rows a kept benchmark workspace holds (BENCH_KEEP=1 npm run
// bench prints its path) are read into memory first (not timed), then written into a fresh WAL
// workspace in one transaction as the importer writes them: customers one per statement under
// their key, propensity 100 rows per statement with its indexes built after the load (threads=2,
// 4 MB cache), flags in key order, the facet GROUP BY, commit and checkpoint. No parsing, no
// mapping: what is left is what SQLite's writes of this schema cost, against `sqlite3 .import`
// of the same file measured right before. With `coded`, propensity holds its text columns as
// small integer codes and a customer number instead of the ID, without the account name and
// domain copies (the schema #16 sketches): what that schema would cost. With `key`, propensity
// keeps its key index only, and with `country` its key and the country index (the fewest the
// tests name): what dropping the filter indexes would save. CUSTOMERS_PER: customers per
// statement (1, as the importer stores them, by default).
// Run: node --max-old-space-size=12000 --import tsx test/bench/import-floor.ts WORKSPACE TSV [text|coded] [all|key|country] [CUSTOMERS_PER]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

type Row = unknown[];
const [workspace, tsvFile, schema = 'text', kept = 'all', per = '1'] = process.argv.slice(2);
const customersPer = Number(per);
if (
  !workspace ||
  !tsvFile ||
  !['text', 'coded'].includes(schema) ||
  !['all', 'key', 'country'].includes(kept) ||
  !(Number.isInteger(customersPer) && customersPer >= 1)
)
  throw new Error('usage: import-floor.ts WORKSPACE TSV [text|coded] [all|key|country] [CUSTOMERS_PER]');
const variant = `${schema}, ${kept} indexes, ${customersPer} customer${customersPer > 1 ? 's' : ''} per statement`;

const src = new Database(workspace, { readonly: true });
/** A table's statement without its foreign keys (the importer turns them off while it loads). */
const tableSql = (name: string) =>
  (src.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').pluck().get(name) as string).replace(
    /REFERENCES \w+\(\w+\)( ON DELETE CASCADE)?/g,
    '',
  );
const indexSqls = (table: string) =>
  src
    .prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
    .pluck()
    .all(table) as string[];
const all = (table: string) => ({
  rows: src.prepare(`SELECT * FROM ${table}`).raw().all() as Row[],
  cols: src
    .prepare(`SELECT * FROM ${table} LIMIT 1`)
    .columns()
    .map((c) => c.name),
});

const customers = all('customers');
const customersSql = tableSql('customers');
const customersIndexes = indexSqls('customers');
const flagsSql = tableSql('flags');
const flagsIndexes = indexSqls('flags');
const flags = all('flags');
let propensity = all('propensity');
let propensitySql = tableSql('propensity');
let propensityIndexes = indexSqls('propensity');

/** Columns of propensity that become codes in the coded variant. */
const CODED = [
  'product',
  'country',
  'area',
  'industry',
  'vertical',
  'sub_segment',
  'fit_band',
  'intent_band',
  'cell',
  'cluster',
  'computed_cluster',
  'file_sub_segment',
  'sales_territory',
];
if (schema === 'coded') {
  const customerNo = new Map(customers.rows.map((c, i) => [c[1], i + 1]));
  const cols = propensity.cols.filter((c) => c !== 'account_name' && c !== 'domain');
  const from = cols.map((c) => propensity.cols.indexOf(c));
  const dicts = new Map<string, Map<unknown, number>>();
  const code = (col: string, v: unknown) => {
    let d = dicts.get(col);
    if (!d) dicts.set(col, (d = new Map()));
    let c = d.get(v);
    if (c === undefined) d.set(v, (c = d.size + 1));
    return c;
  };
  propensity = {
    cols,
    rows: propensity.rows.map((r) =>
      from.map((k, j) => {
        const col = cols[j]!;
        const v = r[k];
        if (col === 'customer_id') return customerNo.get(v);
        return CODED.includes(col) && v !== null ? code(col, v) : v;
      }),
    ),
  };
  propensitySql = `CREATE TABLE propensity (${cols.map((c) => `${c} INTEGER`).join(', ')})`;
  propensityIndexes = propensityIndexes.filter((s) => !s.includes('account_name'));
}
if (kept !== 'all')
  propensityIndexes = propensityIndexes.filter(
    (s) => /INDEX propensity_key /.test(s) || (kept === 'country' && /INDEX propensity_country /.test(s)),
  );
src.close();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-floor-'));
try {
  const raw = path.join(dir, 'raw.sqlite');
  let t = performance.now();
  spawnSync('sqlite3', [raw, '.mode tabs', `.import ${tsvFile} t`]);
  const rawSeconds = (performance.now() - t) / 1000;
  fs.rmSync(raw, { force: true });

  const db = new Database(path.join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(customersSql);
  for (const s of customersIndexes) db.exec(s);
  db.exec(propensitySql);
  db.exec(flagsSql);
  for (const s of flagsIndexes) db.exec(s);
  db.pragma('cache_size = -65536');
  const insert = (table: string, cols: string[], per: number) =>
    db.prepare(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array<string>(per)
        .fill(`(${cols.map(() => '?').join(', ')})`)
        .join(', ')}`,
    );
  /** Stores rows `per` to a statement (the rows short of a full statement are left out: a floor). */
  const store = (table: string, data: { rows: Row[]; cols: string[] }, per: number) => {
    const stmt = insert(table, data.cols, per);
    const params = new Array<unknown>(per * data.cols.length);
    for (let i = 0; i + per <= data.rows.length; i += per) {
      let o = 0;
      for (let r = i; r < i + per; r++) for (const v of data.rows[r]!) params[o++] = v;
      stmt.run(params);
    }
  };
  const phases: string[] = [];
  const start = performance.now();
  t = start;
  const lap = (name: string) => {
    const now = performance.now();
    phases.push(`${name} ${((now - t) / 1000).toFixed(2)} s`);
    t = now;
  };
  db.exec('BEGIN');
  store('customers', customers, customersPer);
  lap('customers');
  store('propensity', propensity, 100);
  lap('propensity');
  // In key order (flag, then customer ID as SQLite's BINARY collation compares it), as the importer stores them.
  flags.rows.sort(
    (a, b) =>
      (a[1] as number) - (b[1] as number) ||
      Buffer.compare(Buffer.from(String(a[2])), Buffer.from(String(b[2]))),
  );
  lap('flags sorted');
  store('flags', flags, 50);
  lap('flags');
  db.pragma('threads = 2');
  db.pragma('cache_size = -4096');
  for (const s of propensityIndexes) db.exec(s);
  lap(`${propensityIndexes.length} propensity indexes`);
  const facetCols =
    'product, cluster, cell, country, area, industry, vertical, sub_segment, computed_cluster, whitespace, upsell, sales_territory';
  db.exec(
    `CREATE TABLE facet_counts AS SELECT ${facetCols}, COUNT(*) AS n FROM propensity GROUP BY ${facetCols}`,
  );
  lap('facet GROUP BY');
  db.exec('COMMIT');
  lap('commit');
  db.pragma('wal_checkpoint(TRUNCATE)');
  lap('checkpoint');
  const seconds = (performance.now() - start) / 1000;
  const mb = fs.statSync(path.join(dir, 'floor.sqlite')).size / 1e6;
  db.close();
  console.log(
    `floor (${variant}): ${customers.rows.length.toLocaleString('en-US')} customers, ${propensity.rows.length.toLocaleString('en-US')} propensity rows, ${flags.rows.length.toLocaleString('en-US')} flags`,
  );
  console.log(
    `floor (${variant}): sqlite3 .import right before ${rawSeconds.toFixed(2)} s; SQLite's writes alone ${seconds.toFixed(2)} s = ${(seconds / rawSeconds).toFixed(2)}×; ${mb.toFixed(0)} MB`,
  );
  console.log(`floor (${variant}): ${phases.join(', ')}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
