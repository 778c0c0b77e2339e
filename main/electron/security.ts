/**
 * The desktop app's security settings and checks, as plain data and pure functions (no
 * `electron` import), so that every one of them is unit-tested on machines without Electron.
 * main.ts only wires them in. Follows Electron's security checklist (docs/tutorial/security.md).
 */
import { resolveStatic } from '../serve/static';

/** The renderer's scheme and host: pages are served as app://ascent/…, never file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ascent';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * The one window's webPreferences, except `preload` (a path the caller fills in). Frozen, and
 * checked by a test that fails if any setting is weakened.
 */
export const WEB_PREFERENCES = Object.freeze({
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
  spellcheck: false,
  safeDialogs: true,
} as const);

/** The Content-Security-Policy of every app:// page: the app's one CSP, browser mode's too. */
export { CSP } from '../serve/headers';

/**
 * Electron fuses flipped at packaging time (electron-builder's `electronFuses`, whose option
 * names these are). electron-builder.yml must hold the same values; a test compares them.
 */
export const FUSES = Object.freeze({
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const);

function parse(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * Whether a URL is one of our own pages. Compares scheme and host: for a custom scheme,
 * `URL.origin` is the string "null", so it cannot be compared.
 */
export function isAppUrl(raw: string): boolean {
  const u = parse(raw);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/**
 * Whether an IPC message may be answered: its sending frame (`event.senderFrame.url`) must be
 * one of our pages. A destroyed or navigated-away frame (null, empty) is refused.
 */
export function senderAllowed(frameUrl: string | null | undefined): boolean {
  return typeof frameUrl === 'string' && isAppUrl(frameUrl);
}

/** Whether `s` holds a C0 control character or DEL. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * The URL `shell.openExternal` may open, or null: https only, checked with the URL parser, no
 * user name or password (which can disguise the real host), no control characters or spaces.
 */
export function safeExternalUrl(raw: string): URL | null {
  if (typeof raw !== 'string' || raw.length > 2048 || /\s/.test(raw) || hasControl(raw)) return null;
  if (!/^https:\/\//i.test(raw)) return null; // the written form too: no "https:host" shorthand
  const u = parse(raw);
  if (!u || u.protocol !== 'https:' || !u.hostname) return null;
  if (u.username || u.password) return null;
  return u;
}

/**
 * Maps an app:// request URL to a file of the built renderer, or null: wrong scheme or host,
 * traversal (also percent-encoded), absolute paths, NUL bytes, backslashes and symlinks that
 * lead out of `root` are refused by `resolveStatic`, the same function browser mode serves with.
 */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  // The raw path, before the URL parser collapses "/a/../b": resolveStatic refuses it instead.
  const m = /^app:\/\/[^/?#]*(\/[^?#]*)?/i.exec(requestUrl);
  if (!m) return null;
  return resolveStatic(root, m[1] ?? '/');
}

/** File names the desktop app imports when given on the command line or by the OS. */
export { IMPORTABLE } from '../ingest/downloads';
