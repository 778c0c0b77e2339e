/**
 * The priority's weights as the workspace's settings (#13) and its reasons in the reader's
 * language (#15), on a real SQLite file over resources/sample: saving weights re-ranks the call
 * list and changes its reasons' figures (the service, the CLI, and the SQL reference agree),
 * invalid weights are refused with a clear message and change nothing, reset restores the
 * defaults, a settings change rebuilds the call list's book, and Dutch reasons change nothing
 * but the words.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCache, type DB } from '../../main/cache/db';
import { dataGeneration } from '../../main/cache/data-version';
import { DEFAULT_SETTINGS, readSettings, writeSettings } from '../../main/cache/settings';
import { customersCommand } from '../../main/cli/customers';
import { exportCsv } from '../../main/export/csv-list';
import { dataVersionKey } from '../../main/query/current';
import { referenceCustomers } from '../../main/query/customer-reference';
import { bookFor } from '../../main/query/customers';
import { dispatch } from '../../main/service/dispatch';
import type { Service } from '../../main/service';
import type { CustomerRow } from '../../shared/customers';
import { DEFAULT_PRIORITY_WEIGHTS as D, type PriorityWeights } from '../../shared/domain/priority';
import { columnName } from '../../shared/i18n/columns';
import { parseCsv } from './export-sample';
import { sampleFiles, tableCounts, tempService } from './helpers';

const AS_OF = '2026-11-25';
/** A shorter soon window worth more, a year-long later one worth less. */
const W: PriorityWeights = { ...D, soonDays: 30, agreementSoon: 35, laterDays: 365, agreementLater: 5 };
const ALL = { filters: {}, asOf: AS_OF, limit: 10_000 };

let service: Service;
let dbPath: string;
let dir: string;
let db: DB;

beforeAll(async () => {
  ({ service, dbPath, dir } = tempService());
  for (const f of sampleFiles()) expect((await service.importNow({ path: f })).status).toBe('imported');
  db = openCache(dbPath);
}, 120_000); // six imports on a shared machine
afterAll(() => {
  db.close();
  service.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The days of the agreement reason, if any ("… ends 3 Jan 2027 (39 days): …"). */
const agreementDays = (r: CustomerRow): number | null => {
  for (const w of r.why) {
    const m = /^.* ends .* \((\d+) days?\)/.exec(w);
    if (m) return Number(m[1]);
  }
  return null;
};
const byId = (rows: CustomerRow[]) => new Map(rows.map((r) => [r.customerId, r]));

describe('priority weights in the workspace settings', () => {
  it('answers the defaults of domain.md until weights are saved', async () => {
    expect((await service.settings()).priority).toEqual(D);
  });

  it('saving weights re-ranks the call list and changes the reasons, as the SQL reference and the CLI do', async () => {
    const before = (await service.customers(ALL)).rows;
    const saved = await service.saveSettings({ priority: W });
    expect(saved.priority).toEqual(W);
    // The other parts are kept.
    expect({ matrix: saved.matrix, estimates: saved.estimates }).toEqual({
      matrix: DEFAULT_SETTINGS.matrix,
      estimates: DEFAULT_SETTINGS.estimates,
    });
    const after = (await service.customers(ALL)).rows;
    expect(after.map((r) => r.customerId)).not.toEqual(before.map((r) => r.customerId));
    expect(after).toEqual(referenceCustomers(db, ALL).rows);

    const old = byId(before);
    let soon = 0;
    let nowSoon = 0;
    let gained = 0;
    for (const a of after) {
      const b = old.get(a.customerId)!;
      const days = agreementDays(b);
      // 31–90 days: soon by the defaults (+20), later now (+5).
      if (days !== null && days > 30 && days <= 90 && b.priority < 100) {
        expect(a.priority, a.customerId).toBe(b.priority - 15);
        soon++;
      }
      // Within 30 days: +35 instead of +20.
      if (days !== null && days <= 30 && b.priority <= 85) {
        expect(a.priority, a.customerId).toBe(b.priority + 15);
        nowSoon++;
      }
      // 181–365 days: no reason by the defaults, now one with its figures and +5.
      if (days === null && agreementDays(a) !== null) {
        expect(agreementDays(a)).toBeGreaterThan(180);
        expect(agreementDays(a)).toBeLessThanOrEqual(365);
        expect(a.why).toHaveLength(b.why.length + 1);
        if (b.priority <= 95) expect(a.priority, a.customerId).toBe(b.priority + 5);
        gained++;
      }
    }
    expect(
      [soon, nowSoon, gained].every((n) => n > 0),
      `${soon} ${nowSoon} ${gained}`,
    ).toBe(true);

    // The CLI reads the same workspace's weights.
    const o = { out: '', err: '' };
    const code = await customersCommand(['--db', dbPath, '--as-of', AS_OF, '--limit', '20', '--json'], {
      out: (t) => (o.out += t),
      err: (t) => (o.err += t),
    });
    expect(code).toBe(0);
    expect(JSON.parse(o.out)).toEqual({ total: after.length, rows: after.slice(0, 20) });
  });

  it('refuses invalid weights with a clear message, and nothing changes', async () => {
    const settings = db.prepare('SELECT key, value FROM settings ORDER BY key').all();
    const counts = tableCounts(db);
    const generation = dataGeneration(db);
    const key = dataVersionKey(db, AS_OF);
    const list = await service.customers(ALL);

    // At the door: the contract's schema, the field and the figures named.
    expect(await dispatch(service, 'saveSettings', { priority: { ...W, soonDays: 365 } })).toEqual({
      ok: false,
      status: 400,
      error:
        'saveSettings: priority.laterDays: the later window (365 days) must be longer than the soon one (365 days)',
    });
    const tooMany = await dispatch(service, 'saveSettings', {
      priority: { ...W, cluster: { ...W.cluster, 'Act Now': 101 } },
    });
    expect(tooMany).toMatchObject({ ok: false, status: 400 });
    expect(!tooMany.ok && tooMany.error).toMatch(/^saveSettings: priority\.cluster\.Act Now: .*100/);
    expect(await dispatch(service, 'saveSettings', { priority: { ...W, eos: 2.5 } })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await dispatch(service, 'resetSettings', { parts: ['weights'] })).toMatchObject({
      ok: false,
      status: 400,
    });
    // Past the door (a caller without the schema): the service refuses all the same.
    await expect(service.saveSettings({ priority: { ...W, laterDays: 10 } })).rejects.toThrow(
      'priority.laterDays: the later window (10 days) must be longer than the soon one (30 days)',
    );
    // Refused with a valid matrix in the same call: the matrix is not written either.
    const matrix = { ...DEFAULT_SETTINGS.matrix, thresholds: { high: 90, medium: 50, low: 20 } };
    await expect(service.saveSettings({ matrix, priority: { ...W, soonDays: 0 } })).rejects.toThrow(
      /^priority\.soonDays: /,
    );

    expect(db.prepare('SELECT key, value FROM settings ORDER BY key').all()).toEqual(settings);
    expect(tableCounts(db)).toEqual(counts);
    expect(dataGeneration(db)).toBe(generation);
    expect(dataVersionKey(db, AS_OF)).toBe(key);
    expect(await service.customers(ALL)).toEqual(list);
  });

  it('resets the priority alone, or every part, to the defaults', async () => {
    const matrix = { ...DEFAULT_SETTINGS.matrix, thresholds: { high: 80, medium: 55, low: 30 } };
    await service.saveSettings({ matrix, priority: W });
    const reset = await service.resetSettings({ parts: ['priority'] });
    expect(reset.priority).toEqual(D);
    expect(reset.matrix).toEqual(matrix);
    expect((await service.customers(ALL)).rows).toEqual(referenceCustomers(db, ALL).rows);
    await service.saveSettings({ priority: W });
    const all = await service.resetSettings({});
    expect(all).toEqual(DEFAULT_SETTINGS);
    expect(readSettings(db)).toEqual(DEFAULT_SETTINGS);
    expect((await service.customers(ALL)).rows).toEqual(referenceCustomers(db, ALL).rows);
  });
});

describe("the call list's book follows the settings", () => {
  it('is built again after weights are saved on the same connection, and kept when they are saved unchanged', () => {
    const first = bookFor(db, AS_OF);
    expect(first.weights).toEqual(D);
    expect(writeSettings(db, { priority: D })).toBe(false); // the defaults stored are the defaults
    writeSettings(db, { priority: W });
    const second = bookFor(db, AS_OF);
    expect(second).not.toBe(first);
    expect(second.weights).toEqual(W);
    expect(writeSettings(db, { priority: W })).toBe(false);
    expect(bookFor(db, AS_OF)).toBe(second);
    writeSettings(db, { priority: D });
    expect(bookFor(db, AS_OF).weights).toEqual(D);
  });

  it('in the service: the first answer after a save is the new weights', async () => {
    await service.customerBookReady(AS_OF);
    // An Act Now customer under the cap: Act Now worth nothing takes exactly its 40 points.
    const row = (await service.customers(ALL)).rows.find(
      (r) => r.bestCluster === 'Act Now' && r.priority < 100,
    )!;
    const before = await service.customer({ customerId: row.customerId, asOf: AS_OF });
    await service.saveSettings({ priority: { ...D, cluster: { ...D.cluster, 'Act Now': 0 } } });
    const after = await service.customer({ customerId: row.customerId, asOf: AS_OF });
    expect(after.priority).toBe(before.priority - D.cluster['Act Now']);
    expect(before.why.filter((w) => w.startsWith('Act Now for '))).toHaveLength(1);
    expect(after.why).toEqual(before.why.filter((w) => !w.startsWith('Act Now for ')));
    await service.resetSettings({ parts: ['priority'] });
    expect((await service.customer({ customerId: row.customerId, asOf: AS_OF })).priority).toBe(
      before.priority,
    );
  });
});

describe('the reasons in the reader language', () => {
  it('words the same reasons in Dutch and changes nothing else; English stays the default', async () => {
    const en = (await service.customers(ALL)).rows;
    expect((await service.customers({ ...ALL, lang: 'en' })).rows).toEqual(en);
    const nl = (await service.customers({ ...ALL, lang: 'nl' })).rows;
    expect(nl.map(({ why, ...r }) => ({ ...r, why: why.length }))).toEqual(
      en.map(({ why, ...r }) => ({ ...r, why: why.length })),
    );
    const reasons = (rows: CustomerRow[]) => rows.flatMap((r) => r.why);
    expect(reasons(nl).some((w, i) => w !== reasons(en)[i])).toBe(true);
    // An agreement reason: the same figures, in Dutch words and formats.
    const i = en.findIndex((r) => agreementDays(r) !== null);
    const days = agreementDays(en[i]!)!;
    const sentence = nl[i]!.why.find((w) => w.includes(' eindigt op '))!;
    expect(sentence).toMatch(new RegExp(`\\(${days} dag(en)?\\)`));
    const id = en[i]!.customerId;
    const detail = await service.customer({ customerId: id, asOf: AS_OF, lang: 'nl' });
    expect(detail.why).toEqual(nl[i]!.why);
    expect((await service.customer({ customerId: id, asOf: AS_OF })).why).toEqual(en[i]!.why);
  });

  it('writes the CSV list reasons in its language', async () => {
    const out = path.join(dir, 'list-nl.csv');
    await exportCsv(db, { out, filters: {}, asOf: AS_OF, lang: 'nl', columns: ['why'] });
    const lines = parseCsv(fs.readFileSync(out, 'utf8'));
    const why = lines[0]!.indexOf(columnName('nl', 'why'));
    const nl = (await service.customers({ ...ALL, lang: 'nl' })).rows;
    expect(lines.slice(1).map((l) => l[why])).toEqual(nl.map((r) => r.why.join('; ')));
  });
});
