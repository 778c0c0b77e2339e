/**
 * The desktop shell's security, through the pure functions and constants main.ts wires in:
 * the app:// path resolution, the IPC sender check and input validation, the openExternal URL
 * check, and the window / fuse settings (which fail here if anyone weakens them).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, type Api } from '../../shared/api';
import { addRecent, filesFromArgv, parseRecent, restoreWindowState } from '../../main/electron/desktop-state';
import { handleInvoke } from '../../main/electron/ipc-handler';
import { menuTemplate, PARTNER_CENTER_URL, type MenuActions } from '../../main/electron/menu';
import {
  APP_ENTRY,
  APP_ORIGIN,
  CSP,
  FUSES,
  isAppUrl,
  resolveAppPath,
  safeExternalUrl,
  senderAllowed,
  WEB_PREFERENCES,
} from '../../main/electron/security';
import {
  answer,
  createServiceClient,
  type HostMessage,
  type HostedService,
  type ServiceRequest,
} from '../../main/electron/service-protocol';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');

describe('app:// path resolution', () => {
  let tmp: string;
  let dist: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-app-'));
    dist = path.join(tmp, 'renderer');
    fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html>');
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), '');
    fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside');
    fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(dist, 'assets', 'link.txt'));
    fs.symlinkSync(tmp, path.join(dist, 'up'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('serves files of the built renderer, and index.html for the root and routes', () => {
    const real = fs.realpathSync(dist);
    expect(resolveAppPath(dist, `${APP_ORIGIN}/assets/app.js`)).toBe(path.join(real, 'assets', 'app.js'));
    expect(resolveAppPath(dist, APP_ENTRY)).toBe(path.join(real, 'index.html'));
    expect(resolveAppPath(dist, `${APP_ORIGIN}/`)).toBe(path.join(real, 'index.html'));
    expect(resolveAppPath(dist, APP_ORIGIN)).toBe(path.join(real, 'index.html'));
    expect(resolveAppPath(dist, `${APP_ORIGIN}/assets/app.js?v=1#x`)).toBe(
      path.join(real, 'assets', 'app.js'),
    );
  });

  it.each([
    ['plain ..', `${APP_ORIGIN}/../secret.txt`],
    ['.. deeper', `${APP_ORIGIN}/assets/../../secret.txt`],
    ['encoded ..', `${APP_ORIGIN}/%2e%2e/secret.txt`],
    ['encoded .. upper case', `${APP_ORIGIN}/%2E%2E/secret.txt`],
    ['encoded slash', `${APP_ORIGIN}/assets%2f..%2f..%2fsecret.txt`],
    ['encoded backslash', `${APP_ORIGIN}/..%5csecret.txt`],
    ['backslash', `${APP_ORIGIN}/..\\secret.txt`],
    ['absolute path', ''],
    ['double slash absolute', ''],
    ['NUL byte', `${APP_ORIGIN}/index.html%00.js`],
    ['bad escape', `${APP_ORIGIN}/%zz.js`],
    ['symlink to a file outside', `${APP_ORIGIN}/assets/link.txt`],
    ['symlink to a folder outside', `${APP_ORIGIN}/up/secret.txt`],
    ['missing file', `${APP_ORIGIN}/nope.js`],
    ['another host', 'app://evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['https', 'https://ascent/index.html'],
    ['credentials', 'app://user:pw@ascent/index.html'],
  ])('refuses %s', (_name, url) => {
    // `tmp` is set in beforeAll; the absolute-path cases are rebuilt here with it.
    const abs = path.join(tmp, 'secret.txt').replace(/^\/+/, '');
    const u =
      _name === 'absolute path'
        ? `${APP_ORIGIN}/${abs}`
        : _name === 'double slash absolute'
          ? `${APP_ORIGIN}//${abs}`
          : url;
    expect(resolveAppPath(dist, u)).toBeNull();
  });
});

describe('sender and URL checks', () => {
  it('answers only frames showing our own pages', () => {
    expect(senderAllowed(APP_ENTRY)).toBe(true);
    expect(senderAllowed(`${APP_ORIGIN}/index.html#/propensity?x=1`)).toBe(true);
    for (const bad of [
      null,
      undefined,
      '',
      'about:blank',
      'file:///work/main/dist/renderer/index.html',
      'https://ascent/index.html',
      'app://ascent.evil.com/index.html',
      'app://evil/index.html',
      'app://ascent:8080/index.html',
      'app://x@ascent/index.html',
      'http://127.0.0.1:5173/',
      'not a url',
    ])
      expect(senderAllowed(bad), String(bad)).toBe(false);
    // Chromium hands us canonical (lower-case) URLs; anything else is refused.
    expect(isAppUrl('app://ASCENT/index.html')).toBe(false);
    expect(isAppUrl(APP_ENTRY)).toBe(true);
  });

  it('opens only https URLs without credentials, checked by the URL parser', () => {
    expect(safeExternalUrl('https://partner.microsoft.com/dashboard')?.href).toBe(
      'https://partner.microsoft.com/dashboard',
    );
    expect(safeExternalUrl(PARTNER_CENTER_URL)).not.toBeNull();
    for (const bad of [
      'http://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'smb://server/share',
      'ms-msdt:/id PCWDiagnostic',
      'https://user:pw@example.com/',
      'https://example.com@evil.com/',
      'https:evil',
      ' https://example.com',
      'https://exa mple.com',
      'https://example.com/\nx',
      '//example.com',
      'example.com',
      '',
      `https://example.com/${'a'.repeat(3000)}`,
    ])
      expect(safeExternalUrl(bad), bad).toBeNull();
  });
});

describe('IPC door (handleInvoke)', () => {
  function fakeService(): { service: Api; calls: unknown[] } {
    const calls: unknown[] = [];
    const service = Object.fromEntries(
      METHOD_NAMES.map((n) => [
        n,
        async (input: unknown) => {
          calls.push([n, input]);
          if (n === 'job') throw new Error('no job x\nstack line');
          return { method: n };
        },
      ]),
    ) as unknown as Api;
    return { service, calls };
  }

  it('calls the service with validated input from our page', async () => {
    const { service, calls } = fakeService();
    const r = await handleInvoke(service, APP_ENTRY, 'facets', {});
    expect(r).toEqual({ ok: true, value: { method: 'facets' } });
    expect(calls).toEqual([['facets', { filters: {} }]]); // the schema's default applied
  });

  it.each([
    ['a foreign sender', 'https://evil.example/', 'workspace', {}, /^refused: /],
    ['no sender frame', null, 'workspace', {}, /^refused: /],
    ['an unknown method', APP_ENTRY, 'constructor', {}, /^no method "constructor"$/],
    ['a method that is not a string', APP_ENTRY, 42, {}, /^no method "42"$/],
    ['__proto__', APP_ENTRY, '__proto__', {}, /^no method/],
    ['a wrong type', APP_ENTRY, 'forgetImport', { importId: 'x' }, /^forgetImport: importId: /],
    ['a missing field', APP_ENTRY, 'matrix', {}, /^matrix: product: /],
    ['an unknown field', APP_ENTRY, 'workspace', { evil: true }, /^workspace: input: /],
    ['a negative offset', APP_ENTRY, 'rows', { offset: -1 }, /^rows: offset: /],
    [
      'too many paths',
      APP_ENTRY,
      'importPaths',
      { paths: Array(101).fill('/a.tsv') },
      /^importPaths: paths: /,
    ],
    ['not an object', APP_ENTRY, 'summary', 'x', /^summary: input: /],
  ])('refuses %s with one line and never calls the service', async (_n, sender, method, input, msg) => {
    const { service, calls } = fakeService();
    const r = await handleInvoke(service, sender, method, input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(msg);
      expect(r.error).not.toContain('\n');
    }
    expect(calls).toEqual([]);
  });

  it("returns the service's error as one line", async () => {
    const { service } = fakeService();
    expect(await handleInvoke(service, APP_ENTRY, 'job', { id: 'x' })).toEqual({
      ok: false,
      error: 'no job x',
    });
  });
});

describe('main process ↔ service process messages', () => {
  function host(overrides: Partial<HostedService> = {}): HostedService {
    const base = Object.fromEntries(METHOD_NAMES.map((n) => [n, async (i: unknown) => ({ n, i })]));
    return {
      ...base,
      openWorkspace: (p: string) => ({ path: p, isSample: false, empty: true }),
      exportFile: (id: string) => (id === 'j1' ? { path: '/tmp/x.xlsx', name: 'x.xlsx' } : null),
      ...overrides,
    } as HostedService;
  }

  it('round-trips contract and internal calls, and rejects errors with their message', async () => {
    const svc = host();
    const events: HostMessage[] = [];
    const client = createServiceClient((req: ServiceRequest) => {
      // A structured clone, as across a process boundary.
      void answer(svc, structuredClone(req), (m) => events.push(m)).then((r) =>
        client.receive(structuredClone(r)),
      );
    });
    expect(await client.api.summary({ asOf: '2025-01-31' })).toEqual({
      n: 'summary',
      i: { asOf: '2025-01-31' },
    });
    expect(await client.internal('openWorkspace', { path: '/w.sqlite' })).toMatchObject({
      path: '/w.sqlite',
    });
    expect(await client.internal('exportFile', { id: 'j1' })).toEqual({
      path: '/tmp/x.xlsx',
      name: 'x.xlsx',
    });
    expect(await client.internal('exportFile', { id: 'nope' })).toBeNull();
    await expect(client.api.matrix({} as never)).rejects.toThrow(/^matrix: product: /);
    await expect(client.internal('openWorkspace', { path: '' })).rejects.toThrow(/path/);
    expect(client.pending()).toBe(0);
  });

  it('refuses unknown methods on the host', async () => {
    const r = await answer(host(), { id: 7, method: 'close', input: {} }, () => undefined);
    expect(r).toEqual({ id: 7, ok: false, error: 'no method "close"' });
  });

  it('pushes progress of a started job until it ends', async () => {
    vi.useFakeTimers();
    try {
      let state: 'running' | 'done' = 'running';
      const job = () => ({ id: 'j', kind: 'import', state, label: 'x', rows: 0 }) as never;
      const svc = host({ importPaths: async () => job(), job: async () => job() });
      const events: HostMessage[] = [];
      const r = await answer(svc, { id: 1, method: 'importPaths', input: { paths: ['/a.tsv'] } }, (m) =>
        events.push(m),
      );
      expect(r.ok).toBe(true);
      await vi.advanceTimersByTimeAsync(600);
      expect(events.length).toBeGreaterThanOrEqual(2);
      state = 'done';
      await vi.advanceTimersByTimeAsync(600);
      const n = events.length;
      expect(events[n - 1]).toMatchObject({ event: 'job', job: { state: 'done' } });
      await vi.advanceTimersByTimeAsync(2000);
      expect(events.length).toBe(n); // stopped polling
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails pending calls when the host goes away, and passes job events on', async () => {
    const jobs: unknown[] = [];
    const client = createServiceClient(
      () => undefined,
      (j) => jobs.push(j),
    );
    const p = client.api.workspace({});
    client.receive({ event: 'job', job: { id: 'j' } });
    client.failAll('the workbench service stopped');
    await expect(p).rejects.toThrow('the workbench service stopped');
    expect(jobs).toEqual([{ id: 'j' }]);
  });
});

describe('security settings are not weakened', () => {
  it('window webPreferences follow the checklist', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
    expect(WEB_PREFERENCES).not.toHaveProperty('preload'); // filled in by main.ts only
    expect(Object.isFrozen(WEB_PREFERENCES)).toBe(true);
  });

  it('main.ts uses WEB_PREFERENCES and never overrides them', () => {
    const src = read('main/electron/main.ts');
    expect(src).toMatch(/webPreferences: \{ \.\.\.WEB_PREFERENCES, preload: PRELOAD \}/);
    expect(src.match(/webPreferences/g)).toHaveLength(1);
    expect(src).toMatch(/show: false/);
    expect(src).toMatch(/'ready-to-show'/);
    expect(src).toMatch(/setWindowOpenHandler\(\(\) => \(\{ action: 'deny' \}\)\)/);
    expect(src).toMatch(/'will-navigate'/);
    expect(src).toMatch(/setPermissionRequestHandler\(\(_wc, _permission, callback\) => callback\(false\)\)/);
    expect(src).toMatch(/app\.enableSandbox\(\)/);
    expect(src).toMatch(/requestSingleInstanceLock\(\)/);
    expect(src).toMatch(/handleInvoke\(service\(\)\.api, event\.senderFrame\?\.url/);
    for (const weak of [
      /nodeIntegration\w*: true/,
      /contextIsolation: false/,
      /sandbox: false/,
      /webSecurity: false/,
      /allowRunningInsecureContent: true/,
      /experimentalFeatures: true/,
      /enableBlinkFeatures/,
      /webviewTag: true/,
      /loadFile\(/,
      /file:\/\//,
      /action: 'allow'/,
      /callback\(true\)/,
      /bypassCSP/,
    ])
      expect(src, String(weak)).not.toMatch(weak);
    // openExternal only behind the URL check, in the menu's openLink.
    expect(src.match(/shell\.openExternal\(/g)).toHaveLength(1);
    expect(src).toMatch(/const u = safeExternalUrl\(url\);\s+if \(u\) void shell\.openExternal\(u\.href\);/);
  });

  it('the preload exposes only the contract object, with every method', () => {
    const src = read('main/electron/preload.ts');
    expect(src.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(src).toMatch(/exposeInMainWorld\('ascent', ascent\)/);
    expect(src).toMatch(/\} satisfies Api;/);
    expect(src).toMatch(/\} satisfies DesktopApi;/);
    for (const name of METHOD_NAMES) expect(src).toContain(`${name}: m('${name}'),`);
    // No Electron object handed to the page.
    expect(src).not.toMatch(/ipcRenderer[,\s]*\}/);
    expect(src).not.toMatch(/: ipcRenderer\b/);
  });

  it('the CSP allows scripts only from the app', () => {
    const directives = Object.fromEntries(
      CSP.split(';').map((d) => {
        const [k, ...v] = d.trim().split(/\s+/);
        return [k!, v];
      }),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CSP).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*|http:|https:/);
  });

  it('fuses are set, and electron-builder.yml flips the same ones', () => {
    expect(FUSES).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The electronFuses block of the YAML: indented `key: true|false` lines.
    const yml = read('electron-builder.yml');
    const block = /^electronFuses:\n((?:[ ]{2}.*\n)+)/m.exec(yml);
    expect(block, 'electron-builder.yml has an electronFuses block').not.toBeNull();
    const fromYaml = Object.fromEntries(
      block![1]!
        .trim()
        .split('\n')
        .map((l) => /^\s*(\w+):\s*(true|false)\s*(#.*)?$/.exec(l)!)
        .map((m) => [m[1], m[2] === 'true']),
    );
    expect(fromYaml).toEqual(FUSES);
    expect(yml).toMatch(/^asar: true$/m);
    expect(yml).toMatch(/asarUnpack:\n\s+- '\*\*\/\*\.node'/);
  });
});

describe('desktop state', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it('restores window bounds only when they are on a screen', () => {
    const saved = JSON.stringify({ bounds: { x: 100, y: 50, width: 1200, height: 800 }, maximized: true });
    expect(restoreWindowState(saved, screen)).toEqual({
      bounds: { x: 100, y: 50, width: 1200, height: 800 },
      maximized: true,
    });
    const gone = JSON.stringify({ bounds: { x: 3000, y: 50, width: 1200, height: 800 } });
    expect(restoreWindowState(gone, screen)).toEqual({ maximized: false });
    const tiny = JSON.stringify({ bounds: { x: 0, y: 0, width: 10, height: 10 } });
    expect(restoreWindowState(tiny, screen).bounds).toMatchObject({ width: 800, height: 560 });
    expect(restoreWindowState('{bad', screen)).toEqual({});
    expect(restoreWindowState(null, screen)).toEqual({});
    expect(restoreWindowState(JSON.stringify({ bounds: { x: 'a' } }), screen)).toEqual({ maximized: false });
  });

  it('keeps recent workspaces unique, newest first, bounded', () => {
    let list: string[] = [];
    for (let i = 0; i < 12; i++) list = addRecent(list, `/w${i}.sqlite`);
    list = addRecent(list, '/w5.sqlite');
    expect(list[0]).toBe('/w5.sqlite');
    expect(list).toHaveLength(8);
    expect(new Set(list).size).toBe(8);
    expect(parseRecent(JSON.stringify(['/a', 3, '/b']))).toEqual(['/a', '/b']);
    expect(parseRecent('nope')).toEqual([]);
  });

  it('takes importable existing files from a command line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-argv-'));
    try {
      fs.writeFileSync(path.join(dir, 'm365.tsv'), '');
      fs.writeFileSync(path.join(dir, 'notes.pdf'), '');
      const argv = ['.', '--inspect', 'm365.tsv', 'missing.csv', 'notes.pdf', path.join(dir, 'm365.tsv')];
      expect(filesFromArgv(argv, dir)).toEqual([path.join(dir, 'm365.tsv')]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has the menus the issue asks for', () => {
    const calls: string[] = [];
    const actions = new Proxy({} as MenuActions, {
      get: (_t, k) => (arg?: string) => calls.push(`${String(k)}${arg ? ` ${arg}` : ''}`),
    });
    const t = menuTemplate(actions, {
      appName: 'Ascent Workbench',
      isMac: false,
      isPackaged: true,
      recent: ['/data/a.sqlite'],
    });
    const labels = (items: unknown): string[] =>
      (items as { label?: string; role?: string }[]).map((i) => i.label ?? i.role ?? '-');
    expect(labels(t)).toEqual(['&File', 'editMenu', '&View', 'help']);
    const file = t[0]!.submenu as { label?: string; role?: string; submenu?: unknown; click?: () => void }[];
    expect(labels(file).filter((l) => l !== '-')).toEqual([
      'Import Downloads…',
      'Open Sample Data',
      'Open Workspace…',
      'New Workspace…',
      'Recent Workspaces',
      'Export Workbook…',
      'quit',
    ]);
    (file.find((i) => i.label === 'Recent Workspaces')!.submenu as { click: () => void }[])[0]!.click();
    const help = t[3]!.submenu as { label?: string; click?: () => void }[];
    for (const i of help) i.click?.();
    expect(calls).toEqual(['openRecent /data/a.sqlite', `openLink ${PARTNER_CENTER_URL}`, 'about']);
    // No developer tools in the packaged app.
    expect(JSON.stringify(t)).not.toContain('toggleDevTools');
  });
});
