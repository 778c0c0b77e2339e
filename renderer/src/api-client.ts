/**
 * The renderer's one door onto the contract. Under Electron a preload exposes `window.ascent`
 * with the same `Api` shape; in browser mode every method is `POST /api/<method>` with the
 * per-launch bearer token. Nothing else in the renderer knows which door it is behind.
 */
import type { DesktopApi } from '../../shared/desktop';
import type { Api, In, JobOut, MethodName } from '../../shared/api';
import type { Locale } from '../../shared/i18n/locales';

declare global {
  interface Window {
    ascent?: Api | DesktopApi;
  }
}

const TOKEN_KEY = 'ascent.token';

/**
 * An error whose message came from the service (HTTP 400) or the network. The door's own two
 * (`reason`: the server is not reachable, the token is missing) are worded by the catalogs.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly reason?: ClientReason,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** The door's own refusals, which the UI words in its language (i18n/index.tsx). */
export type ClientReason = 'unreachable' | 'unauthorised';
let wording: ((reason: ClientReason, detail: string) => string) | null = null;

/** How the door's own refusals are said from now on (i18n/index.tsx sets it with the language). */
export function setClientWording(fn: (reason: ClientReason, detail: string) => string): void {
  wording = fn;
}

/**
 * Takes the token from `#token=…` (the URL the CLI prints), keeps it in sessionStorage and
 * removes it from the visible hash so routing can use the hash.
 */
export function takeToken(): string {
  const m = /(?:^#|[&?])token=([^&]+)/.exec(location.hash);
  if (m) {
    const token = decodeURIComponent(m[1]!);
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      /* storage may be disabled; the token still works for this page */
    }
    history.replaceState(null, '', location.pathname + location.search + '#/');
    return token;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

async function post(token: string, path: string, body: BodyInit, contentType: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body,
    });
  } catch (e) {
    const detail = (e as Error).message;
    throw new ApiError(`The workbench server is not reachable (${detail}).`, 0, 'unreachable', detail);
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const msg = (json as { error?: string } | null)?.error ?? `HTTP ${res.status}`;
    if (res.status === 401)
      throw new ApiError(
        'Not authorised: open the address the workbench printed (it carries a token).',
        401,
        'unauthorised',
      );
    throw new ApiError(msg, res.status);
  }
  return json;
}

export function createHttpClient(token: string): Api {
  return new Proxy({} as Api, {
    get(_t, name) {
      if (typeof name !== 'string' || name === 'then') return undefined;
      return (input: unknown) =>
        post(token, `/api/${encodeURIComponent(name)}`, JSON.stringify(input ?? {}), 'application/json');
    },
  });
}

/** The methods whose answers carry sentences (the priority's reasons): only those that take a `lang`. */
type Worded = { [K in MethodName]: In<K> extends { lang?: unknown } ? K : never }[MethodName];
const WORDED = new Set<string>(['customers', 'customer'] satisfies Worded[]);

let answerLanguage: Locale = 'en';

/** The UI's language, which worded answers are asked in from now on (i18n/index.tsx sets it). */
export function setAnswerLanguage(locale: Locale): void {
  answerLanguage = locale;
}

/**
 * Every worded method asked in the UI's language unless a caller names one, as a browser sends
 * Accept-Language: the contract's default stays English (the CLI's), no view has to remember it.
 */
function inUiLanguage(inner: Api): Api {
  return new Proxy(inner, {
    get(target, name) {
      const fn: unknown = Reflect.get(target, name);
      if (typeof name !== 'string' || !WORDED.has(name) || typeof fn !== 'function') return fn;
      return (input: object | undefined) => fn.call(target, { lang: answerLanguage, ...input }) as unknown;
    },
  });
}

const token = window.ascent ? '' : takeToken();

export const api: Api = inUiLanguage(window.ascent ?? createHttpClient(token));

/**
 * Imports one picked or dropped file as a job. Desktop: the preload reads it in place by path;
 * browser mode: its bytes go to the server, which imports them. `allowShrink`: "Import anyway".
 */
export async function uploadFile(file: File, opts: { allowShrink?: boolean } = {}): Promise<JobOut> {
  const desktop = window.ascent;
  if (desktop && 'importFiles' in desktop) return desktop.importFiles([file], opts);
  return (await post(
    token,
    `/api/upload?name=${encodeURIComponent(file.name)}${opts.allowShrink ? '&allowShrink=1' : ''}`,
    file,
    'application/octet-stream',
  )) as JobOut;
}

/** The link an export job's file is fetched from (a plain link carries no headers). */
export function downloadUrl(jobId: string): string {
  return `/download/${encodeURIComponent(jobId)}?token=${encodeURIComponent(token)}`;
}

/** A failed request in one line: the door's own refusals in the UI's language, else the service's line. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError && e.reason && wording) return wording(e.reason, e.detail ?? '');
  return e instanceof Error ? e.message : String(e);
}
