/**
 * The one way into the contract (main/service/dispatch.ts) and what every door sends with it
 * (main/serve/headers.ts, the app:// handler): validation, the one error mapping, the CSP and
 * download headers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, type Api } from '../../shared/api';
import { CacheBusyError, CacheError } from '../../main/cache/errors';
import { appProtocolHandler } from '../../main/electron/app-protocol';
import { CSP as DESKTOP_CSP } from '../../main/electron/security';
import { CSP, downloadHeaders, pageHeaders } from '../../main/serve/headers';
import { dispatch, failureOf } from '../../main/service/dispatch';
import { ServiceError } from '../../main/service/errors';
import { Jobs } from '../../main/service/jobs';

function fake(fail?: Error): { api: Api; calls: unknown[] } {
  const calls: unknown[] = [];
  const api = Object.fromEntries(
    METHOD_NAMES.map((n) => [
      n,
      (input: unknown) => {
        calls.push([n, input]);
        // A rejection of whatever was thrown, as an async method's.
        return fail === undefined ? Promise.resolve({ method: n }) : Promise.reject(fail);
      },
    ]),
  ) as unknown as Api;
  return { api, calls };
}

describe('dispatch', () => {
  it('calls the method with the schema-parsed input (defaults applied)', async () => {
    const { api, calls } = fake();
    expect(await dispatch(api, 'facets', {})).toEqual({ ok: true, value: { method: 'facets' } });
    expect(calls).toEqual([['facets', { filters: {} }]]);
  });

  it('refuses names outside the contract and bad input without calling', async () => {
    const { api, calls } = fake();
    for (const name of ['constructor', '__proto__', 'exportFile', 'openWorkspace', 42])
      expect(await dispatch(api, name, {})).toEqual({
        ok: false,
        status: 404,
        error: `no method ${JSON.stringify(String(name))}`,
      });
    const bad = await dispatch(api, 'rows', { offset: -1 });
    expect(bad).toMatchObject({ ok: false, status: 400 });
    expect(!bad.ok && bad.error).toMatch(/^rows: offset: /);
    expect(await dispatch(api, 'workspace', { evil: true })).toMatchObject({ status: 400 });
    expect(calls).toEqual([]);
  });

  it('maps errors one way: user 400, workspace 409/507, anything else 500 without its text', async () => {
    const cases: [Error, number, string][] = [
      [new ServiceError('no job x\nmore'), 400, 'no job x'],
      [new CacheBusyError('the workspace is busy importing (W)'), 409, 'the workspace is busy importing (W)'],
      [new CacheError('cannot write workspace W: disk full'), 507, 'cannot write workspace W: disk full'],
      [new CacheError('workspace W is damaged: x'), 409, 'workspace W is damaged: x'],
      [Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }), 409, ''],
      [new Error('secret path /etc/x\n    at f (x.ts:1:2)'), 500, 'internal error'],
    ];
    for (const [e, status, error] of cases) {
      const logged: string[] = [];
      const r = await dispatch(fake(e).api, 'summary', {}, (l) => logged.push(l));
      expect(r).toMatchObject({ ok: false, status });
      if (!r.ok) {
        if (error) expect(r.error).toBe(error);
        expect(r.error).not.toContain('\n');
      }
      // What the user is not shown is logged, one line; the user's own mistakes are not.
      expect(logged.length).toBe(e instanceof ServiceError ? 0 : 1);
      for (const l of logged) expect(l).not.toContain('\n');
    }
    expect(failureOf(new Error('x')).error).toBe('internal error');
    expect(failureOf('a string')).toEqual({ status: 500, error: 'internal error' });
  });
});

describe('headers', () => {
  it('one CSP for both doors, sent with every page', () => {
    expect(DESKTOP_CSP).toBe(CSP);
    expect(pageHeaders('text/html')).toMatchObject({
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    expect(CSP).toMatch(/frame-src 'none'/);
    expect(CSP).toMatch(/frame-ancestors 'none'/);
  });

  it('download headers name the file for old and new clients', () => {
    expect(downloadHeaders('Ascent Workbench 2026-11-25.csv')).toEqual({
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition':
        'attachment; filename="Ascent Workbench 2026-11-25.csv"; filename*=UTF-8\'\'Ascent%20Workbench%202026-11-25.csv',
      'x-content-type-options': 'nosniff',
    });
    const odd = downloadHeaders('Überblick "Q1" (it\'s).xlsx');
    expect(odd['content-type']).toMatch(/spreadsheetml/);
    expect(odd['content-disposition']).toBe(
      "attachment; filename=\"_berblick Q1 (it's).xlsx\"; filename*=UTF-8''%C3%9Cberblick%20%22Q1%22%20%28it%27s%29.xlsx",
    );
  });
});

describe('app:// handler', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-app-'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  const exportFile = path.join(root, 'x.csv');
  fs.writeFileSync(exportFile, 'a,b\r\n');
  const handle = appProtocolHandler(root, (id) =>
    Promise.resolve(id === 'j1' ? { path: exportFile, name: 'Ascent Workbench 2026-11-25.csv' } : null),
  );

  it('serves pages with the CSP, downloads with their headers, and nothing else', async () => {
    const page = await handle(new Request('app://ascent/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    const dl = await handle(new Request('app://ascent/download/j1'));
    expect(dl.headers.get('content-disposition')).toBe(
      downloadHeaders('Ascent Workbench 2026-11-25.csv')['content-disposition'],
    );
    expect(await dl.text()).toBe('a,b\r\n');
    expect((await handle(new Request('app://ascent/download/nope'))).status).toBe(404);
    expect((await handle(new Request('app://evil/index.html'))).status).toBe(404);
    expect((await handle(new Request('app://ascent/index.html', { method: 'POST' }))).status).toBe(405);
  });
});

describe('job registry', () => {
  it('types results by kind, keeps the wire order of fields, and hands over finished exports only', () => {
    const jobs = new Jobs();
    const imp = jobs.startImport('a.tsv', []);
    expect(Object.keys(imp.out)).toEqual([
      'id',
      'kind',
      'state',
      'label',
      'rows',
      'fraction',
      'rowsPerSecond',
      'secondsLeft',
      'error',
      'result',
    ]);
    const result = { file: '/x/1.csv', name: 'n.csv', rows: 0, customers: 0, tabs: [], warnings: [] };
    const exp = jobs.startExport('n.csv', result, '/x/1.csv');
    expect(jobs.exportFile(exp.out.id)).toBeNull(); // still running
    expect(jobs.exportFile(imp.out.id)).toBeNull();
    jobs.finish(exp, 'done', null);
    expect(jobs.exportFile(exp.out.id)).toEqual({ path: '/x/1.csv', name: 'n.csv' });
    expect(jobs.get(exp.out.id)).toMatchObject({ kind: 'export', state: 'done', fraction: 1 });
    expect(() => jobs.get('nope')).toThrow(ServiceError);
    jobs.cancel(imp.out.id);
    expect(imp.controller.signal.aborted).toBe(true);
  });
});
