/**
 * Issue 11, items 7 and 8: a damaged workspace is refused on open, in one line, and never
 * written to; writers that cannot get the lock say the workspace is busy, naming it, in every
 * door, and the CLI goes on with the remaining files.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CacheBusyError,
  CacheDamagedError,
  cacheErrorOf,
  checkWorkspace,
  FULL_CHECK_MAX_BYTES,
  openCache,
} from '../../main/cache/db';
import { runExport } from '../../main/export/index';
import { answer } from '../../main/electron/service-protocol';
import { errorLine } from '../../main/electron/ipc-handler';
import { importFile } from '../../main/ingest/import';
import { startServer } from '../../main/serve/server';
import { Service } from '../../main/service';
import { SAMPLE_DIR, m365Rows, tempDir, tsv, write } from './helpers';

const BIN = path.resolve(import.meta.dirname, '../../bin/ascent.mjs');
const STACK = /\n\s+at .+:\d+:\d+/;
const M365 = path.join(SAMPLE_DIR, 'CloudAscent_M365_Propensity_2026-10-20.tsv');

function ascent(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ASCENT_DB: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A workspace with the M365 sample imported, closed (WAL checkpointed into the file). */
async function workspace(dir: string, name = 'W.sqlite'): Promise<string> {
  const file = path.join(dir, name);
  const db = openCache(file);
  expect(await importFile(db, M365)).toMatchObject({ status: 'imported' });
  db.close();
  return file;
}

/** Overwrites the root page of `table` with garbage, as a bad disk or a cut copy would. */
function damage(file: string, table: string): void {
  const db = new Database(file, { readonly: true });
  const root = db.prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?').pluck().get(table) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  expect(root).toBeGreaterThan(1);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(pageSize, 0x5a), 0, pageSize, (root - 1) * pageSize);
  fs.closeSync(fd);
}

describe('a damaged workspace', () => {
  let dir: string;
  let ws: string;
  let before: string;
  const DAMAGED = () =>
    new RegExp(`^workspace ${esc(ws)} is damaged: .+; your downloads can be imported into a new one$`);

  beforeAll(async () => {
    dir = tempDir();
    ws = await workspace(dir);
    damage(ws, 'propensity');
    before = sha(ws);
  });

  it('is refused on open with one line, and the file is not written to', () => {
    let err: unknown;
    try {
      openCache(ws).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CacheDamagedError);
    expect((err as Error).message).toMatch(DAMAGED());
    expect(() => openCache(ws, { readonly: true })).toThrow(CacheDamagedError);
    expect(sha(ws)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['W.sqlite']);
  });

  it('is refused by the CLI for import, rows and export, in one line; the export does not blame its target', () => {
    const out = path.join(dir, 'book.xlsx');
    for (const args of [
      ['import', M365],
      ['rows', '--csv'],
      ['export', '--out', out],
    ]) {
      const r = ascent(...args, '--db', ws);
      expect(r.code).toBe(1);
      expect(r.err.trimEnd().split('\n')).toHaveLength(1);
      expect(r.err.trimEnd()).toMatch(new RegExp(`^ascent: ${DAMAGED().source.slice(1)}`));
      expect(r.err).not.toContain('cannot write');
      expect(r.err + r.out).not.toMatch(STACK);
    }
    expect(sha(ws)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['W.sqlite']);
  });

  it('met during an export (past a bounded check) is named as the workspace, not the target', async () => {
    const db = new Database(ws, { readonly: true });
    const outDir = tempDir();
    try {
      for (const format of ['csv', 'xlsx'] as const) {
        const out = path.join(outDir, `list.${format}`);
        const e = await runExport(db, { out, format, asOf: '2026-11-25', filters: {} }).catch(
          (x: unknown) => x,
        );
        expect((e as Error).message).toMatch(DAMAGED());
        expect((e as Error).message).not.toContain(out);
      }
    } finally {
      db.close();
    }
    expect(fs.readdirSync(outDir)).toEqual([]);
    expect(sha(ws)).toBe(before);
  });

  it('is found by the bounded check of big files when the damage is outside the bulk rows', async () => {
    const d = tempDir();
    const a = await workspace(d, 'A.sqlite');
    damage(a, 'imports');
    const db = new Database(a, { readonly: true });
    try {
      expect(checkWorkspace(db, FULL_CHECK_MAX_BYTES + 1)).toMatch(/./);
      expect(checkWorkspace(db, 1)).toMatch(/./);
    } finally {
      db.close();
    }
    // The bound, as documented: a big file's bulk rows are not read at open.
    const p = new Database(ws, { readonly: true });
    try {
      expect(checkWorkspace(p, FULL_CHECK_MAX_BYTES + 1)).toBeNull();
      expect(checkWorkspace(p, 1)).toMatch(/./);
    } finally {
      p.close();
    }
  });

  it('a sound workspace opens, and a file that is no database says so without the word damaged', async () => {
    const d = tempDir();
    const ok = await workspace(d);
    openCache(ok).close();
    const junk = write(d, 'junk.sqlite', 'CustomerID,AccountName\n'.repeat(300));
    expect(() => openCache(junk)).toThrow(`cannot open cache ${junk}: file is not a database`);
    expect(fs.readFileSync(junk, 'utf8')).toBe('CustomerID,AccountName\n'.repeat(300));
  });
});

describe('a workspace locked by another writer', () => {
  let dir: string;
  let ws: string;
  let holder: Database.Database;
  const BUSY = () =>
    `the workspace is busy importing (${ws} is locked by another writer); try again when it is done`;

  beforeAll(async () => {
    dir = tempDir();
    ws = await workspace(dir);
  });

  const hold = () => {
    holder = new Database(ws);
    holder.exec('BEGIN IMMEDIATE');
    return () => {
      holder.exec('ROLLBACK');
      holder.close();
    };
  };

  it('CLI import: each file fails with one line naming the file and the workspace, and the rest are tried', () => {
    const first = write(dir, 'CloudAscent_M365_Propensity_2026-11-20.tsv', tsv(m365Rows(10)));
    const second = write(dir, 'CloudAscent_M365_Propensity_2026-12-20.tsv', tsv(m365Rows(12)));
    const release = hold();
    let r;
    try {
      r = ascent('import', first, second, '--db', ws);
    } finally {
      release();
    }
    expect(r.code).toBe(1);
    expect(r.err.trimEnd().split('\n')).toEqual([
      `${path.basename(first)}: failed: ${BUSY()}`,
      `${path.basename(second)}: failed: ${BUSY()}`,
    ]);
    expect(r.err).not.toMatch(STACK);
    const db = new Database(ws, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT COUNT(*) FROM imports').pluck().get()).toBe(1);
    db.close();
  });

  it('browser mode answers 409 with the message, and the desktop door says the same', async () => {
    const service = new Service({
      dbPath: ws,
      sampleDbPath: path.join(dir, 'sample.sqlite'),
      sampleDir: SAMPLE_DIR,
      exportDir: path.join(dir, 'exports'),
    });
    const server = await startServer({ service, port: 0, staticDir: dir, token: 'tok-0123456789' });
    const release = hold();
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/api/saveView`, {
        method: 'POST',
        headers: { authorization: 'Bearer tok-0123456789', 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Mine', state: { filters: {} } }),
      });
      expect(res.status).toBe(409);
      expect(await res.json()).toEqual({ error: BUSY() });

      const reply = await answer(
        service,
        { id: 7, method: 'saveView', input: { name: 'Mine', state: { filters: {} } } },
        () => undefined,
      );
      expect(reply).toEqual({ id: 7, ok: false, error: BUSY() });
    } finally {
      release();
      await server.close();
      service.close();
    }
  });

  it('maps lock and disk-full errors of SQLite to lines that name the workspace', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(cacheErrorOf(busy, '/w/W.sqlite')).toBeInstanceOf(CacheBusyError);
    expect(errorLine(cacheErrorOf(busy, '/w/W.sqlite'))).toBe(
      'the workspace is busy importing (/w/W.sqlite is locked by another writer); try again when it is done',
    );
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    expect((cacheErrorOf(full, '/w/W.sqlite') as Error).message).toBe(
      'cannot write workspace /w/W.sqlite: disk full',
    );
    const other = new Error('no such table: x');
    expect(cacheErrorOf(other, '/w/W.sqlite')).toBe(other);
  });
});
