/**
 * Response headers both doors send (browser mode's HTTP server and the desktop app's app://
 * protocol): the one Content-Security-Policy, and the headers of an export file's download.
 * Plain data and pure functions: the Electron main process imports them too.
 */

/**
 * The Content-Security-Policy of every page of the app. Scripts only from the app itself (no
 * inline script, no eval); inline styles are allowed because AG Grid positions rows and columns
 * with style attributes; no frames, plugins, form posts or foreign connections.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** The headers every page of the built renderer is served with. */
export function pageHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/** A header parameter value in RFC 5987's form: percent-encoded UTF-8, attr-chars as they are. */
function rfc5987(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The headers of an export file handed over as a download: its type from the extension, and its
 * name twice (RFC 6266): a plain ASCII `filename` for old clients and the exact UTF-8 name.
 */
export function downloadHeaders(name: string): Record<string, string> {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '');
  return {
    'content-type': name.toLowerCase().endsWith('.csv')
      ? 'text/csv; charset=utf-8'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`,
    'x-content-type-options': 'nosniff',
  };
}
