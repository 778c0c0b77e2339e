// The CLI runs as built JavaScript (scripts/build-cli.mjs), never a build older than its sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PARSE_WORKER_MIN_BYTES } from '../../main/ingest/parse-thread';
import { m365Rows, tempDir, tsv } from './helpers';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/ascent.mjs');

interface BuildState {
  cliBuildIsCurrent: (root?: string) => boolean;
  fileStamp: (rel: string, root?: string) => [string, number, number] | null;
  CLI_MANIFEST: string;
}
const state = (await import(
  pathToFileURL(path.join(ROOT, 'scripts/cli-build-state.mjs')).href
)) as BuildState;
const { buildCli } = (await import(pathToFileURL(path.join(ROOT, 'scripts/build-cli.mjs')).href)) as {
  buildCli: () => Promise<string>;
};

function ascent(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('the CLI build', () => {
  it('is current only while every file it was built from is unchanged', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'dist/cli'), { recursive: true });
    fs.mkdirSync(path.join(root, 'main'));
    fs.writeFileSync(path.join(root, 'main/a.ts'), 'export const a = 1;\n');
    fs.writeFileSync(path.join(root, 'main/b.ts'), 'export const b = 2;\n');
    fs.writeFileSync(path.join(root, 'dist/cli/ascent.mjs'), '');
    const manifest = (inputs: unknown[]) =>
      fs.writeFileSync(path.join(root, 'dist/cli/inputs.json'), JSON.stringify({ inputs }));
    const stamps = () => [state.fileStamp('main/a.ts', root), state.fileStamp('main/b.ts', root)];

    expect(state.cliBuildIsCurrent(root)).toBe(false); // no manifest
    manifest(stamps());
    expect(state.cliBuildIsCurrent(root)).toBe(true);
    // Edited: a newer modification time, the same size.
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(root, 'main/a.ts'), later, later);
    expect(state.cliBuildIsCurrent(root)).toBe(false);
    manifest(stamps());
    expect(state.cliBuildIsCurrent(root)).toBe(true);
    // Edited with its time put back: the size tells.
    const { mtime } = fs.statSync(path.join(root, 'main/b.ts'));
    fs.writeFileSync(path.join(root, 'main/b.ts'), 'export const b = 22;\n');
    fs.utimesSync(path.join(root, 'main/b.ts'), mtime, mtime);
    expect(state.cliBuildIsCurrent(root)).toBe(false);
    manifest(stamps());
    fs.rmSync(path.join(root, 'main/a.ts'));
    expect(state.cliBuildIsCurrent(root)).toBe(false);
    // A build marked as unsettled (a source changed while it was read) is never current.
    manifest([]);
    expect(state.cliBuildIsCurrent(root)).toBe(false);
    manifest(stamps().filter(Boolean));
    fs.rmSync(path.join(root, 'dist/cli/ascent.mjs'));
    expect(state.cliBuildIsCurrent(root)).toBe(false);
  });

  it('answers as the sources do, and a stale build is rebuilt before it runs', async () => {
    await buildCli();
    expect(state.cliBuildIsCurrent()).toBe(true);
    const manifest = JSON.parse(fs.readFileSync(state.CLI_MANIFEST, 'utf8')) as {
      inputs: [string, number, number][];
    };
    const sources = manifest.inputs.map(([rel]) => rel);
    // Everything the command runs is in the build's inputs: the CLI, the importer, its worker.
    for (const f of [
      'main/cli/main.ts',
      'main/ingest/import.ts',
      'main/ingest/parse-worker.ts',
      'shared/api.ts',
      'scripts/build-cli.mjs',
    ])
      expect(sources).toContain(f);
    // A source "edited" after the build: the manifest's stamp of it no longer matches.
    const help = manifest.inputs.find(([rel]) => rel === 'main/cli/help.ts')!;
    help[1] -= 1000;
    fs.writeFileSync(state.CLI_MANIFEST, JSON.stringify(manifest));
    expect(state.cliBuildIsCurrent()).toBe(false);
    const built = ascent(['--help']);
    expect(built.status).toBe(0);
    expect(state.cliBuildIsCurrent()).toBe(true); // rebuilt by that start
    const sourced = ascent(['--help'], { ASCENT_TSX: '1' });
    expect(sourced.status).toBe(0);
    expect(built.stdout).toBe(sourced.stdout);
    expect(built.stdout).toContain('Usage: ascent');
    const usage = ascent(['no-such-command']);
    expect(usage.status).not.toBe(0);
    expect(usage.stderr).toBe(ascent(['no-such-command'], { ASCENT_TSX: '1' }).stderr);
  });

  it('imports through its own built reading thread (ASCENT_IMPORT_WORKER=1) as the sources do in one thread', () => {
    const dir = tempDir();
    // Big enough for the reading thread (PARSE_WORKER_MIN_BYTES).
    const file = path.join(dir, 'CloudAscent_M365_Propensity_2026-12-01.tsv');
    fs.writeFileSync(file, tsv(m365Rows(80_000, (i) => ({ name: `Customer ${i} with a longer name` }))));
    expect(fs.statSync(file).size).toBeGreaterThan(PARSE_WORKER_MIN_BYTES);
    const built = ascent(['import', '--db', path.join(dir, 'a.sqlite'), file], { ASCENT_IMPORT_WORKER: '1' });
    const sourced = ascent(['import', '--db', path.join(dir, 'b.sqlite'), file], { ASCENT_TSX: '1' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(built.stdout).toMatch(/imported m365 snapshot 2026-12-01: 80000 customers/);
    expect(built.stdout).toBe(sourced.stdout);
    const summary = (db: string) => ascent(['summary', '--db', path.join(dir, db)]).stdout;
    expect(summary('a.sqlite')).toMatch(/M365/);
    expect(summary('a.sqlite')).toBe(summary('b.sqlite'));
    // Two imports of 80k customers through child processes: minutes on a busy machine.
  }, 300_000);
});
