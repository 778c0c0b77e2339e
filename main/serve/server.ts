/**
 * Browser mode: the built renderer and the contract over HTTP, on 127.0.0.1 only, behind a
 * random per-launch token. A thin door: it checks who is asking and reads what they send;
 * `dispatch` validates it, calls the service and maps its errors.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { isMethod } from '../../shared/api';
import { dispatch, failureOf, noMethod, Service, ServiceError } from '../service/index';
import { downloadHeaders, pageHeaders } from './headers';
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

/** An upload's file name as stored: its last path part, safe characters only; null for none. */
export function uploadName(raw: string | null): string | null {
  const name = path
    .basename(raw ?? 'upload')
    .slice(0, 200)
    .replace(/[^\w.\- ()]/g, '_');
  return /^[. ]*$/.test(name) ? null : name;
}

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

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    try {
      if (!hostAllowed(req.headers.host, port)) return send(res, 403, { error: 'forbidden host' });
      const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return send(res, 405, { error: 'use POST' });
        if (!tokenMatches(req.headers.authorization, token))
          return send(res, 401, { error: 'missing or wrong token' });
        const name = url.pathname.slice('/api/'.length);
        if (name === 'upload') return await upload(req, res, url);
        // Before the body is read: a name that is no method is not worth reading it for.
        if (!isMethod(name)) return send(res, 404, { error: noMethod(name).error });
        let input: unknown;
        try {
          const body = await readBody(req, MAX_JSON_BYTES);
          input = body.length ? JSON.parse(body.toString('utf8')) : {};
        } catch (e) {
          if (e instanceof BodyTooLarge) return send(res, 413, { error: e.message });
          return send(res, 400, { error: 'body is not JSON' });
        }
        const r = await dispatch(opts.service, name, input, log);
        return r.ok ? send(res, 200, r.value) : send(res, r.status, { error: r.error });
      }
      if (url.pathname.startsWith('/download/')) return download(req, res, url);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, { error: 'method not allowed' });
      const file = resolveStatic(opts.staticDir, url.pathname);
      if (!file) return send(res, 404, { error: 'not found' });
      const ext = path.extname(file);
      res.writeHead(200, {
        ...pageHeaders(contentTypeOf(file)),
        'cache-control': ext === '.html' ? 'no-store' : 'max-age=3600',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(file).pipe(res);
    } catch (e) {
      // The upload and the static files; API methods are answered by dispatch.
      const f = failureOf(e, log);
      if (!res.headersSent) send(res, f.status, { error: f.error });
      else res.destroy();
    }
  };
  const server = http.createServer((req, res) => void handle(req, res));

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
    const job = await opts.service.importFiles([{ path: target, name }], allowShrink ? { allowShrink } : {});
    send(res, 200, job);
  }

  /** Export files, fetched by a plain link (no headers), so the token rides in the query. */
  function download(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (url.searchParams.get('token') !== token) return send(res, 401, { error: 'missing or wrong token' });
    const id = url.pathname.slice('/download/'.length);
    const f = opts.service.exportFile(id);
    if (!f) return send(res, 404, { error: 'no such export' });
    res.writeHead(200, downloadHeaders(f.name));
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
