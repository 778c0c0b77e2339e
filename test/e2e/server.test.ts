/** Browser mode's door, over plain HTTP: who may ask, what they may send, where it listens. */
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, type Fixture } from './fixture';

let fx: Fixture;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(opts: {
  method?: string;
  path: string;
  host?: string;
  token?: string | null;
  body?: unknown;
}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const data = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port: fx.server.port,
        method: opts.method ?? 'POST',
        path: opts.path,
        headers: {
          host: opts.host ?? `127.0.0.1:${fx.server.port}`,
          ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
          ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

beforeAll(async () => {
  fx = await startFixture({ files: [], token: 'test-token-0123456789' });
});
afterAll(async () => {
  await fx?.close();
});

describe('browser-mode server', () => {
  it('answers a well-formed call with the token', async () => {
    const r = await request({ path: '/api/workspace', token: fx.server.token, body: {} });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ empty: true });
  });

  it('refuses a call without a token (401)', async () => {
    const r = await request({ path: '/api/summary', token: null, body: {} });
    expect(r.status).toBe(401);
  });

  it('refuses a call with a wrong token (401)', async () => {
    const r = await request({ path: '/api/summary', token: 'test-token-0123456780', body: {} });
    expect(r.status).toBe(401);
    const r2 = await request({ path: '/api/summary', token: 'short', body: {} });
    expect(r2.status).toBe(401);
  });

  it('refuses a foreign Host header (403), even with the right token', async () => {
    for (const host of [
      'evil.example:80',
      `attacker.test:${fx.server.port}`,
      `127.0.0.1:${fx.server.port + 1}`,
    ]) {
      const r = await request({ path: '/api/summary', host, token: fx.server.token, body: {} });
      expect(r.status, host).toBe(403);
    }
    const page = await request({ method: 'GET', path: '/', host: 'evil.example' });
    expect(page.status).toBe(403);
  });

  it('rejects malformed input with 400, a message and no stack trace', async () => {
    const r = await request({
      path: '/api/rows',
      token: fx.server.token,
      body: { filters: { product: 42 }, limit: 'many' },
    });
    expect(r.status).toBe(400);
    const body = JSON.parse(r.body) as { error: string };
    expect(body.error).toMatch(/rows: /);
    expect(body.error).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
    const notJson = await request({ path: '/api/rows', token: fx.server.token, body: undefined });
    expect([200, 400]).toContain(notJson.status);
  });

  it('sends no CORS header', async () => {
    const r = await request({ path: '/api/workspace', token: fx.server.token, body: {} });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const page = await request({ method: 'GET', path: '/' });
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the app with a CSP and refuses path traversal (404)', async () => {
    const page = await request({ method: 'GET', path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    for (const p of [
      '/..%2f..%2fetc/passwd',
      '/..%2F..%2F..%2Fetc%2Fpasswd',
      '/assets/..%2f..%2f..%2fetc%2fhosts',
    ]) {
      const r = await request({ method: 'GET', path: p });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toMatch(/root:|localhost/);
    }
    // Dot segments the URL parser resolves itself land inside the app (index.html), never outside.
    const dots = await request({ method: 'GET', path: '/%2e%2e/%2e%2e/etc/passwd' });
    expect(dots.body).not.toMatch(/root:/);
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(fx.server.url.startsWith(`http://127.0.0.1:${fx.server.port}/`)).toBe(true);
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal)
      .map((i) => i.address);
    for (const address of others) {
      const outcome = await new Promise<string>((resolve) => {
        const s = net.connect({ host: address, port: fx.server.port });
        s.setTimeout(2000, () => {
          s.destroy();
          resolve('timeout');
        });
        s.on('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(outcome, address).not.toBe('connected');
    }
  });
});
