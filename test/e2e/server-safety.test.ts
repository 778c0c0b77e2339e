/**
 * Issue 11, items 6 and 9 in browser mode: a body over 1 MB gets 413 (not a reset), an upload
 * named ".." gets 400, and the server's private temp folders go with it: on close, on SIGTERM
 * and SIGINT, and, after a SIGKILL, at the next start.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeStaleTempDirs } from '../../main/serve/tempdirs';
import { startFixture, type Fixture } from './fixture';

const BIN = path.resolve('bin/ascent.mjs');
const TOKEN = 'safety-token-0123456789';
let fx: Fixture;

beforeAll(async () => {
  fx = await startFixture({ files: [], token: TOKEN });
});
afterAll(async () => {
  await fx?.close();
});

function post(p: string, body: Buffer | string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: fx.server.port,
        method: 'POST',
        path: p,
        headers: {
          host: `127.0.0.1:${fx.server.port}`,
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const ours = (root: string) => fs.readdirSync(root).filter((n) => /^ascent-(upload|export)-/.test(n));

describe('browser mode, hostile requests', () => {
  it('answers 413 with a message to a JSON body over 1 MB, and goes on serving', async () => {
    const big = JSON.stringify({ filters: { search: 'x'.repeat(1 << 20) } });
    const r = await post('/api/rows', big);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).error).toMatch(/request body over 1048576 bytes/);
    expect((await post('/api/workspace', '{}')).status).toBe(200);
  });

  it('answers 400 with a message to an upload named "..", ".", or nothing but dots', async () => {
    for (const name of ['..', '.', '...', '../..']) {
      const r = await post(`/api/upload?name=${encodeURIComponent(name)}`, 'CustomerID\n');
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).error).toMatch(/^upload: ".*" is not a file name$/);
    }
  });
});

describe("browser mode's temp folders", () => {
  it('are named with the pid, removed on close, and those of dead servers removed at start', async () => {
    const uploads = ours(os.tmpdir()).filter((n) => n.startsWith(`ascent-upload-${process.pid}-`));
    expect(uploads).toHaveLength(1);
    // A folder of a server that is gone (a pid that no longer runs) and one of a live process.
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.once('exit', r));
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-e2e-tmp-'));
    const stale = path.join(root, `ascent-export-${dead.pid}-abcdef`);
    fs.mkdirSync(stale);
    fs.writeFileSync(path.join(stale, 'x.xlsx'), 'old');
    const live = path.join(root, `ascent-upload-${process.ppid}-abcdef`);
    fs.mkdirSync(live);
    const older = path.join(root, 'ascent-upload-Ab12Cd');
    fs.mkdirSync(older);
    expect(removeStaleTempDirs(root)).toEqual([path.basename(stale)]);
    expect(fs.readdirSync(root).sort()).toEqual([path.basename(older), path.basename(live)].sort());
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`go with \`ascent serve\` on ${signal}; after a SIGKILL the next start removes them`, async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-e2e-tmp-'));
      const db = path.join(tmp, 'W.sqlite');
      const serve = () => {
        const child = spawn(process.execPath, [BIN, 'serve', '--no-open', '--db', db], {
          env: { ...process.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp, ASCENT_DB: '' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const up = new Promise<void>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            if (out.includes('is at http://127.0.0.1:')) resolve();
          });
          child.once('exit', (code) => reject(new Error(`serve exited ${code} before it was up`)));
        });
        const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
        return { child, up, exited };
      };
      const a = serve();
      await a.up;
      expect(ours(tmp).sort()).toEqual([
        expect.stringMatching(new RegExp(`^ascent-export-${a.child.pid}-`)),
        expect.stringMatching(new RegExp(`^ascent-upload-${a.child.pid}-`)),
      ]);
      a.child.kill(signal);
      expect(await a.exited).toBe(0);
      expect(ours(tmp)).toEqual([]);

      const b = serve();
      await b.up;
      b.child.kill('SIGKILL');
      await b.exited;
      expect(ours(tmp)).toHaveLength(2);
      const c = serve();
      await c.up;
      expect(ours(tmp).every((n) => n.includes(`-${c.child.pid}-`))).toBe(true);
      c.child.kill('SIGTERM');
      await c.exited;
      expect(ours(tmp)).toEqual([]);
    });
  }
});
