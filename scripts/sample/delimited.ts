/** The delimited-text writer: streaming with back-pressure, quoting styles and encodings. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

export type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'windows-1252';
/**
 * none: never quote (Insights TSV; a value containing the delimiter or a line break is an error);
 * rfc4180: quote when the value contains the delimiter, a double quote, CR or LF;
 * excel-text: Excel's "Unicode text" save — like rfc4180 but also quotes values containing a comma.
 */
export type QuoteStyle = 'none' | 'rfc4180' | 'excel-text';

export interface DelimitedOptions {
  delimiter: string;
  eol: '\n' | '\r\n';
  encoding: TextEncoding;
  quote: QuoteStyle;
}

/** A row to write; a tagged row has its physical start line reported back. */
export type OutRow = readonly string[] | { readonly cells: readonly string[]; readonly tag: string };

export interface DelimitedResult {
  /** Records written (header, title, blank and footer lines included). */
  records: number;
  /** Physical lines (an embedded line break adds one). */
  lines: number;
  bytes: number;
  /** tag → 1-based physical line on which the tagged record starts. */
  tagLines: Map<string, number>;
}

const CP1252_EXTRA: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
  0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
  0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
  0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
}; // prettier-ignore

/** Encodes to windows-1252; characters it cannot represent become '?' (as Excel does). */
export function encodeWindows1252(s: string, strict = false): Buffer {
  const out = Buffer.alloc(s.length);
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0x3f;
    const byte = cp < 0x80 || (cp >= 0xa0 && cp <= 0xff) ? cp : CP1252_EXTRA[cp];
    if (byte === undefined && strict) throw new Error(`not representable in windows-1252: ${ch}`);
    out[n++] = byte ?? 0x3f;
  }
  return out.subarray(0, n);
}

function encode(s: string, enc: TextEncoding): Buffer {
  if (enc === 'utf16le-bom') return Buffer.from(s, 'utf16le');
  if (enc === 'windows-1252') return encodeWindows1252(s, true);
  return Buffer.from(s, 'utf8');
}

function quoteCell(v: string, o: DelimitedOptions): string {
  if (o.quote === 'none') {
    if (v.includes(o.delimiter) || v.includes('\n') || v.includes('\r')) {
      throw new Error(`value cannot be written unquoted: ${JSON.stringify(v)}`);
    }
    return v;
  }
  const needs =
    v.includes(o.delimiter) ||
    v.includes('"') ||
    v.includes('\n') ||
    v.includes('\r') ||
    (o.quote === 'excel-text' && v.includes(','));
  return needs ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Streams rows to `path` with back-pressure; memory use is bounded by the 64 KiB chunk size. */
export async function writeDelimited(
  path: string,
  rows: Iterable<OutRow>,
  o: DelimitedOptions,
): Promise<DelimitedResult> {
  const ws = createWriteStream(path);
  const errored = once(ws, 'error').then(([e]) => Promise.reject(e as Error));
  errored.catch(() => undefined);
  const tagLines = new Map<string, number>();
  let records = 0;
  let line = 1;
  let bytes = 0;
  let chunk = '';
  const flush = async (): Promise<void> => {
    if (!chunk) return;
    const buf = encode(chunk, o.encoding);
    chunk = '';
    bytes += buf.length;
    if (!ws.write(buf)) await Promise.race([once(ws, 'drain'), errored]);
  };
  const bom =
    o.encoding === 'utf8-bom'
      ? Buffer.from([0xef, 0xbb, 0xbf])
      : o.encoding === 'utf16le-bom'
        ? Buffer.from([0xff, 0xfe])
        : null;
  if (bom) {
    ws.write(bom);
    bytes += bom.length;
  }
  for (const row of rows) {
    const cells = 'cells' in row ? row.cells : row;
    if ('tag' in row) tagLines.set(row.tag, line);
    const text = cells.map((c) => quoteCell(c, o)).join(o.delimiter);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
    chunk += text + o.eol;
    line++;
    records++;
    if (chunk.length >= 65_536) await flush();
  }
  await flush();
  ws.end();
  await Promise.race([finished(ws), errored]);
  return { records, lines: line - 1, bytes, tagLines };
}
