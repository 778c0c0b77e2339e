/**
 * The app:// protocol's handler: the built renderer's files with the app's headers, and export
 * files for download (the renderer's export link; Electron's download shows a save dialog).
 * No `electron` import: main.ts hands it to `protocol.handle`, and it runs on plain Node too.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { downloadHeaders, pageHeaders } from '../serve/headers';
import { contentTypeOf } from '../serve/static';
import { isAppUrl, resolveAppPath } from './security';

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
}

/** A handler for app:// requests over `rendererDist`; `exportFile` finds an export job's file. */
export function appProtocolHandler(
  rendererDist: string,
  exportFile: (id: string) => Promise<{ path: string; name: string } | null>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    if (!isAppUrl(request.url)) return notFound();
    const { pathname } = new URL(request.url);
    if (pathname.startsWith('/download/')) {
      const f = await exportFile(decodeURIComponent(pathname.slice('/download/'.length)));
      if (!f) return notFound();
      return new Response(Readable.toWeb(fs.createReadStream(f.path)) as ReadableStream, {
        headers: downloadHeaders(f.name),
      });
    }
    const file = resolveAppPath(rendererDist, request.url);
    if (!file) return notFound();
    const body = await fs.promises.readFile(file);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      headers: pageHeaders(contentTypeOf(file)),
    });
  };
}
