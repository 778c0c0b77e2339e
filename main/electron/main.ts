/**
 * The Electron main process: one window, the app:// protocol, the IPC door, menus and dialogs.
 * Deliberately thin: every decision (web preferences, CSP, which URLs and senders are ours,
 * which paths may be served, input validation) is a pure function or constant from
 * security.ts / ipc-handler.ts / desktop-state.ts / app-protocol.ts, tested without Electron.
 * The Service runs in a utility process (service-launcher.ts starts service-process.ts), so the
 * window never waits on SQLite.
 *
 * Built by scripts/build-electron.mjs into dist/electron/main.cjs; paths below are relative to
 * app.getAppPath() (the repository in development, app.asar when packaged).
 */
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import type { JobOut } from '../../shared/api';
import {
  addRecent,
  filesFromArgv,
  parseRecent,
  readText,
  restoreWindowState,
  writeJson,
  DEFAULT_SIZE,
  MIN_SIZE,
} from './desktop-state';
import { errorLine, handleInvoke, IPC_CHANNEL, JOB_EVENT_CHANNEL } from './ipc-handler';
import { appProtocolHandler } from './app-protocol';
import { menuTemplate } from './menu';
import { smokeTest } from './smoke';
import { writeAtomically } from '../export/atomic';
import { APP_ENTRY, APP_SCHEME, IMPORTABLE, isAppUrl, safeExternalUrl, WEB_PREFERENCES } from './security';
import { launchService, type LaunchedService } from './service-launcher';
import type { ServiceClient, ServiceConfig } from './service-protocol';

const APP_DIR = app.getAppPath();
const RENDERER_DIST = path.join(APP_DIR, 'dist', 'renderer');
const PRELOAD = path.join(APP_DIR, 'dist', 'electron', 'preload.cjs');
const SERVICE_MODULE = path.join(APP_DIR, 'dist', 'electron', 'service-process.cjs');
const ICON = path.join(APP_DIR, 'resources', 'icon.png');
const SAMPLE_DIR = path.join(APP_DIR, 'resources', 'sample');

let win: BrowserWindow | null = null;
let quitting = false;
let recent: string[] = [];
/** Files to import once the window is up (command line, macOS "open with", second launch). */
let pendingFiles: string[] = [];

// ---- before ready: one instance, privileged scheme, sandbox everywhere -------------------

app.enableSandbox();
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
  },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  pendingFiles = filesFromArgv(process.argv.slice(1), process.cwd());
  app.on('second-instance', (_e, argv, cwd) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    void importFiles(filesFromArgv(argv.slice(1), cwd));
  });
  app.on('open-file', (e, p) => {
    e.preventDefault();
    if (!IMPORTABLE.test(p)) return;
    if (win) void importFiles([p]);
    else pendingFiles.push(p);
  });
  app.on('web-contents-created', (_e, contents) => {
    // No new windows, no navigation away from our pages, no <webview>.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (e) => {
      if (!isAppUrl(e.url)) e.preventDefault();
    });
    contents.on('will-redirect', (e) => {
      if (!isAppUrl(e.url)) e.preventDefault();
    });
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    quitting = true;
    launched?.process.kill();
  });
  app.whenReady().then(start, (e: unknown) => {
    dialog.showErrorBox('Ascent Workbench could not start', errorLine(e));
    app.exit(1);
  });
}

// ---- the service, in a utility process ---------------------------------------------------

const EXPORT_DIR = (): string => path.join(app.getPath('userData'), 'exports');
let launched: LaunchedService | null = null;
/** Jobs started from the menu or the command line: what to do when each one ends. */
const jobEnds = new Map<string, (job: JobOut) => void>();

function onJob(job: JobOut): void {
  win?.webContents.send(JOB_EVENT_CHANNEL, job);
  win?.setProgressBar(job.state === 'running' ? (job.fraction ?? 2) : -1);
  if (job.state !== 'running') {
    const end = jobEnds.get(job.id);
    jobEnds.delete(job.id);
    end?.(job);
  }
}

/** The service client, (re)starting the utility process when needed. */
function service(): ServiceClient {
  if (launched) return launched.client;
  const config: ServiceConfig = { sampleDir: SAMPLE_DIR, exportDir: EXPORT_DIR() };
  const l = launchService(SERVICE_MODULE, config, onJob, (code) => {
    if (launched === l) launched = null;
    if (!quitting) console.error(`Ascent Workbench: the service process exited with code ${code}`);
  });
  launched = l;
  return l.client;
}

// ---- window ----------------------------------------------------------------------------

const stateFile = (name: string): string => path.join(app.getPath('userData'), name);

const writeState = (name: string, value: unknown): void => writeJson(stateFile(name), value, errorLine);

function createWindow(): BrowserWindow {
  const saved = restoreWindowState(
    readText(stateFile('window-state.json')),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const w = new BrowserWindow({
    ...DEFAULT_SIZE,
    ...saved.bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: app.name,
    icon: ICON,
    backgroundColor: '#ffffff',
    webPreferences: { ...WEB_PREFERENCES, preload: PRELOAD },
  });
  w.once('ready-to-show', () => {
    if (saved.maximized) w.maximize();
    w.show();
    const files = pendingFiles;
    pendingFiles = [];
    void importFiles(files);
  });
  w.on('close', () => {
    writeState('window-state.json', { bounds: w.getNormalBounds(), maximized: w.isMaximized() });
  });
  w.on('closed', () => {
    if (win === w) win = null;
  });
  if (process.env.ASCENT_SMOKE === '1') smokeTest(w, () => app.quit());
  void w.loadURL(APP_ENTRY);
  return w;
}

// ---- actions (menus, dialogs, files given by the OS) -----------------------------------

function showError(title: string, e: unknown): void {
  const opts = { type: 'error' as const, title, message: title, detail: errorLine(e) };
  void (win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts));
}

/** The workspace or its data changed behind the renderer's back: it reloads its views. */
function refresh(): void {
  win?.webContents.reload();
}

async function importFiles(paths: string[]): Promise<void> {
  if (!paths.length) return;
  try {
    const job = await service().api.importPaths({ paths: paths.slice(0, 100) });
    jobEnds.set(job.id, (end) => {
      if (end.state === 'failed') showError('Import failed', end.error ?? 'unknown error');
      refresh();
    });
  } catch (e) {
    showError('Import failed', e);
  }
}

async function openWorkspace(p: string): Promise<void> {
  try {
    await service().internal('openWorkspace', { path: p });
    recent = addRecent(recent, p);
    writeState('recent-workspaces.json', recent);
    buildMenu();
    refresh();
  } catch (e) {
    showError('Cannot open the workspace', e);
  }
}

const WORKSPACE_FILTERS = [{ name: 'Workspace', extensions: ['sqlite', 'db'] }];

const actions = {
  async importDownloads(): Promise<void> {
    const r = await dialog.showOpenDialog(win!, {
      title: 'Import CloudAscent downloads',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'CloudAscent downloads', extensions: ['tsv', 'csv', 'txt', 'xlsx'] }],
    });
    if (!r.canceled) await importFiles(r.filePaths);
  },
  async openSample(): Promise<void> {
    try {
      await service().api.openSample({});
      refresh();
    } catch (e) {
      showError('Cannot open the sample data', e);
    }
  },
  async openWorkspace(): Promise<void> {
    const r = await dialog.showOpenDialog(win!, {
      title: 'Open workspace',
      properties: ['openFile'],
      filters: WORKSPACE_FILTERS,
    });
    if (!r.canceled && r.filePaths[0]) await openWorkspace(r.filePaths[0]);
  },
  async newWorkspace(): Promise<void> {
    const r = await dialog.showSaveDialog(win!, {
      title: 'New workspace',
      defaultPath: path.join(app.getPath('documents'), 'Ascent workspace.sqlite'),
      filters: WORKSPACE_FILTERS,
    });
    if (r.canceled || !r.filePath) return;
    if (fs.existsSync(r.filePath)) {
      showError(
        'Cannot create the workspace',
        'A file of that name exists: open it with File ▸ Open Workspace.',
      );
      return;
    }
    await openWorkspace(r.filePath);
  },
  async exportWorkbook(): Promise<void> {
    const date = new Date().toISOString().slice(0, 10);
    const r = await dialog.showSaveDialog(win!, {
      title: 'Export workbook',
      defaultPath: path.join(app.getPath('documents'), `Ascent Workbench ${date}.xlsx`),
      filters: [
        { name: 'Excel workbook', extensions: ['xlsx'] },
        { name: 'CSV target list', extensions: ['csv'] },
      ],
    });
    if (r.canceled || !r.filePath) return;
    const target = r.filePath;
    try {
      const job = await service().api.startExport({
        format: target.toLowerCase().endsWith('.csv') ? 'csv' : 'xlsx',
      });
      jobEnds.set(job.id, (end) => {
        if (end.state !== 'done') {
          if (end.state === 'failed') showError('Export failed', end.error ?? 'unknown error');
          return;
        }
        void service()
          .internal('exportFile', { id: end.id })
          .then(async (f) => {
            if (!f) throw new Error('the export file is gone');
            // Beside the target under a temporary name, then renamed into place: an earlier
            // file stays whole until the copy is, and the workspace itself is never replaced.
            const ws = await service().api.workspace({});
            await writeAtomically(
              target,
              (tmp) => fs.promises.copyFile(f.path, tmp, fs.constants.COPYFILE_EXCL),
              {
                protect: [ws.path],
              },
            );
            shell.showItemInFolder(target);
          })
          .catch((e: unknown) => showError('Export failed', e));
      });
    } catch (e) {
      showError('Export failed', e);
    }
  },
  async openRecent(p: string): Promise<void> {
    if (!fs.existsSync(p)) {
      recent = recent.filter((x) => x !== p);
      writeState('recent-workspaces.json', recent);
      buildMenu();
      showError('Cannot open the workspace', `${p} no longer exists.`);
      return;
    }
    await openWorkspace(p);
  },
  async about(): Promise<void> {
    const opts = {
      type: 'info' as const,
      title: `About ${app.name}`,
      message: `${app.name} ${app.getVersion()}`,
      detail: `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
    };
    await (win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts));
  },
  /** The only caller of shell.openExternal: fixed links of our menu, https only. */
  openLink(url: string): void {
    const u = safeExternalUrl(url);
    if (u) void shell.openExternal(u.href);
  },
};

function buildMenu(): void {
  const run =
    (f: (...a: string[]) => Promise<void> | void) =>
    (...a: string[]): void =>
      void Promise.resolve(f(...a)).catch((e: unknown) => showError('Something went wrong', e));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          importDownloads: run(() => actions.importDownloads()),
          openSample: run(() => actions.openSample()),
          openWorkspace: run(() => actions.openWorkspace()),
          newWorkspace: run(() => actions.newWorkspace()),
          exportWorkbook: run(() => actions.exportWorkbook()),
          openRecent: run((p) => actions.openRecent(p)),
          about: run(() => actions.about()),
          openLink: run((url) => actions.openLink(url)),
        },
        { appName: app.name, isMac: process.platform === 'darwin', isPackaged: app.isPackaged, recent },
      ),
    ),
  );
}

// ---- start ------------------------------------------------------------------------------

function start(): void {
  const ses = session.defaultSession;
  // No camera, microphone, notifications, geolocation, …: nothing is ever granted.
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.on('will-download', (_e, item) => {
    item.setSaveDialogOptions({
      title: 'Save export',
      defaultPath: path.join(app.getPath('documents'), item.getFilename()),
    });
  });
  protocol.handle(
    APP_SCHEME,
    appProtocolHandler(RENDERER_DIST, (id) => service().internal('exportFile', { id })),
  );

  // The IPC door: only our window's own pages, only the contract's methods and inputs.
  ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!win || event.sender !== win.webContents)
      return { ok: false, error: 'refused: the request does not come from the app' };
    return handleInvoke(service().api, event.senderFrame?.url, method, input);
  });

  fs.rmSync(EXPORT_DIR(), { recursive: true, force: true });
  recent = parseRecent(readText(stateFile('recent-workspaces.json')));
  buildMenu();
  service();
  win = createWindow();
}
