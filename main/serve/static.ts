import fs from 'node:fs';
import path from 'node:path';

/**
 * Maps a URL path to a file inside the built renderer, or null. Refuses traversal (also
 * percent-encoded), absolute paths, NUL bytes and symlinks that lead out of the folder.
 * "/" and paths without an extension serve index.html (the app routes in the hash).
 * Used by browser mode and by the desktop app's app:// protocol.
 */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p === '.')) return null;
  const rel = parts.length === 0 || !path.extname(parts[parts.length - 1]!) ? 'index.html' : parts.join('/');
  let realRoot: string;
  let real: string;
  try {
    realRoot = fs.realpathSync(root);
    real = fs.realpathSync(path.join(realRoot, rel));
  } catch {
    return null;
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return null;
  if (!fs.statSync(real).isFile()) return null;
  return real;
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** The Content-Type of a built renderer file. */
export function contentTypeOf(file: string): string {
  return MIME_TYPES[path.extname(file)] ?? 'application/octet-stream';
}
