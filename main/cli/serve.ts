import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDbPath } from '../cache/db';
import { APP_ROOT, RENDERER_DIST, SAMPLE_DB, SAMPLE_DIR } from '../paths';
import { Service } from '../service';
import { startServer, type RunningServer } from '../serve/server';
import { makeTempDir, removeStaleTempDirs, removeTempDir } from '../serve/tempdirs';

export const SERVE_HELP = `Usage: ascent serve [--db P] [--port N] [--no-open]

Serves the workbook UI in your browser (browser mode) on 127.0.0.1 only, and prints its
address with a one-time token: http://127.0.0.1:PORT/#token=TOKEN
  --db PATH          the workspace cache (default: $ASCENT_DB, else the user-data folder)
  --port N           the port (default 0: any free port)
  --no-open          do not open the system browser
`;

/** Builds the renderer once when it is missing (a fresh clone), so serve always has a UI. */
export async function ensureRendererBuilt(log: (s: string) => void): Promise<void> {
  if (fs.existsSync(path.join(RENDERER_DIST, 'index.html'))) return;
  log('Building the UI (first run)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(APP_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

export function openBrowser(url: string): boolean {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

export async function serve(opts: {
  db?: string;
  port: number;
  open: boolean;
  log: (s: string) => void;
}): Promise<RunningServer> {
  await ensureRendererBuilt(opts.log);
  removeStaleTempDirs();
  // Export files wait here for their download: one private folder, gone when the server is.
  const exportDir = makeTempDir('ascent-export-');
  let service: Service;
  try {
    service = new Service({
      dbPath: resolveDbPath(opts.db),
      sampleDbPath: SAMPLE_DB(),
      sampleDir: SAMPLE_DIR,
      exportDir,
    });
  } catch (e) {
    removeTempDir(exportDir);
    throw e;
  }
  const server = await startServer({ service, port: opts.port, staticDir: RENDERER_DIST, log: opts.log });
  const stop = async () => {
    await server.close();
    service.close();
    removeTempDir(exportDir);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  if (opts.open) openBrowser(server.url);
  return server;
}

export async function serveCommand(
  args: string[],
  io: { out(s: string): void; err(s: string): void },
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        'no-open': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    io.err(`ascent: ${(e as Error).message.split('\n')[0]}\n`);
    return 2;
  }
  if (values.help) {
    io.out(SERVE_HELP);
    return 0;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`ascent: --port must be a port number, not "${values.port}"\n`);
    return 2;
  }
  const server = await serve({ db: values.db, port, open: !values['no-open'], log: (s) => io.err(s + '\n') });
  io.out(`Ascent Workbench is at ${server.url}\n`);
  await new Promise(() => undefined); // serve until stopped
  return 0;
}
