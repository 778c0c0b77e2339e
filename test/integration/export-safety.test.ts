/**
 * Issue 11, items 5 and 6: an export never destroys data (not the workspace, not a device or
 * anything but a regular file) and leaves no partial file behind: not on error or cancel (see
 * export.test.ts), not on SIGINT or SIGTERM, and after a SIGKILL the next export there removes it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCache } from '../../main/cache/db';
import { checkTarget, ExportError, writeAtomically } from '../../main/export/atomic';
import { runExport } from '../../main/export/index';
import { importFile } from '../../main/ingest/import';
import { m365Rows, tempDir, tsv, write } from './helpers';

const BIN = path.resolve(import.meta.dirname, '../../bin/ascent.mjs');
const CHILD = path.resolve(import.meta.dirname, '../fixtures/export-child.ts');
const STACK = /\n\s+at .+:\d+:\d+/;

function ascent(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ASCENT_DB: '' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let dir: string;
let ws: string;
let importsBefore: unknown[];

/** The workspace as it was: integrity_check ok and the same snapshots. */
function expectWorkspaceUnchanged(): void {
  const db = new Database(ws, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT * FROM imports ORDER BY id').all()).toEqual(importsBefore);
  } finally {
    db.close();
  }
}

const partialsIn = (d: string) => fs.readdirSync(d).filter((f) => f.includes('.partial-'));

beforeAll(async () => {
  dir = tempDir();
  ws = path.join(dir, 'W.sqlite');
  // 20,000 rows: a CSV export gives progress at 5,000 and has 3 MB still to write after it.
  const file = write(dir, 'CloudAscent_M365_Propensity_2026-10-20.tsv', tsv(m365Rows(20_000)));
  const db = openCache(ws);
  expect(await importFile(db, file)).toMatchObject({ status: 'imported', rows: 20_000 });
  importsBefore = db.prepare('SELECT * FROM imports ORDER BY id').all();
  db.close();
});

describe('an export onto the workspace', () => {
  it('is refused in one line by the CLI, in either format, and the workspace stays whole', () => {
    for (const format of ['csv', 'xlsx']) {
      const r = ascent('export', '--out', ws, '--format', format, '--db', ws);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`ascent: cannot write ${ws}: it is the open workspace\n`);
      expect(r.out).toBe('');
      expectWorkspaceUnchanged();
    }
    expect(partialsIn(dir)).toEqual([]);
  });

  it('is refused for its -wal, -shm and .store companions, through a symlink and another relative spelling', () => {
    fs.symlinkSync(ws, path.join(dir, 'link.csv'));
    for (const out of [
      `${ws}-wal`,
      `${ws}-shm`,
      `${ws}.store`,
      path.join(dir, 'link.csv'),
      path.join(dir, '.', 'x', '..', 'W.sqlite'),
    ]) {
      const r = ascent('export', '--out', out, '--format', 'csv', '--db', ws);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^ascent: cannot write .+: it is the open workspace\n$/);
    }
    expect(fs.existsSync(`${ws}-wal`)).toBe(false); // the CLI's connection is closed and its WAL gone
    expect(fs.lstatSync(path.join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expectWorkspaceUnchanged();
    expect(partialsIn(dir)).toEqual([]);
  });

  it('is refused by inode too: a hard link to a protected file is the same file', () => {
    const plain = write(dir, 'plain.bin', 'not a database');
    const hard = path.join(dir, 'hard.csv');
    fs.linkSync(plain, hard);
    expect(() => checkTarget(hard, { protect: [plain] })).toThrow(
      new ExportError(`cannot write ${hard}: it is the open workspace`),
    );
    expect(fs.readFileSync(plain, 'utf8')).toBe('not a database');
  });

  it('is refused for any other SQLite database, held or not', async () => {
    const other = path.join(dir, 'other.sqlite');
    const o = new Database(other);
    o.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)');
    o.close();
    const r = ascent('export', '--out', other, '--format', 'csv', '--db', ws);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^ascent: cannot write .*other\.sqlite: it is a SQLite database/);
    const check = new Database(other, { readonly: true });
    expect(check.prepare('SELECT x FROM t').pluck().get()).toBe(1);
    check.close();
  });

  it('is refused in-process for every workspace this process holds, with no db of its own', async () => {
    const db = openCache(ws);
    try {
      // No protect list: the registry of workspaces this process holds protects `ws`.
      await expect(writeAtomically(ws, async () => 1)).rejects.toThrow(/it is the open workspace/);
      await expect(
        runExport(db, { out: `${ws}-shm`, format: 'csv', asOf: '2026-11-25', filters: {} }),
      ).rejects.toThrow(/it is the open workspace/);
    } finally {
      db.close();
    }
    expectWorkspaceUnchanged();
  });
});

describe('an export onto something that is not a regular file', () => {
  it('refuses a folder, a FIFO and a socket, leaving each as it was', async () => {
    const folder = path.join(dir, 'folder.csv');
    fs.mkdirSync(folder);
    const targets: string[] = [folder];
    if (process.platform !== 'win32') {
      const fifo = path.join(dir, 'fifo.csv');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      targets.push(fifo);
    }
    const sock = path.join(dir, 'sock.csv');
    const server = net.createServer();
    if (process.platform !== 'win32') {
      await new Promise<void>((r) => server.listen(sock, r));
      targets.push(sock);
    }
    try {
      for (const t of targets) {
        const r = ascent('export', '--out', t, '--db', ws);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(
          new RegExp(
            `^ascent: cannot write ${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (is a folder, )?not a regular file\\n$`,
          ),
        );
        expect(r.err + r.out).not.toMatch(STACK);
      }
      expect(fs.statSync(folder).isDirectory()).toBe(true);
      if (targets.length > 1) expect(fs.statSync(targets[1]!).isFIFO()).toBe(true);
      if (targets.length > 2) expect(fs.statSync(sock).isSocket()).toBe(true);
    } finally {
      server.close();
    }
    expect(partialsIn(dir)).toEqual([]);
  });

  it.runIf(process.getuid?.() === 0 && fs.existsSync('/dev/full'))(
    'as root, --out /dev/full leaves the device node in place',
    () => {
      const r = ascent('export', '--out', '/dev/full', '--format', 'csv', '--db', ws);
      expect(r.code).toBe(1);
      expect(r.err).toBe('ascent: cannot write /dev/full: not a regular file\n');
      expect(fs.statSync('/dev/full').isCharacterDevice()).toBe(true);
      expect(partialsIn('/dev')).toEqual([]);
    },
  );
});

/** Runs the export child; at its first progress calls `atProgress` (which signals it), then lets it go on. */
async function exportChild(out: string, atProgress: (pid: number) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ws, out, 'wait'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.stdout.on('data', (d: Buffer) => {
    const first = !stdout.includes('progress');
    stdout += d.toString();
    if (first && stdout.includes('progress')) {
      // The child is blocked inside its progress callback, its partial half written: the
      // signal is queued before it may go on.
      atProgress(child.pid!);
      child.stdin.write('go\n');
    }
  });
  const end = await exited;
  return { ...end, stdout, stderr, pid: child.pid! };
}

describe('an export stopped by a signal', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: removes its partial file and exits ${code}`, async () => {
      const outDir = tempDir();
      const target = path.join(outDir, 'list.csv');
      const seen: string[][] = [];
      const r = await exportChild(target, (pid) => {
        seen.push(partialsIn(outDir));
        process.kill(pid, signal);
      });
      expect(seen[0]).toHaveLength(1); // there was a partial when the signal went
      expect(seen[0]![0]).toMatch(new RegExp(`^\\.list\\.csv\\.partial-${r.pid}-[0-9a-f]{12}$`));
      expect(r.stdout).not.toContain('done');
      expect(r).toMatchObject({ code, signal: null });
      expect(r.stderr).toBe('');
      expect(fs.readdirSync(outDir)).toEqual([]);
      expectWorkspaceUnchanged();
    });
  }

  it('SIGKILL leaves a partial that the next export to the same target removes, and only ours', async () => {
    const outDir = tempDir();
    const target = path.join(outDir, 'list.csv');
    const r = await exportChild(target, (pid) => process.kill(pid, 'SIGKILL'));
    expect(r.signal).toBe('SIGKILL');
    const left = partialsIn(outDir);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(new RegExp(`^\\.list\\.csv\\.partial-${r.pid}-`));

    // Not to be removed: a live process's partial (this test runner's pid), another target's
    // partial, a file of another naming. To be removed: the older naming, left before today.
    const live = write(outDir, `.list.csv.partial-${process.pid}-0123456789ab`, 'live');
    const otherTarget = write(outDir, `.other.csv.partial-${r.pid}-0123456789ab`, 'other');
    const notOurs = write(outDir, '.list.csv.partial-notours', 'x');
    const legacy = write(outDir, '.list.csv.partial-aaaaaaaaaaaa', 'legacy');
    fs.utimesSync(legacy, new Date('2001-01-01'), new Date('2001-01-01'));

    const again = ascent('export', '--out', target, '--db', ws);
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
    expect(again.out).toBe(`Wrote ${target}: 20000 rows\n`);
    expect(fs.readdirSync(outDir).sort()).toEqual(
      ['list.csv', path.basename(live), path.basename(otherTarget), path.basename(notOurs)].sort(),
    );
    expectWorkspaceUnchanged();
  });
});

describe("the desktop door's copy onto the user's target", () => {
  it('goes through a temporary file beside it and a rename, and never onto the workspace', async () => {
    const outDir = tempDir();
    const src = write(outDir, 'export.csv', 'new,content\r\n');
    const target = write(outDir, 'Ascent.csv', 'earlier');
    const copy = (to: string) =>
      writeAtomically(to, (tmp) => fs.promises.copyFile(src, tmp, fs.constants.COPYFILE_EXCL), {
        protect: [ws],
      });
    await expect(copy(target)).resolves.toMatchObject({ file: target });
    expect(fs.readFileSync(target, 'utf8')).toBe('new,content\r\n');
    const before = fs.readFileSync(ws);
    await expect(copy(ws)).rejects.toThrow(`cannot write ${ws}: it is the open workspace`);
    expect(fs.readFileSync(ws).equals(before)).toBe(true);
    // A failing copy (the source gone) leaves the earlier file and no partial.
    fs.rmSync(src);
    await expect(copy(target)).rejects.toThrow(/^cannot write .*Ascent\.csv: /);
    expect(fs.readFileSync(target, 'utf8')).toBe('new,content\r\n');
    expect(partialsIn(outDir)).toEqual([]);
  });
});
