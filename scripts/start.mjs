// `npm start`: the desktop app (Electron) when its binary is here, else the same UI in browser
// mode on 127.0.0.1 with the system browser, saying in one line why. `npm start -- --browser`
// always picks browser mode; other arguments go to `ascent serve` (browser mode) or are files
// to import (desktop).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectron, prepareNativeForElectron } from './electron-dev.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function run(cmd, argv, env = process.env) {
  const child = spawn(cmd, argv, { stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  return child;
}

function browserMode(why) {
  console.log(`Ascent Workbench: ${why}; starting browser mode instead.`);
  run(process.execPath, [
    path.join(root, 'bin', 'ascent.mjs'),
    'serve',
    ...args.filter((a) => a !== '--browser'),
  ]);
}

async function desktop(electron) {
  if (!fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
    console.log('Building the UI (first run)…');
    const { build } = await import('vite');
    await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  }
  const { buildElectron } = await import('./build-electron.mjs');
  await buildElectron();
  await prepareNativeForElectron(root, electron.version);
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron.path, [root, ...args], env);
}

const electron = findElectron(root);
if (args.includes('--browser')) browserMode('--browser given');
else if (!electron.path) browserMode(`the desktop app cannot start here: ${electron.reason}`);
else
  desktop(electron).catch((e) =>
    browserMode(`the desktop app could not be prepared (${String(e?.message ?? e).split('\n')[0]})`),
  );
