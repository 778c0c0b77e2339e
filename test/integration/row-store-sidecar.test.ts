/**
 * The row store's sidecar (`<workspace>.store`): written after a build, read on the next open
 * instead of a build, and never used when it is not of the workspace's current data (another
 * process imported or forgot, settings changed, another app version wrote it, rows were
 * renumbered) or not whole (cut, damaged, garbage, forged). Each case is checked by what the
 * service answers: the same as SQL on the workspace as it is now.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCache, type DB } from '../../main/cache/db';
import { forgetImport } from '../../main/cache/imports';
import { DEFAULT_SETTINGS, writeSettings } from '../../main/cache/settings';
import { importFile } from '../../main/ingest/import';
import { facets } from '../../main/query/facets';
import { RowStore } from '../../main/query/row-store';
import { queryRows } from '../../main/query/rows';
import { decodeStore, encodeStore } from '../../main/query/store/persist';
import { readSidecar, sidecarPath, writeSidecar } from '../../main/query/store/sidecar';
import { rowStoreKey } from '../../main/query/store/key';
import { Service } from '../../main/service';
import { DEFAULT_PRIORITY_WEIGHTS } from '../../shared/domain/priority';
import type { Filters, RowsQuery } from '../../shared/filters';
import { SAMPLE_DIR, sampleFiles, tempDir } from './helpers';

const M365 = sampleFiles().filter((f) => path.basename(f).startsWith('CloudAscent_M365'));
const BIN = path.resolve(import.meta.dirname, '../../bin/ascent.mjs');

const QUERIES: RowsQuery[] = [
  { filters: {}, sort: [{ field: 'accountName', dir: 'desc' }], offset: 3, limit: 20 },
  { filters: { cluster: ['Act Now'] }, sort: [{ field: 'fit', dir: 'asc' }], offset: 5, limit: 30 },
  { filters: { search: 'a', whitespace: true }, sort: [{ field: 'country', dir: 'asc' }], limit: 40 },
];
const FACETS: Filters[] = [{ product: ['M365'] }, { country: ['NL'], upsell: true }];

const cleanup: (() => void)[] = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

function workspace(): { dir: string; dbPath: string; sql: DB } {
  const dir = tempDir();
  const dbPath = path.join(dir, 'cache.sqlite');
  const sql = openCache(dbPath);
  cleanup.push(() => sql.close());
  return { dir, dbPath, sql };
}

/** A service on the workspace, once its row store is ready and any sidecar write is done. */
async function open(dbPath: string, make = (o: ConstructorParameters<typeof Service>[0]) => new Service(o)) {
  const dir = path.dirname(dbPath);
  const service = make({ dbPath, sampleDbPath: path.join(dir, 'sample.sqlite'), sampleDir: SAMPLE_DIR });
  cleanup.push(() => service.close());
  await service.rowStoreReady();
  await service.rowStoreSettled();
  return service;
}

/** What the store answers, for a few pages and facet sets. */
async function answers(service: Service) {
  return {
    rows: await Promise.all(QUERIES.map((q) => service.rows(q))),
    facets: await Promise.all(FACETS.map((filters) => service.facets({ filters }))),
  };
}
/** What SQL answers on the workspace as it is now (facets one at a time: each keeps a statement open). */
async function sqlAnswers(sql: DB) {
  const counted = [];
  for (const f of FACETS) counted.push(await facets(sql, f));
  return { rows: QUERIES.map((q) => queryRows(sql, q)), facets: counted };
}

/** A workspace with one snapshot (two when `both`), opened once so that its sidecar is written. */
async function persisted(both = false) {
  const w = workspace();
  await importFile(w.sql, M365[0]!);
  if (both) await importFile(w.sql, M365[1]!);
  const first = await open(w.dbPath);
  expect(first.rowStoreStatus()).toMatchObject({ origin: 'built', refused: 'none' });
  expect(first.rowStoreStatus().written?.bytes).toBe(fs.statSync(sidecarPath(w.dbPath)).size);
  const before = await answers(first);
  first.close();
  return { ...w, before };
}

describe('the persisted row store', () => {
  it('is written beside the workspace after a build, and read by the next open instead of a build', async () => {
    const w = await persisted();
    const size = fs.statSync(sidecarPath(w.dbPath)).size;
    expect(size).toBeGreaterThan(1000);
    expect(fs.readdirSync(w.dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
    const again = await open(w.dbPath);
    expect(again.rowStoreStatus()).toMatchObject({ origin: 'read', refused: null, written: null });
    expect(await answers(again)).toEqual(await sqlAnswers(w.sql));
    expect(await answers(again)).toEqual(w.before);
  });

  it('answers the first requests of an open from the copy being read, not from SQL meanwhile', async () => {
    const w = await persisted();
    const service = new Service({
      dbPath: w.dbPath,
      sampleDbPath: path.join(w.dir, 'sample.sqlite'),
      sampleDir: SAMPLE_DIR,
    });
    cleanup.push(() => service.close());
    // Asked at once, before the copy could have been read: each request waits for it.
    const origins: (string | null)[] = [];
    const asked = [
      service.rows(QUERIES[0]!).then((r) => (origins.push(service.rowStoreStatus().origin), r)),
      service.facets({ filters: FACETS[0]! }).then((f) => (origins.push(service.rowStoreStatus().origin), f)),
    ];
    const [rows, counted] = await Promise.all(asked);
    expect(origins).toEqual(['read', 'read']);
    expect(rows).toEqual(w.before.rows[0]);
    expect(counted).toEqual(w.before.facets[0]);
  });

  it('lets SQL answer while a store is built from the workspace (no copy to read)', async () => {
    const w = workspace();
    await importFile(w.sql, M365[0]!);
    // The build is held until the request is answered: a small workspace builds within a turn.
    const build = RowStore.build.bind(RowStore);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const spy = vi.spyOn(RowStore, 'build').mockImplementation(async (...args) => {
      await held;
      return build(...args);
    });
    cleanup.push(() => spy.mockRestore());
    const service = new Service({
      dbPath: w.dbPath,
      sampleDbPath: path.join(w.dir, 'sample.sqlite'),
      sampleDir: SAMPLE_DIR,
    });
    cleanup.push(() => service.close());
    const rows = await service.rows(QUERIES[0]!);
    expect(service.rowStoreStatus()).toMatchObject({ origin: null, refused: 'none' });
    expect(rows).toEqual(queryRows(w.sql, QUERIES[0]!));
    release();
    await service.rowStoreReady();
    expect(service.rowStoreStatus().origin).toBe('built');
    await service.rowStoreSettled();
  });

  it('is kept, with the store in use, when only the priority weights change; the call list follows them', async () => {
    const w = await persisted();
    const service = await open(w.dbPath);
    expect(service.rowStoreStatus().origin).toBe('read');
    const asOf = '2026-12-01';
    const list = await service.customers({ asOf, limit: 50 });
    const keyBefore = rowStoreKey(w.sql);
    const sidecarBefore = fs.readFileSync(sidecarPath(w.dbPath));
    // The cluster order turned round: a ranking other than the default weights' (asserted below).
    await service.saveSettings({
      priority: {
        ...DEFAULT_PRIORITY_WEIGHTS,
        cluster: { 'Act Now': 0, Evaluate: 10, Nurture: 25, Educate: 40 },
        whitespace: 0,
      },
    });
    expect(rowStoreKey(w.sql)).toBe(keyBefore);
    const reranked = await service.customers({ asOf, limit: 50 });
    expect(reranked.rows.map((r) => r.customerId)).not.toEqual(list.rows.map((r) => r.customerId));
    // The store was not built again: the one read at open still answers, and equals SQL.
    expect(service.rowStoreStatus()).toMatchObject({ origin: 'read', written: null });
    expect(await answers(service)).toEqual(await sqlAnswers(w.sql));
    service.close();
    expect(fs.readFileSync(sidecarPath(w.dbPath)).equals(sidecarBefore)).toBe(true);
    const again = await open(w.dbPath);
    expect(again.rowStoreStatus()).toMatchObject({ origin: 'read', refused: null });
    // …while a change the rows depend on still refuses it (see the cases below).
  });

  it('is written and read for an empty workspace too', async () => {
    const { dbPath } = workspace();
    const errors = vi.spyOn(console, 'error');
    const first = await open(dbPath);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
    expect(first.rowStoreStatus().written?.bytes).toBe(fs.statSync(sidecarPath(dbPath)).size);
    first.close();
    const again = await open(dbPath);
    expect(again.rowStoreStatus().origin).toBe('read');
    expect(await again.rows({ filters: {}, limit: 10 })).toEqual({ total: 0, rows: [] });
  });

  it('holds the same store as the build: every page and facet of the copy read back is the built one’s', async () => {
    const { sql } = workspace();
    for (const f of sampleFiles()) await importFile(sql, f);
    const built = (await RowStore.build(sql))!;
    const chunks = encodeStore(built.parts);
    const decoded = await decodeStore(Buffer.concat(chunks), rowStoreKey(sql));
    if (!('parts' in decoded)) throw new Error(decoded.refused);
    const read = new RowStore(decoded.parts);
    expect(read.size).toBe(built.size);
    for (const q of QUERIES) {
      const full = { filters: q.filters ?? {}, sort: q.sort, offset: q.offset ?? 0, limit: q.limit ?? 100 };
      expect(read.page(sql, full)).toEqual(built.page(sql, full));
    }
    for (const filters of [...FACETS, { eos: true }, { flag: ['Azure Migrate'] }, { mismatch: true }, {}])
      expect(await read.facets(sql, filters, 200)).toEqual(await built.facets(sql, filters, 200));
  });

  const changes: [string, (sql: DB) => Promise<unknown>][] = [
    [
      'a newer snapshot imported by another connection',
      (sql) => importFile(sql, path.join(SAMPLE_DIR, 'CLASD365Propensity_20261120.csv')),
    ],
    [
      'the current snapshot forgotten by another connection',
      (sql) => {
        const id = sql.prepare('SELECT MAX(id) FROM imports').pluck().get() as number;
        return Promise.resolve(forgetImport(sql, id));
      },
    ],
    [
      'the settings changed',
      (sql) => {
        const matrix = { ...DEFAULT_SETTINGS.matrix, thresholds: { high: 90, medium: 50, low: 20 } };
        return Promise.resolve(writeSettings(sql, { ...DEFAULT_SETTINGS, matrix }));
      },
    ],
  ];
  it.each(changes)('is never used once the data changed behind it: %s', async (_, change) => {
    const w = await persisted(true);
    await change(w.sql);
    const now = await sqlAnswers(w.sql);
    expect(now, 'the change shows in the answers').not.toEqual(w.before);
    const next = await open(w.dbPath);
    expect(next.rowStoreStatus()).toMatchObject({ origin: 'built', refused: 'of other data' });
    expect(await answers(next)).toEqual(now);
    // …and the new data's copy is written in its place, for the open after.
    next.close();
    const third = await open(w.dbPath);
    expect(third.rowStoreStatus().origin).toBe('read');
    expect(await answers(third)).toEqual(now);
  });

  it('is never used after another process (the CLI) forgot a snapshot', async () => {
    const w = await persisted(true);
    const id = w.sql.prepare('SELECT MAX(id) FROM imports').pluck().get() as number;
    const r = spawnSync(process.execPath, [BIN, 'forget', String(id), '--db', w.dbPath], {
      encoding: 'utf8',
      env: { ...process.env, ASCENT_DB: '' },
    });
    expect(r.status, r.stderr).toBe(0);
    const now = await sqlAnswers(w.sql);
    expect(now).not.toEqual(w.before);
    const next = await open(w.dbPath);
    expect(next.rowStoreStatus()).toMatchObject({ origin: 'built', refused: 'of other data' });
    expect(await answers(next)).toEqual(now);
  });

  it('is replaced when the service itself forgets data, so the next open reads the new data’s copy', async () => {
    const w = await persisted(true);
    const service = await open(w.dbPath);
    const id = w.sql.prepare('SELECT MAX(id) FROM imports').pluck().get() as number;
    await service.forgetImport({ importId: id });
    await service.rowStoreReady();
    await service.rowStoreSettled();
    const now = await sqlAnswers(w.sql);
    expect(now).not.toEqual(w.before);
    expect(await answers(service)).toEqual(now);
    service.close();
    const next = await open(w.dbPath);
    expect(next.rowStoreStatus().origin).toBe('read');
    expect(await answers(next)).toEqual(now);
  });

  it('is never used when written by another app version', async () => {
    const w = await persisted();
    vi.resetModules();
    vi.doMock('../../package.json', () => ({
      version: '999.0.0-other',
      default: { version: '999.0.0-other' },
    }));
    try {
      const other = await import('../../main/service');
      const otherKey = await import('../../main/query/store/key');
      expect(otherKey.rowStoreKey(w.sql)).toContain('999.0.0-other');
      const next = await open(w.dbPath, (o) => new other.Service(o));
      expect(next.rowStoreStatus()).toMatchObject({ origin: 'built', refused: 'of other data' });
      expect(await answers(next)).toEqual(await sqlAnswers(w.sql));
    } finally {
      vi.doUnmock('../../package.json');
      vi.resetModules();
    }
    // The copy that version wrote is in turn not used by this one.
    const back = await open(w.dbPath);
    expect(back.rowStoreStatus()).toMatchObject({ origin: 'built', refused: 'of other data' });
  });

  // The key names the data by its writers' generation; a file changed by other means (a tool,
  // a copy restored over it) keeps its key. Its rows, renumbered here, no longer match the copy.
  it('is refused when the workspace’s rows changed under the same key (renumbered outside the app)', async () => {
    const w = await persisted(true);
    const before = w.before;
    const key = rowStoreKey(w.sql);
    w.sql.exec('UPDATE propensity SET rowid = rowid + 1000000');
    expect(rowStoreKey(w.sql), 'the key did not move').toBe(key);
    const next = await open(w.dbPath);
    expect(next.rowStoreStatus()).toMatchObject({
      origin: 'built',
      refused: 'its rows differ from the workspace',
    });
    expect(await answers(next)).toEqual(before);
    expect(await answers(next)).toEqual(await sqlAnswers(w.sql));
  });

  const damage: [string, (file: Buffer) => Buffer][] = [
    ['empty', () => Buffer.alloc(0)],
    ['cut after the prefix', (f) => f.subarray(0, 40)],
    ['cut in its header', (f) => f.subarray(0, 200)],
    ['cut in half', (f) => f.subarray(0, f.length >> 1)],
    ['one byte short', (f) => f.subarray(0, f.length - 1)],
    [
      'a byte changed in its arrays',
      (f) => {
        const g = Buffer.from(f);
        g[g.length - 9]! ^= 0x40;
        return g;
      },
    ],
    ['garbage of the same size', (f) => Buffer.from(f.map((_, i) => (i * 7919) & 0xff))],
    [
      'the right magic, then garbage',
      (f) => Buffer.concat([f.subarray(0, 8), Buffer.alloc(f.length - 8, 0x7b)]),
    ],
  ];
  it.each(damage)(
    'is refused, without a crash, when %s; the store is built as without it',
    async (_, spoil) => {
      const w = await persisted();
      const file = sidecarPath(w.dbPath);
      fs.writeFileSync(file, spoil(fs.readFileSync(file)));
      const errors = vi.spyOn(console, 'error');
      const next = await open(w.dbPath);
      expect(errors).not.toHaveBeenCalled();
      errors.mockRestore();
      const status = next.rowStoreStatus();
      expect(status.origin).toBe('built');
      expect(status.refused).toMatch(
        /^(not a row store file|cut short|damaged \(checksum\)|unreadable \(.+\))$/,
      );
      expect(await answers(next)).toEqual(await sqlAnswers(w.sql));
      expect(await answers(next)).toEqual(w.before);
    },
  );

  it('is refused when its checksum holds but its contents do not (a code out of range, a short column)', async () => {
    const { sql, dbPath } = workspace();
    await importFile(sql, M365[0]!);
    const built = (await RowStore.build(sql))!;
    const { columns } = built.parts;
    const bad = {
      ...built.parts,
      columns: { ...columns, cluster: { ...columns.cluster, codes: columns.cluster.codes.slice() } },
    };
    bad.columns.cluster.codes[0] = bad.columns.cluster.size + 1;
    await writeSidecar(dbPath, bad);
    expect(await readSidecar(dbPath, sql)).toEqual({ refused: 'unreadable (column cluster code)' });
    const short = {
      ...built.parts,
      columns: { ...columns, fit: { ...columns.fit, codes: columns.fit.codes.subarray(1) } },
    };
    await writeSidecar(dbPath, short);
    expect(await readSidecar(dbPath, sql)).toEqual({ refused: 'unreadable (section length)' });
    await writeSidecar(dbPath, built.parts);
    expect('parts' in (await readSidecar(dbPath, sql))).toBe(true);
  });
});
