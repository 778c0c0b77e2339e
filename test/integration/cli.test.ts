import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../main/cache/schema';
import { sampleFiles, tempDir, write } from './helpers';

/** A document the CLI printed, as JSON.parse gives it: the tests read its fields. */
type Json = ReturnType<typeof JSON.parse>;

const BIN = path.resolve(import.meta.dirname, '../../bin/ascent.mjs');
function ascent(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ASCENT_DB: '' },
  });
  let json: Json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { code: r.status, out: r.stdout, err: r.stderr, json };
}
const STACK = /\n\s+at .+:\d+:\d+/;

describe('the ascent CLI contract', () => {
  const dir = tempDir();
  const db = path.join(dir, 'cache.sqlite');
  const files = sampleFiles();

  it('import --json prints one document with an entry per file; exit 0 when none failed', () => {
    const r = ascent('import', ...files, '--db', db, '--json');
    expect(r.code).toBe(0);
    expect(r.json.files).toHaveLength(files.length);
    for (const f of r.json.files) {
      expect(Object.keys(f)).toEqual(
        expect.arrayContaining([
          'file',
          'report',
          'snapshot',
          'status',
          'rows',
          'rejected',
          'issues',
          'error',
        ]),
      );
      expect(f.status).toBe('imported');
      expect(f.snapshot).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const again = ascent('import', files[0]!, '--db', db, '--json');
    expect(again.json.files[0].status).toBe('skipped');
  });

  it('a file that is no report: failed, exit 1, one line, no stack trace', () => {
    const junk = write(dir, 'bank.csv', 'Datum,Omschrijving,Bedrag\n01-11-2026,Koffie,-3.50\n');
    const j = ascent('import', junk, '--db', db, '--json');
    expect(j.code).toBe(1);
    expect(j.json.files[0]).toMatchObject({ status: 'failed', rows: 0 });
    expect(j.json.files[0].error).toMatch(/not a CloudAscent report/);
    const human = ascent('import', junk, '--db', db);
    expect(human.code).toBe(1);
    expect(human.err.trim().split('\n')).toHaveLength(1);
    expect(human.err).toContain('bank.csv');
    expect(human.err + human.out).not.toMatch(STACK);
  });

  it('summary --json has the contract shape and the fiscal year of the as-of date', () => {
    const s = ascent('summary', '--db', db, '--as-of', '2026-11-25', '--json').json;
    expect(s).toMatchObject({ asOf: '2026-11-25', fiscalYear: 'FY27' });
    expect(Number.isInteger(s.customers)).toBe(true);
    expect(Object.keys(s.clusters.M365)).toEqual(['Act Now', 'Evaluate', 'Nurture', 'Educate']);
    expect(s.clusters.Azure).toBeDefined();
    expect(s.clusters.Agreements).toBeUndefined();
    expect(typeof s.movedIntoActNow.M365).toBe('number');
  });

  it('rows filters, sorts and searches', () => {
    const r = ascent(
      'rows',
      '--db',
      db,
      '--product',
      'M365',
      '--cluster',
      'Act Now,Evaluate',
      '--sort',
      'fit:desc',
      '--limit',
      '50',
      '--json',
    ).json;
    expect(r.rows).toHaveLength(50);
    expect(r.total).toBeGreaterThan(50);
    expect(
      r.rows.every((x: Json) => x.product === 'M365' && ['Act Now', 'Evaluate'].includes(x.cluster)),
    ).toBe(true);
    const fits = r.rows.map((x: Json) => x.fit as number | null).filter((x: number | null) => x !== null);
    expect([...fits].sort((a, b) => b - a)).toEqual(fits);
    const id = ascent('rows', '--db', db, '--search', '000123456', '--json').json;
    expect(id.rows.length).toBeGreaterThan(0);
    expect(id.rows.every((x: Json) => x.customerId === '000123456')).toBe(true);
    const csv = ascent('rows', '--db', db, '--product', 'Azure', '--csv');
    expect(csv.out.startsWith('\ufeffcustomerId,')).toBe(true);
  });

  it('usage errors exit 2 with one line', () => {
    for (const args of [
      ['frobnicate'],
      ['rows', '--sort', 'password'],
      ['rows', '--product', 'Excel'],
      ['summary', '--as-of', '25-11-2026'],
      ['import'],
    ]) {
      const r = ascent(...args, '--db', db);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(ascent('--help').code).toBe(0);
    for (const c of ['import', 'summary', 'rows', 'snapshots', 'forget', 'serve', 'export']) {
      expect(ascent(c, '--help').out).toMatch(new RegExp(`Usage: ascent ${c}`));
      expect(ascent('help', c).out).toMatch(new RegExp(`Usage: ascent ${c}`));
    }
  });

  it('snapshots lists imports; forget removes one', () => {
    const list = ascent('snapshots', '--db', db, '--json').json.imports;
    expect(list.length).toBe(files.length);
    const target = list.find((i: Json) => i.report === 'm365' && i.current);
    expect(ascent('forget', String(target.id), '--db', db).code).toBe(0);
    const after = ascent('snapshots', '--db', db, '--json').json.imports;
    expect(after.length).toBe(files.length - 1);
    expect(after.find((i: Json) => i.report === 'm365').current).toBe(true);
    expect(ascent('forget', '99999', '--db', db).code).toBe(1);
  });

  it('refuses a cache written by a newer version, without touching it', () => {
    const newer = path.join(dir, 'newer.sqlite');
    const d = new Database(newer);
    d.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    d.close();
    const r = ascent('summary', '--db', newer);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/newer version/);
    const check = new Database(newer);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });
});
