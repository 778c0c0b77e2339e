import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_VERSION, dataGeneration } from '../../main/cache/data-version';
import { openCache, type DB } from '../../main/cache/db';
import { forgetImport } from '../../main/cache/imports';
import { DEFAULT_SETTINGS, writeSettings } from '../../main/cache/settings';
import { importFile } from '../../main/ingest/import';
import { dataVersionKey, derived } from '../../main/query/current';
import { memo } from '../../main/query/memo';
import { SAMPLE_DIR, tempCache } from './helpers';

const open: DB[] = [];
function cache() {
  const c = tempCache();
  open.push(c.db);
  return c;
}
afterEach(() => {
  while (open.length) open.pop()!.close();
});

const sample = (name: string) => path.join(SAMPLE_DIR, name);
const OCT = sample('CloudAscent_M365_Propensity_2026-10-20.tsv');
const NOV = sample('CloudAscent_M365_Propensity_2026-11-20.tsv');

describe('the data version key', () => {
  it('names the app version of package.json', () => {
    const pkg = JSON.parse(
      fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'),
    ) as {
      version: string;
    };
    expect(APP_VERSION).toBe(pkg.version);
    expect(dataVersionKey(cache().db).startsWith(`${APP_VERSION};`)).toBe(true);
  });

  it('moves with every writer: an import, a forgotten snapshot (current or not), a settings change', async () => {
    const { db } = cache();
    const keys = [dataVersionKey(db)];
    const next = () => {
      const k = dataVersionKey(db);
      expect(keys).not.toContain(k);
      keys.push(k);
    };
    const oct = await importFile(db, OCT);
    next();
    const nov = await importFile(db, NOV);
    next();
    // Not current, but the previous snapshot: movement depends on it.
    forgetImport(db, oct.importId!);
    next();
    writeSettings(db, {
      ...DEFAULT_SETTINGS,
      matrix: { ...DEFAULT_SETTINGS.matrix, thresholds: { high: 60, medium: 40, low: 20 } },
    });
    next();
    forgetImport(db, nov.importId!);
    next();
    expect(dataGeneration(db)).toBe(5);
  });

  it('stays when a write changes no data (a saved view, a kept figure), and so do memoised results', async () => {
    const { db } = cache();
    await importFile(db, OCT);
    const key = dataVersionKey(db);
    let computed = 0;
    const count = () => memo(db, 'test-count', () => ++computed);
    expect(count()).toBe(1);
    db.prepare(
      "INSERT INTO views (name, state, created_at, updated_at) VALUES ('v', '{}', 'now', 'now')",
    ).run();
    derived(db, 'test-figure', () => 42);
    expect(dataVersionKey(db)).toBe(key);
    expect(count()).toBe(1);
    await importFile(db, NOV);
    expect(count()).toBe(2);
  });

  it('follows a commit of another connection', async () => {
    const { db, file } = cache();
    const before = dataVersionKey(db);
    const other = openCache(file);
    open.push(other);
    await importFile(other, OCT);
    expect(dataVersionKey(db)).not.toBe(before);
    expect(dataVersionKey(db)).toBe(dataVersionKey(other));
  });

  it('keys derived figures: a figure is not served for other settings', async () => {
    const { db } = cache();
    await importFile(db, OCT);
    expect(derived(db, 'test-figure', () => 'first')).toBe('first');
    expect(derived(db, 'test-figure', () => 'again')).toBe('first');
    writeSettings(db, DEFAULT_SETTINGS);
    expect(derived(db, 'test-figure', () => 'after settings')).toBe('after settings');
  });
});

describe('facet counts and the app version that counted them', () => {
  const versions = (db: DB) =>
    db.prepare('SELECT import_id, app_version FROM facet_counts_version ORDER BY import_id').raw().all();
  const counts = (db: DB) => db.prepare('SELECT * FROM facet_counts ORDER BY rowid').raw().all();

  it('are stamped by the importer and recounted on open when another version counted them', async () => {
    const { db, file } = cache();
    const a = await importFile(db, OCT);
    const b = await importFile(db, NOV);
    expect(versions(db)).toEqual([
      [a.importId, APP_VERSION],
      [b.importId, APP_VERSION],
    ]);
    const counted = counts(db);
    // As a workspace counted by an older version would be: another stamp, and no stamp at all.
    db.prepare("UPDATE facet_counts_version SET app_version = '0.0.1' WHERE import_id = ?").run(a.importId);
    db.prepare('DELETE FROM facet_counts_version WHERE import_id = ?').run(b.importId);
    db.prepare('UPDATE facet_counts SET n = n + 1000 WHERE import_id IN (?, ?)').run(a.importId, b.importId);
    const generation = dataGeneration(db);
    db.close();
    open.length = 0;
    const again = openCache(file);
    open.push(again);
    expect(versions(again)).toEqual([
      [a.importId, APP_VERSION],
      [b.importId, APP_VERSION],
    ]);
    expect(new Set(counts(again).map((r) => JSON.stringify(r)))).toEqual(
      new Set(counted.map((r) => JSON.stringify(r))),
    );
    expect(dataGeneration(again)).toBe(generation + 1);
    // Up to date: opening again recounts nothing.
    const quiet = openCache(file);
    open.push(quiet);
    expect(dataGeneration(quiet)).toBe(generation + 1);
  });

  it('a forgotten snapshot takes its stamp along', async () => {
    const { db } = cache();
    const a = await importFile(db, OCT);
    forgetImport(db, a.importId!);
    expect(versions(db)).toEqual([]);
  });
});
