/**
 * Issue 11, item 9: `ascent rows --csv | head` and `ascent snapshots | head` end quietly when
 * the reader goes away (EPIPE): exit 0, nothing on stderr, no stack trace.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../../main/cache/db';
import { importFile } from '../../main/ingest/import';
import { sampleFiles, tempDir } from './helpers';

const BIN = path.resolve(import.meta.dirname, '../../bin/ascent.mjs');
let db: string;

beforeAll(async () => {
  db = path.join(tempDir(), 'W.sqlite');
  const c = openCache(db);
  for (const f of sampleFiles()) await importFile(c, f);
  c.close();
});

/** Runs the CLI with its stdout's reading end closed before it writes a byte. */
function withClosedStdout(
  ...args: string[]
): Promise<{ code: number | null; signal: string | null; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ASCENT_DB: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy();
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, err })));
}

describe('the CLI when its reader goes away', () => {
  for (const args of [['rows', '--csv'], ['snapshots'], ['rows'], ['summary', '--json']])
    it(`ascent ${args.join(' ')}: exit 0, silent`, async () => {
      const r = await withClosedStdout(...args, '--db', db);
      expect(r).toEqual({ code: 0, signal: null, err: '' });
    });
});
