/**
 * The launch smoke test's probe (test/unit/electron-launch.test.ts, ASCENT_SMOKE=1): once the
 * page has loaded, report what the page can reach (the bridge, no Node) and one round trip
 * through IPC and the service, then quit.
 */
import type { BrowserWindow } from 'electron';
import { errorLine } from './ipc-handler';

export function smokeTest(w: BrowserWindow, quit: () => void): void {
  w.webContents.once('did-finish-load', () => {
    const probe = `(async () => ({
      bridge: typeof window.ascent?.rows,
      require: typeof require,
      process: typeof process,
      workspace: await window.ascent.workspace({}),
      refused: await window.ascent.rows({ offset: -1 }).then(() => null, (e) => e.message),
    }))()`;
    w.webContents
      .executeJavaScript(probe)
      .then((r: unknown) => console.log(`ascent-smoke ${JSON.stringify(r)}`))
      .catch((e: unknown) => console.log(`ascent-smoke-error ${errorLine(e)}`))
      .finally(quit);
  });
}
