import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Service } from '../../main/service';
import { SAMPLE_DIR, tempDir } from './helpers';

async function settle(service: Service, id: string) {
  for (;;) {
    const j = await service.job({ id });
    if (j.state !== 'running') return j;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('service import jobs', () => {
  it('end as failed, with one line, when the cache itself fails (another writer holds it)', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'cache.sqlite');
    const service = new Service({
      dbPath,
      sampleDbPath: path.join(dir, 'sample.sqlite'),
      sampleDir: SAMPLE_DIR,
    });
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
