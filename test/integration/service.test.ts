import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Service } from '../../main/service';
import { openCache } from '../../main/cache/db';
import { importFile } from '../../main/ingest/import';
import { SAMPLE_DIR, m365Rows, tempDir, tempService, tsv, write } from './helpers';

async function settle(service: Service, id: string) {
  for (;;) {
    const j = await service.job({ id });
    if (j.state !== 'running') return j;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('service import jobs', () => {
  it('end as failed, with one line, when the cache itself fails (another writer holds it)', async () => {
    const { service, dbPath } = tempService();
    const other = new Database(dbPath);
    other.exec('BEGIN IMMEDIATE');
    try {
      const job = await service.importPaths({
        paths: [path.join(SAMPLE_DIR, 'CloudAscent_M365_Propensity_2026-10-20.tsv')],
      });
      const done = await settle(service, job.id);
      expect(done.state).toBe('failed');
      expect(done.error).toMatch(/locked|busy/i);
      expect(done.error).not.toMatch(/\n/);
      expect(done.problem).toEqual({ kind: 'workspaceBusy', workspace: dbPath });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // The cache is fine afterwards: the same file imports.
    const again = await settle(
      service,
      (
        await service.importPaths({
          paths: [path.join(SAMPLE_DIR, 'CloudAscent_M365_Propensity_2026-10-20.tsv')],
        })
      ).id,
    );
    expect(again.state).toBe('done');
    expect((await service.imports()).length).toBe(1);
    service.close();
  });
});

describe('service reads during an import', () => {
  it('see the cache as it was until the file is in, sorted pages included', async () => {
    const { service, dir } = tempService();
    const first = await service.importPaths({
      paths: [path.join(SAMPLE_DIR, 'CloudAscent_M365_Propensity_2026-10-20.tsv')],
    });
    expect((await settle(service, first.id)).state).toBe('done');
    const sort = [{ field: 'fit' as const, dir: 'desc' as const }];
    const before = await service.rows({ filters: {}, sort, limit: 20 });
    // A later snapshot several times bigger: its load rebuilds the indexes after the rows.
    const rows = m365Rows(40_000, (i) => ({ fit: `${i % 101}` }));
    const job = await service.importPaths({ paths: [write(dir, 'big_2026-11-20.tsv', tsv(rows))] });
    let seen = 0;
    for (;;) {
      const j = await service.job({ id: job.id });
      if (j.state !== 'running') break;
      if (j.rows > 0) {
        seen++;
        expect(await service.rows({ filters: {}, sort, limit: 20 })).toEqual(before);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).toBeGreaterThan(0);
    expect((await service.job({ id: job.id })).state).toBe('done');
    expect((await service.rows({ filters: {}, limit: 0 })).total).toBe(40_000);
    service.close();
  });
});

describe('service facets', () => {
  it('let a rows request through while they count, and still count right', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'cache.sqlite');
    const rows = m365Rows(50_000, (i) => ({
      country: i % 3 ? 'NL' : 'BE',
      cluster: i % 4 ? 'Evaluate' : 'Act Now',
    }));
    const db = openCache(dbPath);
    expect((await importFile(db, write(dir, 'big_2026-11-20.tsv', tsv(rows)))).status).toBe('imported');
    db.close();
    const { service } = tempService(dir);
    const answered: string[] = [];
    // A search makes the facets scan the rows (list filters alone are answered from facet_counts).
    const facets = service.facets({ filters: { country: ['NL'], search: 'Name' } }).then((f) => {
      answered.push('facets');
      return f;
    });
    // Asked after the facets: answered first, since the facets' scan gives way between chunks.
    const page = new Promise((resolve) => setImmediate(resolve))
      .then(() => service.rows({ filters: {}, limit: 5 }))
      .then((r) => {
        answered.push('rows');
        return r;
      });
    const [f, r] = await Promise.all([facets, page]);
    expect(answered).toEqual(['rows', 'facets']);
    expect(r.total).toBe(50_000);
    expect(f.total).toBe(
      (await service.rows({ filters: { country: ['NL'], search: 'Name' }, limit: 0 })).total,
    );
    expect(f.lists.country).toEqual([
      { value: 'NL', count: 33_333 },
      { value: 'BE', count: 16_667 },
    ]);
    service.close();
  });
});

describe('the workspace, as the app opens it', () => {
  it('says whether it holds current data: none, only a snapshot dated after today, then one of today or before', async () => {
    const { service, dir } = tempService();
    expect(await service.workspace()).toMatchObject({ empty: true, current: false });
    const later = await service.importPaths({
      paths: [write(dir, 'later_2099-01-01.tsv', tsv(m365Rows(3)))],
    });
    expect((await settle(service, later.id)).state).toBe('done');
    expect((await service.imports()).map((i) => i.snapshot)).toEqual(['2099-01-01']);
    // Imported, but not current until its date: the app opens on the Overview, not an empty call list.
    expect(await service.workspace()).toMatchObject({ empty: false, current: false });
    const past = await service.importPaths({
      paths: [path.join(SAMPLE_DIR, 'CloudAscent_M365_Propensity_2026-10-20.tsv')],
    });
    expect((await settle(service, past.id)).state).toBe('done');
    expect(await service.workspace()).toMatchObject({ empty: false, current: true });
    service.close();
  });
});
