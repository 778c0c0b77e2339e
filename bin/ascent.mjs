#!/usr/bin/env node
// Runs the CLI as built JavaScript (dist/cli, scripts/build-cli.mjs): a start costs ≈ node's own
// instead of a TypeScript transpile through tsx (1.6–2 s). The build is used only while it is the
// build of the current sources; when a source is newer (or the build is missing) it is rebuilt
// first, and when it cannot be (no esbuild, a read-only install) the sources run through tsx.
// ASCENT_TSX=1 always runs the sources through tsx (debugging with the original files).
import { pathToFileURL } from 'node:url';
import { CLI_DIR, cliBuildIsCurrent } from '../scripts/cli-build-state.mjs';

// ASCENT_IMPORT_WORKER=1 maps imported files on a worker thread (main/ingest/parse-worker.ts).
// Not the default yet: measured on the 500k benchmark here, the hand-over cost more CPU and
// memory than the second core gave back (docs/design.md, "Import").
const WORKER = process.env.ASCENT_IMPORT_WORKER === '1';

async function built() {
  if (!cliBuildIsCurrent()) {
    try {
      await (await import('../scripts/build-cli.mjs')).buildCli();
    } catch {
      return null;
    }
    if (!cliBuildIsCurrent()) return null;
  }
  const dir = pathToFileURL(`${CLI_DIR}/`);
  const [{ main }, { processIo }, { useParseWorker }] = await Promise.all([
    import(new URL('ascent.mjs', dir).href),
    import(new URL('output.mjs', dir).href),
    import(new URL('parse-thread.mjs', dir).href),
  ]);
  if (WORKER) useParseWorker(new URL('parse-worker.mjs', dir));
  return { main, processIo };
}

async function fromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../main/cli/main.ts');
  const { processIo } = await import('../main/cli/output.ts');
  const { useParseWorker } = await import('../main/ingest/parse-thread.ts');
  if (WORKER) useParseWorker(new URL('./parse-worker-dev.mjs', import.meta.url));
  return { main, processIo };
}

const { main, processIo } = (process.env.ASCENT_TSX !== '1' && (await built())) || (await fromSources());
process.exitCode = await main(process.argv.slice(2), processIo());
