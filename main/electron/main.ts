/**
 * The Electron main process: one window, the app:// protocol, the IPC door, menus and dialogs.
 * Deliberately thin: every decision (web preferences, CSP, which URLs and senders are ours,
 * which paths may be served, input validation) is a pure function or constant from
 * security.ts / ipc-handler.ts / desktop-state.ts, tested without Electron. The Service runs
 * in a utility process (service-process.ts), so the window never waits on SQLite.
 *
 * Built by scripts/build-electron.mjs into dist/electron/main.cjs; paths below are relative to
 * app.getAppPath() (the repository in development, app.asar when packaged).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  screen,
  session,
  shell,
  utilityProcess,
  type UtilityProcess,
} from 'electron';
import type { JobOut } from '../../shared/api';
import {
  addRecent,
  filesFromArgv,
  parseRecent,
  restoreWindowState,
  DEFAULT_SIZE,
  MIN_SIZE,
} from './desktop-state';
import { errorLine, handleInvoke, IPC_CHANNEL, JOB_EVENT_CHANNEL } from './ipc-handler';
import { menuTemplate } from './menu';
import { contentTypeOf } from '../serve/static';
import { writeAtomically } from '../export/atomic';
import {
  APP_ENTRY,
  APP_SCHEME,
  CSP,
  IMPORTABLE,
  isAppUrl,
  resolveAppPath,
  safeExternalUrl,
  WEB_PREFERENCES,
} from './security';
import {
  createServiceClient,
  type ServiceClient,
  type ServiceConfig,
  type ServiceRequest,
} from './service-protocol';

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
    child?.kill();
  });
  app.whenReady().then(start, (e: unknown) => {
    dialog.showErrorBox('Ascent Workbench could not start', errorLine(e));
    app.exit(1);
  });
}

// ---- the service, in a utility process ---------------------------------------------------

const EXPORT_DIR = (): string => path.join(app.getPath('userData'), 'exports');
let child: UtilityProcess | null = null;
let client: ServiceClient | null = null;
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
  if (client) return client;
  const config: ServiceConfig = { sampleDir: SAMPLE_DIR, exportDir: EXPORT_DIR() };
  const proc = utilityProcess.fork(SERVICE_MODULE, [JSON.stringify(config)], {
    serviceName: 'Ascent Workbench service',
    stdio: 'inherit',
  });
  // Requests wait for the process to be up.
  let queue: ServiceRequest[] | null = [];
  proc.once('spawn', () => {
    for (const r of queue ?? []) proc.postMessage(r);
    queue = null;
  });
  const c = createServiceClient((req) => (queue ? queue.push(req) : proc.postMessage(req)), onJob);
  proc.on('message', (m: unknown) => c.receive(m));
  proc.once('exit', (code) => {
    c.failAll(`the workbench service stopped (exit code ${code}); try again`);
    if (client === c) client = null;
    if (child === proc) child = null;
    if (!quitting) console.error(`Ascent Workbench: the service process exited with code ${code}`);
  });
  child = proc;
  client = c;
  return c;
}

// ---- app:// : the built renderer, and export files for download ---------------------------

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
}

async function serveApp(request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
  if (!isAppUrl(request.url)) return notFound();
  const { pathname } = new URL(request.url);
  if (pathname.startsWith('/download/')) {
    // The renderer's export link: the file goes through Electron's download (a save dialog).
    const id = decodeURIComponent(pathname.slice('/download/'.length));
    const f = await service().internal('exportFile', { id });
    if (!f) return notFound();
    return new Response(Readable.toWeb(fs.createReadStream(f.path)) as ReadableStream, {
      headers: {
        'content-type': f.name.endsWith('.csv')
          ? 'text/csv; charset=utf-8'
          : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`,
        'x-content-type-options': 'nosniff',
      },
    });
  }
  const file = resolveAppPath(RENDERER_DIST, request.url);
  if (!file) return notFound();
  const body = await fs.promises.readFile(file);
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    headers: {
      'content-type': contentTypeOf(file),
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
  });
}

// ---- window ----------------------------------------------------------------------------

const stateFile = (name: string): string => path.join(app.getPath('userData'), name);

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function writeJson(file: string, value: unknown): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(value));
  } catch (e) {
    console.error(`Ascent Workbench: cannot write ${file}: ${errorLine(e)}`);
  }
}

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
    writeJson(stateFile('window-state.json'), { bounds: w.getNormalBounds(), maximized: w.isMaximized() });
  });
  w.on('closed', () => {
    if (win === w) win = null;
  });
  if (process.env.ASCENT_SMOKE === '1') smokeTest(w);
  void w.loadURL(APP_ENTRY);
  return w;
}

/**
 * test/unit/electron-launch.test.ts: once the page has loaded, report what the page can reach
 * (the bridge, no Node) and one round trip through IPC and the service, then quit.
 */
function smokeTest(w: BrowserWindow): void {
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
      .finally(() => app.quit());
  });
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
    writeJson(stateFile('recent-workspaces.json'), recent);
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
      writeJson(stateFile('recent-workspaces.json'), recent);
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
          importDownloads: run(actions.importDownloads),
          openSample: run(actions.openSample),
          openWorkspace: run(actions.openWorkspace),
          newWorkspace: run(actions.newWorkspace),
          exportWorkbook: run(actions.exportWorkbook),
          openRecent: run(actions.openRecent),
          about: run(actions.about),
          openLink: run(actions.openLink),
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
  protocol.handle(APP_SCHEME, serveApp);

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
