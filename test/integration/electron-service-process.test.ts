/**
 * The bundled utility-process host (dist/electron/service-process.cjs) on plain Node: a fake
 * `process.parentPort` relays over fork's IPC channel, as Electron's utility process would.
 * Proves the bundle loads (no ESM-only constructs left in the CommonJS output), opens the
 * workspace, runs an import as a job with pushed progress, and validates input on its own.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostMessage, JobEvent, ServiceReply } from '../../main/electron/service-protocol';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const HARNESS = `
const { EventEmitter } = require('node:events');
const port = new EventEmitter();
port.postMessage = (m) => process.send(m);
process.parentPort = port;
process.on('message', (m) => port.emit('message', { data: m }));
require(process.env.BUNDLE);
`;

describe('service process bundle', () => {
  let tmp: string;
  let child: ChildProcess;
  const events: JobEvent[] = [];
  let next = 1;
  const waiting = new Map<number, (r: ServiceReply) => void>();
  const call = (method: string, input: unknown): Promise<ServiceReply> =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ id, method, input });
    });

  beforeAll(async () => {
    // @ts-expect-error: a plain .mjs script without types
    const { buildElectron } = await import('../../scripts/build-electron.mjs');
    const outdir: string = await buildElectron();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-host-'));
    const harness = path.join(tmp, 'harness.cjs');
    fs.writeFileSync(harness, HARNESS);
    const config = {
      dbPath: path.join(tmp, 'workspace.sqlite'),
      sampleDir: path.join(ROOT, 'resources', 'sample'),
      exportDir: path.join(tmp, 'exports'),
    };
    child = fork(harness, [JSON.stringify(config)], {
      env: { ...process.env, BUNDLE: path.join(outdir, 'service-process.cjs'), XDG_CONFIG_HOME: tmp },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (m: HostMessage) => {
      if ('event' in m) events.push(m);
      else waiting.get(m.id)?.(m);
    });
  });
  afterAll(() => {
    child?.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('answers the contract, runs an import job and pushes its progress', async () => {
    expect(await call('workspace', {})).toMatchObject({ ok: true, value: { empty: true } });
    const file = path.join(ROOT, 'resources', 'sample', 'CloudAscent_M365_Propensity_2026-11-20.tsv');
    const started = await call('importPaths', { paths: [file] });
    expect(started).toMatchObject({ ok: true, value: { kind: 'import', state: 'running' } });
    const jobId = (started as { value: { id: string } }).value.id;
    for (let i = 0; i < 600; i++) {
      const last = events.filter((e) => e.event === 'job' && e.job.id === jobId).at(-1);
      if (last && last.job.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const last = events.filter((e) => e.job.id === jobId).at(-1);
    expect(last?.job.state).toBe('done');
    const rows = await call('rows', { limit: 2 });
    expect(rows.ok).toBe(true);
    expect((rows as { value: { total: number } }).value.total).toBeGreaterThan(0);
  });

  it('validates input itself and refuses methods outside the contract', async () => {
    expect(await call('rows', { offset: -1 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^rows: offset: /),
    });
    expect(await call('exportFile', { id: 'none' })).toEqual({
      id: expect.any(Number),
      ok: true,
      value: null,
    });
    expect(await call('eval', {})).toMatchObject({ ok: false, error: 'no method "eval"' });
  });
});
