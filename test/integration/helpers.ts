import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCache, type DB } from '../../main/cache/db';
import { downloadsIn } from '../../main/ingest/downloads';
import { Service } from '../../main/service';

export const SAMPLE_DIR = path.resolve(import.meta.dirname, '../../resources/sample');

export function sampleFiles(): string[] {
  return downloadsIn(SAMPLE_DIR);
}

export function tempDir(prefix = 'ascent-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh cache in a real SQLite file. */
export function tempCache(): { db: DB; file: string; dir: string } {
  const dir = tempDir();
  const file = path.join(dir, 'cache.sqlite');
  return { db: openCache(file), file, dir };
}

/** A service over a cache file in a folder of its own (a fresh temp folder unless given). */
export function tempService(dir = tempDir()): { service: Service; dbPath: string; dir: string } {
  const dbPath = path.join(dir, 'cache.sqlite');
  const service = new Service({
    dbPath,
    sampleDbPath: path.join(dir, 'sample.sqlite'),
    sampleDir: SAMPLE_DIR,
  });
  return { service, dbPath, dir };
}

export function write(dir: string, name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** Every table's row count: equal before and after means nothing changed. */
export function tableCounts(db: DB): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map((t) => [
      t.name,
      (db.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number }).n,
    ]),
  );
}

export const M365_HEADER = [
  'CustomerID',
  'AccountName',
  'Domain',
  'Country',
  'Area',
  'Industry',
  'Vertical',
  'OrgSize',
  'Has M365',
  'Has Azure',
  'M365Cluster',
  'M365Fit',
  'M365Intent',
  'SurfaceCluster',
  'SurfaceFit',
  'SurfaceIntent',
  'M365UpsellCustomer',
  'MW_Teams Phone',
  'MW_On Prem Acq_Office 2016_2019',
];

/** What `m365Rows` may vary per customer; the rest is NL, Act Now, Fit 80, Intent 80. */
export interface M365Customer {
  id?: string;
  name?: string;
  country?: string;
  cluster?: string;
  fit?: string;
}

/** An M365 download of `n` generated customers (header first); `vary(i)` changes customer i. */
export function m365Rows(n: number, vary: (i: number) => M365Customer = () => ({})): string[][] {
  const rows = [M365_HEADER];
  for (let i = 0; i < n; i++) {
    const c = vary(i);
    rows.push([
      c.id ?? `X${i}`,
      c.name ?? `Name ${i}`,
      '',
      c.country ?? 'NL',
      '',
      '',
      '',
      '5',
      'No',
      'No',
      c.cluster ?? 'Act Now',
      c.fit ?? '80',
      '80',
    ]);
  }
  return rows;
}

export function tsv(rows: (string | number)[][]): string {
  return rows.map((r) => r.join('\t')).join('\n') + '\n';
}

export function row(db: DB, sql: string, ...params: unknown[]): Record<string, unknown> | undefined {
  return db.prepare(sql).get(...params) as Record<string, unknown> | undefined;
}
