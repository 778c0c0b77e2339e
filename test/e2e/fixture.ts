/** An in-process browser-mode server over a temp cache with the sample downloads imported. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Service } from '../../main/service';
import { startServer, type RunningServer } from '../../main/serve/server';
import { downloadsIn } from '../../main/ingest/downloads';

export const SAMPLE_DIR = path.resolve('resources/sample');
export const STATIC_DIR = path.resolve('dist/renderer');

export function sampleFiles(): string[] {
  return downloadsIn(SAMPLE_DIR);
}

export interface Fixture {
  service: Service;
  server: RunningServer;
  dir: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

export async function waitForJob(service: Service, id: string): Promise<void> {
  for (;;) {
    const j = await service.job({ id });
    if (j.state !== 'running') {
      if (j.state !== 'done') throw new Error(`job ${j.label} ${j.state}: ${j.error}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startFixture(opts: { files?: string[]; token?: string } = {}): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-e2e-'));
  const service = new Service({
    dbPath: path.join(dir, 'cache.sqlite'),
    sampleDbPath: path.join(dir, 'sample.sqlite'),
    sampleDir: SAMPLE_DIR,
    exportDir: path.join(dir, 'exports'),
    // The user's preferences (language) of this fixture alone, never the machine's.
    preferencesPath: path.join(dir, 'preferences.json'),
  });
  const files = opts.files ?? sampleFiles();
  if (files.length) await waitForJob(service, (await service.importPaths({ paths: files })).id);
  const server = await startServer({ service, port: 0, staticDir: STATIC_DIR, token: opts.token });
  return {
    service,
    server,
    dir,
    origin: `http://127.0.0.1:${server.port}`,
    async close() {
      await server.close();
      service.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
