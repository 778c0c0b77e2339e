// Helpers for running the desktop app from a checkout (`npm start`) and for the optional
// launch smoke test: find Electron's binary (never downloading it), and give Electron its own
// copy of better-sqlite3 built for Electron's ABI, in dist/node_modules, which the bundles in
// dist/electron resolve first. The installed copy in node_modules stays built for Node, so
// `npm test` keeps working. Packaging rebuilds separately (electron-builder's npmRebuild).
import fs from 'node:fs';
import path from 'node:path';

/** Electron's executable, or why there is none. Reads path.txt directly: require('electron') would try to download. */
export function findElectron(root) {
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!fs.existsSync(path.join(pkg, 'package.json')))
    return { reason: 'the electron package is not installed' };
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let rel = '';
  try {
    rel = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    return { reason: "Electron's binary was not downloaded (no node_modules/electron/path.txt)" };
  }
  const bin = path.join(override || path.join(pkg, 'dist'), rel);
  if (!fs.existsSync(bin)) return { reason: `Electron's binary is missing (${bin})` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { reason: 'there is no display (DISPLAY / WAYLAND_DISPLAY unset)' };
  const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
  return { path: bin, version };
}

/** Builds dist/node_modules/better-sqlite3 for this Electron once (a connected machine: headers or a prebuilt binary are downloaded). */
export async function prepareNativeForElectron(root, electronVersion, log = console.log) {
  const dist = path.join(root, 'dist');
  const target = path.join(dist, 'node_modules', 'better-sqlite3');
  const marker = path.join(dist, 'node_modules', '.electron-version');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === electronVersion) return;
  log(`Building better-sqlite3 for Electron ${electronVersion} (first run)…`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'node_modules', 'better-sqlite3'), target, { recursive: true });
  fs.writeFileSync(
    path.join(dist, 'package.json'),
    JSON.stringify({ name: 'ascent-electron-dev', private: true, dependencies: { 'better-sqlite3': '*' } }),
  );
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: dist, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  fs.writeFileSync(marker, electronVersion);
}
