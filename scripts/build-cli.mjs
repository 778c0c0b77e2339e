// Builds the `ascent` command (main/cli and all it imports, not Electron) into dist/cli/ as
// plain JavaScript, so that a start costs node's start, not a TypeScript transpile through tsx
// (≈ 1.6–2 s before). Run by `npm install`/`npm ci` (the "prepare" script) and by bin/ascent.mjs
// whenever the sources are newer than the build (scripts/cli-build-state.mjs).
// better-sqlite3 (native), exceljs and vite stay outside the bundle: loaded from node_modules.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CLI_DIR, CLI_MANIFEST, ROOT, fileStamp } from './cli-build-state.mjs';

// What bin/ascent.mjs loads: the command, its output, the import's worker and where to find it.
const ENTRY_POINTS = {
  ascent: 'main/cli/main.ts',
  output: 'main/cli/output.ts',
  'parse-thread': 'main/ingest/parse-thread.ts',
  'parse-worker': 'main/ingest/parse-worker.ts',
};

/** Chunks of an earlier build are removed once they are this old. */
const STALE_CHUNK_MS = 24 * 3600 * 1000;

export async function buildCli() {
  const started = Date.now();
  // Built beside the live copy and renamed into place, so that concurrent starts (tests spawn
  // the CLI in parallel) never load a half-written build.
  const tmp = path.join(
    path.dirname(CLI_DIR),
    `.cli-build-${process.pid}-${Math.random().toString(36).slice(2)}`,
  );
  try {
    const result = await build({
      entryPoints: ENTRY_POINTS,
      bundle: true,
      // Chunks keep the CLI's lazy imports lazy: --help loads neither the service nor the importer.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outdir: tmp,
      entryNames: '[name]',
      chunkNames: 'chunk-[hash]',
      outExtension: { '.js': '.mjs' },
      external: ['better-sqlite3', 'exceljs', 'vite'],
      // main/paths.ts finds the repository from its own URL (main/paths.ts → root): the bundle
      // sits two folders below the root, so it is told the URL paths.ts has in the sources.
      define: { 'import.meta.url': '__ascentSourceUrl' },
      banner: {
        js: [
          "import { createRequire as __ascentRequire } from 'node:module';",
          'const require = __ascentRequire(import.meta.url);',
          "const __ascentSourceUrl = new URL('../../main/paths.ts', import.meta.url).href;",
        ].join('\n'),
      },
      metafile: true,
      logLevel: 'warning',
      absWorkingDir: ROOT,
    });
    const inputs = Object.keys(result.metafile.inputs)
      .filter((f) => !f.startsWith('<'))
      .concat(['scripts/build-cli.mjs', 'package.json'])
      .map((f) => fileStamp(f));
    // A source edited while esbuild read it: leave the build marked stale, so the next start rebuilds.
    const settled = inputs.every((s) => s && s[1] <= started);
    fs.writeFileSync(path.join(tmp, 'inputs.json'), JSON.stringify({ inputs: settled ? inputs : [] }));
    // File by file, chunks first, then the entry, then the manifest that vouches for them: a
    // process that loaded the previous build may still import its chunks lazily (a running
    // `ascent serve`), so older chunks stay a while; chunk names carry their content's hash.
    fs.mkdirSync(CLI_DIR, { recursive: true });
    const built = fs.readdirSync(tmp);
    const order = (f) => (f === 'inputs.json' ? 2 : `${f.replace(/\.mjs$/, '')}` in ENTRY_POINTS ? 1 : 0);
    for (const f of built.sort((a, b) => order(a) - order(b)))
      fs.renameSync(path.join(tmp, f), path.join(CLI_DIR, f));
    for (const f of fs.readdirSync(CLI_DIR)) {
      const file = path.join(CLI_DIR, f);
      if (!built.includes(f) && Date.now() - fs.statSync(file).mtimeMs > STALE_CHUNK_MS)
        fs.rmSync(file, { force: true });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return CLI_MANIFEST;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
  console.log(`built ${path.relative(ROOT, CLI_DIR)}/ascent.mjs`);
}
