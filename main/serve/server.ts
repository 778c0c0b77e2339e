/**
 * Browser mode: the built renderer and the contract over HTTP, on 127.0.0.1 only, behind a
 * random per-launch token. A thin door: it checks who is asking and what they send, then
 * calls the service.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { isMethod, parseInput, type MethodName } from '../../shared/api';
import { CacheBusyError, CacheError, cacheErrorOf } from '../cache/db';
import { Service, ServiceError } from '../service';
import { contentTypeOf, resolveStatic } from './static';
import { makeTempDir, removeStaleTempDirs, removeTempDir } from './tempdirs';

export interface ServerOptions {
  service: Service;
  port: number;
  staticDir: string;
  /** Fixed token for tests; random otherwise. */
  token?: string;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_JSON_BYTES = 1 << 20;
const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
/** A body over the limit is read on and dropped up to this much, so the client gets its 413. */
const MAX_DISCARD_BYTES = 64 * 1024 ** 2;

/** A request body over its limit: 413. */
class BodyTooLarge extends Error {}

/**
 * The HTTP status and one-line message of an error that is not the request's fault: the
 * workspace locked by an import elsewhere (409), a full disk (507), a damaged or unreadable
 * workspace (409); null for anything else (a bug: 500).
 */
export function statusOfError(e: unknown): { status: number; error: string } | null {
  const m = cacheErrorOf(e);
  if (m instanceof CacheBusyError) return { status: 409, error: m.message };
  if (m instanceof CacheError) return { status: /disk full/.test(m.message) ? 507 : 409, error: m.message };
  return null;
}

/** An upload's file name as stored: its last path part, safe characters only; null for none. */
export function uploadName(raw: string | null): string | null {
  const name = path
    .basename(raw ?? 'upload')
    .slice(0, 200)
    .replace(/[^\w.\- ()]/g, '_');
  return /^[. ]*$/.test(name) ? null : name;
}

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** Token comparison in constant time. */
export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Only our own origin may talk to us: a foreign Host means DNS rebinding. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
      else if (size - c.length <= limit) {
        // Answered at once; the rest is read and dropped (Node reads it on for the next
        // request of the connection), so the client sees the 413 rather than a reset.
        chunks.length = 0;
        reject(new BodyTooLarge(`request body over ${limit} bytes`));
      } else if (size > limit + MAX_DISCARD_BYTES) req.destroy();
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function startServer(opts: ServerOptions): Promise<RunningServer> {
  const token = opts.token ?? crypto.randomBytes(24).toString('base64url');
  const log = opts.log ?? (() => undefined);
  // Folders of servers that were killed outright go first; this one's goes on close and exit.
  removeStaleTempDirs(os.tmpdir());
  const uploads = makeTempDir('ascent-upload-');
  let port = 0;

  const server = http.createServer(async (req, res) => {
    try {
      if (!hostAllowed(req.headers.host, port)) return send(res, 403, { error: 'forbidden host' });
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
        if (!tokenMatches(req.headers.authorization, token))
          return send(res, 401, { error: 'missing or wrong token' });
        const name = url.pathname.slice('/api/'.length);
        if (name === 'upload') return await upload(req, res, url);
        if (!isMethod(name)) return send(res, 404, { error: `no method ${name}` });
        let input: unknown;
        try {
          const body = await readBody(req, MAX_JSON_BYTES);
          input = body.length ? JSON.parse(body.toString('utf8')) : {};
        } catch (e) {
          if (e instanceof BodyTooLarge) return send(res, 413, { error: e.message });
          return send(res, 400, { error: 'body is not JSON' });
        }
        const parsed = parseInput(name, input);
        if (!parsed.ok) return send(res, 400, { error: parsed.message });
        const fn = opts.service[name as MethodName] as (i: unknown) => Promise<unknown>;
        return send(res, 200, await fn.call(opts.service, parsed.value));
      }
      if (url.pathname.startsWith('/download/')) return download(req, res, url);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, { error: 'method not allowed' });
      const file = resolveStatic(opts.staticDir, url.pathname);
      if (!file) return send(res, 404, { error: 'not found' });
      const ext = path.extname(file);
      res.writeHead(200, {
        'content-type': contentTypeOf(file),
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': ext === '.html' ? 'no-store' : 'max-age=3600',
      });
      if (req.method === 'HEAD') return res.end();
      fs.createReadStream(file).pipe(res);
    } catch (e) {
      if (e instanceof ServiceError) return send(res, 400, { error: e.message });
      const known = statusOfError(e);
      if (known) {
        log(`error: ${known.error}`);
        if (!res.headersSent) return send(res, known.status, { error: known.error });
        return void res.destroy();
      }
      log(`error: ${(e as Error).message}`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    }
  });

  /** Browser mode's file picker and drop zone: the bytes arrive here, then import as a job. */
  async function upload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const raw = url.searchParams.get('name');
    const safe = uploadName(raw);
    if (!safe) return send(res, 400, { error: `upload: ${JSON.stringify(raw)} is not a file name` });
    const name = path.basename(raw ?? 'upload').slice(0, 200) || 'upload';
    const dir = fs.mkdtempSync(path.join(uploads, 'f-'));
    const target = path.join(dir, safe);
    const out = fs.createWriteStream(target);
    let size = 0;
    await new Promise<void>((resolve, reject) => {
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_UPLOAD_BYTES) {
          req.destroy();
          reject(new ServiceError('file too large'));
        }
      });
      req.pipe(out);
      out.on('finish', resolve);
      out.on('error', reject);
      req.on('error', reject);
    });
    // The snapshot date may come from the original file name, which the job keeps.
    const allowShrink = url.searchParams.get('allowShrink') === '1';
    const job = await opts.service.importPaths(
      allowShrink ? { paths: [target], allowShrink } : { paths: [target] },
      [name],
    );
    send(res, 200, job);
  }

  /** Export files, fetched by a plain link (no headers), so the token rides in the query. */
  function download(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (url.searchParams.get('token') !== token) return send(res, 401, { error: 'missing or wrong token' });
    const id = url.pathname.slice('/download/'.length);
    const f = opts.service.exportFile(id);
    if (!f) return send(res, 404, { error: 'no such export' });
    res.writeHead(200, {
      'content-type': f.name.endsWith('.csv')
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${f.name.replace(/"/g, '')}"`,
      'x-content-type-options': 'nosniff',
    });
    fs.createReadStream(f.path).pipe(res);
  }

  return new Promise((resolve, reject) => {
    server.on('error', reject);
    // 127.0.0.1 only: never reachable from another machine.
    server.listen(opts.port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/#token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
            removeTempDir(uploads);
          }),
      });
    });
  });
}
