// Bundles the desktop shell: main/electron/{main,service-process}.ts for Node (Electron's main
// and utility processes) and preload.ts for the sandboxed renderer, into dist/electron/*.cjs.
// electron, better-sqlite3 (native) and exceljs stay unbundled: they are required at run time
// from node_modules (packaged: app.asar, with better-sqlite3's .node file unpacked).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'electron');
const common = {
  bundle: true,
  format: 'cjs',
  outdir,
  outExtension: { '.js': '.cjs' },
  target: 'node22', // Electron 45's Node
  logLevel: 'warning',
  // Warnings (e.g. import.meta in a CommonJS bundle) would be bugs at run time: fail instead.
  logOverride: { 'empty-import-meta': 'error' },
  absWorkingDir: root,
};

export async function buildElectron() {
  await Promise.all([
    build({
      ...common,
      platform: 'node',
      entryPoints: {
        main: 'main/electron/main.ts',
        'service-process': 'main/electron/service-process.ts',
      },
      external: ['electron', 'better-sqlite3', 'exceljs'],
    }),
    // The sandboxed preload may require nothing but 'electron': a browser build refuses Node built-ins.
    build({
      ...common,
      platform: 'browser',
      entryPoints: { preload: 'main/electron/preload.ts' },
      external: ['electron'],
    }),
  ]);
  return outdir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
  console.log(`built ${path.relative(root, outdir)}/{main,preload,service-process}.cjs`);
}
