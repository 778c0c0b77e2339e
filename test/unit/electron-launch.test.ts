/**
 * Launch smoke test of the desktop app, only where Electron's binary is present (a developer's
 * connected machine, with a display). Elsewhere it is skipped and says why. It builds the
 * bundles, starts Electron with ASCENT_SMOKE=1 on a throwaway workspace and profile, and reads
 * what the page could reach: the bridge yes, Node no, and one round trip through IPC.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { findElectron, prepareNativeForElectron } from '../../scripts/electron-dev.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const electron = findElectron(ROOT) as { path?: string; version?: string; reason?: string };
const rendererBuilt = fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'));
const skipReason = !electron.path
  ? electron.reason
  : !rendererBuilt
    ? 'the renderer is not built (run `npx vite build`)'
    : null;
if (skipReason) console.log(`electron-launch: skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('desktop app launch (Electron present)', () => {
  it('opens the window, exposes only the bridge, and answers through IPC', { timeout: 300_000 }, async () => {
    // @ts-expect-error: a plain .mjs script without types
    const { buildElectron } = await import('../../scripts/build-electron.mjs');
    await buildElectron();
    await prepareNativeForElectron(ROOT, electron.version);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-smoke-'));
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ASCENT_SMOKE: '1',
        ASCENT_DB: path.join(tmp, 'workspace.sqlite'),
      };
      delete env.ELECTRON_RUN_AS_NODE;
      const r = spawnSync(electron.path!, [ROOT, `--user-data-dir=${path.join(tmp, 'profile')}`], {
        env,
        encoding: 'utf8',
        timeout: 120_000,
      });
      const line = r.stdout.split('\n').find((l) => l.startsWith('ascent-smoke'));
      expect(line, `no smoke line; stderr: ${r.stderr.slice(-2000)}`).toMatch(/^ascent-smoke /);
      const report = JSON.parse(line!.slice('ascent-smoke '.length));
      expect(report.bridge).toBe('function');
      expect(report.require).toBe('undefined');
      expect(report.process).toBe('undefined');
      expect(report.workspace).toMatchObject({ empty: true });
      expect(report.refused).toMatch(/^rows: offset: /);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
