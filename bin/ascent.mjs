#!/usr/bin/env node
// Runs the CLI as built JavaScript (dist/cli, scripts/build-cli.mjs): a start costs ≈ node's own
// instead of a TypeScript transpile through tsx (1.6–2 s). The build is used only while it is the
// build of the current sources; when a source is newer (or the build is missing) it is rebuilt
// first, and when it cannot be (no esbuild, a read-only install) the sources run through tsx.
// ASCENT_TSX=1 always runs the sources through tsx (debugging with the original files).
import { pathToFileURL } from 'node:url';
import { CLI_ENTRY, cliBuildIsCurrent } from '../scripts/cli-build-state.mjs';

async function load() {
  if (process.env.ASCENT_TSX !== '1') {
    let current = cliBuildIsCurrent();
    if (!current) {
      try {
        await (await import('../scripts/build-cli.mjs')).buildCli();
        current = cliBuildIsCurrent();
      } catch {
        current = false;
      }
    }
    if (current) return import(pathToFileURL(CLI_ENTRY).href);
  }
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../main/cli/main.ts');
  const { processIo } = await import('../main/cli/output.ts');
  return { main, processIo };
}

const { main, processIo } = await load();
process.exitCode = await main(process.argv.slice(2), processIo());
