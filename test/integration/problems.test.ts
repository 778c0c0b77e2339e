/**
 * Refusals and failures as data: an import's result and an import or export job carry the
 * `problem` (kind and figures) beside the contract's English `error`, which is that problem's
 * English words (shared/i18n/problems.ts); the CLI's JSON stays as it was (no `problem` key).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobOut } from '../../shared/api';
import { problemText } from '../../shared/i18n/problems';
import { openCache } from '../../main/cache/db';
import { checkTarget } from '../../main/export/atomic';
import { importFile } from '../../main/ingest/import';
import { Connections } from '../../main/service/connections';
import { startExportJob } from '../../main/service/exports';
import { Jobs } from '../../main/service/jobs';
import { M365_HEADER, SAMPLE_DIR, m365Rows, tempCache, tempDir, tempService, tsv, write } from './helpers';

const M365 = path.join(SAMPLE_DIR, 'CloudAscent_M365_Propensity_2026-10-20.tsv');
const BIN = path.resolve(import.meta.dirname, '../../bin/ascent.mjs');

async function settle(get: (id: string) => Promise<JobOut> | JobOut, id: string): Promise<JobOut> {
  for (;;) {
    const j = await get(id);
    if (j.state !== 'running') return j;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an import refused', () => {
  it('carries its problem beside the English line, which is the problem in English', async () => {
    const { db, dir } = tempCache();
    const cases = [
      [write(dir, 'empty_2026-11-20.tsv', ''), { kind: 'fileEmpty' }],
      [
        write(dir, 'bank_2026-11-20.csv', 'Datum,Omschrijving,Bedrag\n01-11-2026,Koffie,-3.50\n'),
        { kind: 'notAReport' },
      ],
      [write(dir, 'header_2026-11-20.tsv', `${M365_HEADER.join('\t')}\n`), { kind: 'noDataRows' }],
      [path.join(dir, 'nope.tsv'), { kind: 'noSuchFile' }],
      [
        write(
          dir,
          'broken_2026-11-20.xlsx',
          Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]),
        ),
        { kind: 'xlsxNotZip' },
      ],
    ] as const;
    for (const [file, problem] of cases) {
      const r = await importFile(db, file);
      expect(r, file).toMatchObject({ status: 'failed', problem });
      expect(r.error).toBe(problemText(r.problem!));
    }
    const bad = await importFile(db, M365, { snapshot: '2026-13-01' });
    expect(bad).toMatchObject({
      error: 'snapshot date 2026-13-01 is not YYYY-MM-DD',
      problem: { kind: 'badSnapshotDate', date: '2026-13-01' },
    });
  });

  it('holds back a shrinking snapshot with its figures', async () => {
    const { db, dir } = tempCache();
    await importFile(db, write(dir, 'big_2026-10-20.tsv', tsv(m365Rows(40))));
    const r = await importFile(db, write(dir, 'small_2026-11-20.tsv', tsv(m365Rows(10))));
    expect(r).toMatchObject({
      status: 'failed',
      shrink: { before: 40, after: 10 },
      problem: { kind: 'shrink', before: 40, after: 10 },
      error: 'would replace 40 customers with 10: use --allow-shrink if the book really shrank',
    });
  });

  it("through the service's import job: the file's problem and the job's", async () => {
    const { service, dir } = tempService();
    const job = await service.importPaths({ paths: [write(dir, 'empty_2026-11-20.tsv', '')] });
    const done = await settle((id) => service.job({ id }), job.id);
    expect(done).toMatchObject({ state: 'failed', error: 'file is empty', problem: { kind: 'fileEmpty' } });
    expect(done.kind === 'import' && done.result[0]).toMatchObject({ problem: { kind: 'fileEmpty' } });
    service.close();
  });

  it('leaves the CLI JSON as it was: no problem key', () => {
    const dir = tempDir();
    const r = spawnSync(
      process.execPath,
      [BIN, 'import', write(dir, 'empty.tsv', ''), '--db', path.join(dir, 'w.sqlite'), '--json'],
      {
        encoding: 'utf8',
        env: { ...process.env, ASCENT_DB: '' },
      },
    );
    const entry = (JSON.parse(r.stdout) as { files: Record<string, unknown>[] }).files[0]!;
    expect(entry.error).toBe('file is empty');
    expect(Object.keys(entry)).not.toContain('problem');
  });
});

describe('an export refused or cancelled', () => {
  it('names the reason a target cannot be written as data', () => {
    const { file } = tempCache();
    const missing = path.join(tempDir(), 'no', 'such', 'x.xlsx');
    expect(() => checkTarget(missing)).toThrow(
      expect.objectContaining({
        message: `cannot write ${missing}: folder does not exist`,
        problem: { kind: 'cannotWrite', file: missing, reason: 'noFolder' },
      }),
    );
    expect(() => checkTarget(file, { protect: [file] })).toThrow(
      expect.objectContaining({
        problem: { kind: 'cannotWrite', file, reason: 'workspace' },
      }),
    );
  });

  it('a cancelled export job carries the cancel as a problem', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'cache.sqlite');
    const db = openCache(dbPath);
    await importFile(db, M365);
    db.close();
    const conn = new Connections(dbPath, path.join(dir, 'sample.sqlite'));
    const jobs = new Jobs();
    // The export waits behind a long write held open here: cancelled before it starts, surely.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    void jobs.exclusive(() => held);
    const job = startExportJob(conn, jobs, { format: 'csv', filters: {} }, path.join(dir, 'out'), () => {});
    jobs.cancel(job.id);
    release();
    const done = await settle((id) => jobs.get(id), job.id);
    expect(done).toMatchObject({
      state: 'cancelled',
      error: 'export cancelled',
      problem: { kind: 'exportCancelled' },
    });
    expect(fs.readdirSync(path.join(dir, 'out'))).toEqual([]);
    conn.db.close();
  });
});
