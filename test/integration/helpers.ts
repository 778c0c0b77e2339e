import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCache, type DB } from '../../main/cache/db';

export const SAMPLE_DIR = path.resolve(import.meta.dirname, '../../resources/sample');

export function sampleFiles(): string[] {
  return fs
    .readdirSync(SAMPLE_DIR)
    .filter((f) => /\.(tsv|csv|txt|xlsx)$/i.test(f))
    .sort()
    .map((f) => path.join(SAMPLE_DIR, f));
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

export function tsv(rows: (string | number)[][]): string {
  return rows.map((r) => r.join('\t')).join('\n') + '\n';
}

export function row(db: DB, sql: string, ...params: unknown[]): Record<string, unknown> | undefined {
  return db.prepare(sql).get(...params) as Record<string, unknown> | undefined;
}
