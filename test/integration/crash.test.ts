import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCache } from '../../main/cache/db';
import { importFile } from '../../main/ingest/import';
import { M365_HEADER, SAMPLE_DIR, tableCounts, tempDir, tsv, write } from './helpers';

describe('a process killed mid-import', () => {
  it('leaves the cache exactly as before, and the same file imports cleanly afterwards', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'cache.sqlite');
    const db = openCache(dbPath);
    await importFile(db, path.join(SAMPLE_DIR, 'CloudAscent_M365_Propensity_2026-10-20.tsv'));
    const before = tableCounts(db);
    db.close();

    const rows = [M365_HEADER];
    for (let i = 0; i < 150_000; i++)
      rows.push([
        `K${i}`,
        `Name ${i}`,
        '',
        'NL',
        'Western Europe',
        '',
        '',
        String(i % 500),
        'No',
        'No',
        'Act Now',
        '80',
        '80',
        'Nurture',
        '20',
        '60',
      ]);
    const file = write(dir, 'big_2026-11-20.tsv', tsv(rows));

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve(import.meta.dirname, '../fixtures/import-child.ts'), dbPath, file],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const outcome = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('progress')) {
          child.kill('SIGKILL');
          resolve('killed');
        } else if (out.includes('done')) resolve('finished');
      });
      child.on('exit', () => resolve(out.includes('progress') ? 'killed' : 'exited'));
    });
    expect(outcome).toBe('killed');
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));

    const after = openCache(dbPath);
    expect(tableCounts(after)).toEqual(before);
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    const r = await importFile(after, file);
    expect(r).toMatchObject({ status: 'imported', rows: 150_000 });
    after.close();
  });
});
