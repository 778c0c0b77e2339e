// The import's reading thread (main/ingest/parse-worker.ts): the rows, issues and errors an
// import gives are the same whether the file is mapped on the worker or in the importing thread.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../../main/cache/db';
import { importFile, type ImportResult } from '../../main/ingest/import';
import { MAX_RECORD_CHARS } from '../../main/ingest/limits';
import { PARSE_WORKER_MIN_BYTES, parseWorkerFor, useParseWorker } from '../../main/ingest/parse-thread';
import { M365_HEADER, m365Rows, sampleFiles, tableCounts, tempCache, tsv, write } from './helpers';

const WORKER = new URL('../../bin/parse-worker-dev.mjs', import.meta.url);

afterEach(() => useParseWorker(null));

it('maps small files in the importing thread, big ones on the worker', () => {
  useParseWorker(WORKER);
  expect(parseWorkerFor(PARSE_WORKER_MIN_BYTES - 1)).toBeNull();
  expect(parseWorkerFor(PARSE_WORKER_MIN_BYTES)).toBe(WORKER);
  useParseWorker(null);
  expect(parseWorkerFor(2 ** 40)).toBeNull();
});

/** Every stored table, row by row, but the import's timestamp. */
function contents(db: DB): Record<string, string[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => {
      const rows = db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[];
      for (const r of rows) delete r.imported_at;
      return [t, rows.map((r) => JSON.stringify(r)).sort()];
    }),
  );
}

/** Imports the files into a fresh cache, mapping on the worker or not; results without ids. */
async function importAll(
  files: string[],
  worker: boolean,
): Promise<{ results: Partial<ImportResult>[]; db: DB }> {
  useParseWorker(worker ? WORKER : null, 0);
  const { db } = tempCache();
  const results: Partial<ImportResult>[] = [];
  for (const f of files) results.push(await importFile(db, f, { allowShrink: true }));
  return { results, db };
}

describe('the reading thread', () => {
  it('stores every sample download exactly as mapping in the importing thread does', async () => {
    const files = sampleFiles();
    expect(files.length).toBeGreaterThan(5);
    const here = await importAll(files, false);
    const there = await importAll(files, true);
    expect(there.results).toEqual(here.results);
    expect(here.results.every((r) => r.status === 'imported')).toBe(true);
    expect(contents(there.db)).toEqual(contents(here.db));
    // Twenty imports: slow on a busy machine.
  }, 240_000);

  it('keeps issues, duplicates and awkward text (NUL, emoji, accents, U+FFFD) through the hand-over', async () => {
    const { dir } = tempCache();
    const rows = m365Rows(2500, (i) => ({
      id: i === 2400 ? 'C1' : `C${i}`,
      name: i % 3 === 0 ? `Naam \uFFFD ${i} 🚀 \u0000 é` : `Name ${i}`,
      fit: i % 7 === 0 ? 'abc' : `${i % 101}`,
    }));
    const f = write(dir, 'awkward_2026-11-20.tsv', tsv(rows));
    const here = await importAll([f], false);
    const there = await importAll([f], true);
    expect(here.results[0]).toMatchObject({ status: 'imported', rejected: 1 });
    expect(there.results).toEqual(here.results);
    expect(contents(there.db)).toEqual(contents(here.db));
  });

  it('fails a bad file with the same one line, storing nothing', async () => {
    const { dir } = tempCache();
    const bad = [
      write(dir, 'empty_2026-11-20.tsv', ''),
      write(dir, 'notes_2026-11-20.tsv', 'just\tsome\ttext\nand\tmore\n'),
      write(
        dir,
        'long_2026-11-20.tsv',
        `${M365_HEADER.join('\t')}\nC1\t${'x'.repeat(MAX_RECORD_CHARS + 10)}\n`,
      ),
    ];
    for (const f of bad) {
      const here = await importAll([f], false);
      const there = await importAll([f], true);
      expect(there.results[0]!.status).toBe('failed');
      expect(there.results[0]!.error).toBeTruthy();
      // The refusal's kind and figures cross the hand-over too (the UI words them).
      expect(there.results[0]!.problem?.kind).toBeTruthy();
      expect(there.results).toEqual(here.results);
      expect(tableCounts(there.db).imports).toBe(0);
    }
  });

  it('stops on cancel and on a failure mid-file, storing nothing, with rows still queued on the worker', async () => {
    const { db, dir } = tempCache();
    useParseWorker(WORKER, 0);
    const f = write(dir, 'big_2026-11-20.tsv', tsv(m365Rows(12_000)));
    const before = tableCounts(db);
    const ac = new AbortController();
    const cancelled = await importFile(db, f, {
      signal: ac.signal,
      onProgress: (p) => p.rows > 2000 && ac.abort(),
    });
    expect(cancelled).toMatchObject({ status: 'failed', error: 'import cancelled' });
    expect(tableCounts(db)).toEqual(before);
    await expect(
      importFile(db, f, {
        afterBatch: (n) => {
          if (n > 3000) throw new Error('injected');
        },
      }),
    ).rejects.toThrow('injected');
    expect(tableCounts(db)).toEqual(before);
    // The same file imports whole afterwards.
    expect(await importFile(db, f)).toMatchObject({ status: 'imported', rows: 12_000 });
    expect(fs.existsSync(f)).toBe(true);
    expect(path.basename(f)).toBe('big_2026-11-20.tsv');
  });
});
