import { createHash } from 'node:crypto';
import { IngestError, toIngestError } from './errors';
import { openRegular, readChunks } from './files';
import { MAX_LINE_BYTES, recordTooLong } from './limits';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface FileSniff {
  sha256: string;
  size: number;
  kind: 'xlsx' | 'text';
  /** null for xlsx */
  encoding: Encoding | null;
  bom: boolean;
  mtime: Date;
  /** UTF-8 files: byte sequences that are not valid UTF-8 (read as U+FFFD); 0 otherwise. */
  invalidUtf8Sequences: number;
}

/** Share of a file's non-ASCII sequences that must be valid UTF-8 for it to be read as UTF-8. */
export const UTF8_EVIDENCE = 0.99;

/**
 * Counts valid and invalid non-ASCII UTF-8 sequences, across chunk boundaries, so that the
 * encoding is decided by evidence: one stray byte in a UTF-8 file must not make every é in it
 * read as windows-1252.
 */
export class Utf8Evidence {
  valid = 0;
  invalid = 0;
  private need = 0;
  private lo = 0x80;
  private hi = 0xbf;

  feed(buf: Buffer, from = 0): void {
    for (let i = from; i < buf.length; i++) {
      const b = buf[i]!;
      if (this.need > 0) {
        if (b >= this.lo && b <= this.hi) {
          this.lo = 0x80;
          this.hi = 0xbf;
          if (--this.need === 0) this.valid++;
          continue;
        }
        this.invalid++;
        this.need = 0;
        this.lo = 0x80;
        this.hi = 0xbf;
      }
      if (b < 0x80) continue;
      if (b >= 0xc2 && b <= 0xdf) this.need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        this.need = 2;
        if (b === 0xe0) this.lo = 0xa0;
        if (b === 0xed) this.hi = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        this.need = 3;
        if (b === 0xf0) this.lo = 0x90;
        if (b === 0xf4) this.hi = 0x8f;
      } else this.invalid++;
    }
  }

  end(): void {
    if (this.need > 0) this.invalid++;
    this.need = 0;
  }

  /** UTF-8 unless the bytes do not read as UTF-8 on the whole. */
  get isUtf8(): boolean {
    return this.invalid === 0 || this.valid / (this.valid + this.invalid) >= UTF8_EVIDENCE;
  }
}

const HEAD_BYTES = 4096;
const HIGH_WATER_MARK = 1 << 20;

/**
 * Bytes between line breaks (LF, CR or CRLF, counted once), so that a file with no line break
 * is refused while it is hashed, before the parse (MAX_LINE_BYTES).
 */
export class LineRuns {
  line = 1;
  private run = 0;
  private pendingCR = false;

  feed(buf: Buffer, from = 0): void {
    const n = buf.length;
    let i = from;
    if (this.pendingCR && i < n) {
      this.pendingCR = false;
      if (buf[i] === 0x0a) i++; // the LF of a CRLF split between two reads
    }
    let lf = indexOr(buf, 0x0a, i);
    let cr = indexOr(buf, 0x0d, i);
    for (;;) {
      const b = lf < cr ? lf : cr;
      this.run += b - i;
      if (this.run > MAX_LINE_BYTES) throw new IngestError(recordTooLong(this.line));
      if (b === n) return;
      this.line++;
      this.run = 0;
      i = b + 1;
      if (b === cr) {
        if (i === n) this.pendingCR = true;
        else if (buf[i] === 0x0a) i++;
      }
      if (lf < i) lf = indexOr(buf, 0x0a, i);
      if (cr < i) cr = indexOr(buf, 0x0d, i);
    }
  }
}

function indexOr(buf: Buffer, byte: number, from: number): number {
  const i = buf.indexOf(byte, from);
  return i < 0 ? buf.length : i;
}

/**
 * One streaming pass: SHA-256 of every byte, kind from the zip magic (never from the
 * extension), encoding from the BOM or by validating UTF-8 over the whole file. Only a regular
 * file is read (devices, FIFOs, sockets and folders are refused first); a text file with a line
 * longer than the record limit is refused during the pass; `signal` stops it within one read.
 */
export async function sniffFile(path: string, signal?: AbortSignal): Promise<FileSniff> {
  const handle = await openRegular(path);
  try {
    return await sniffOpen(handle, signal);
  } finally {
    await handle.close().catch(() => {});
  }
}

async function sniffOpen(
  handle: Awaited<ReturnType<typeof openRegular>>,
  signal?: AbortSignal,
): Promise<FileSniff> {
  let mtime: Date;
  try {
    mtime = (await handle.stat()).mtime;
  } catch (err) {
    throw toIngestError(err);
  }

  const hash = createHash('sha256');
  let size = 0;
  // Bytes are held back until the first HEAD_BYTES are known, since the UTF-16 guess
  // and the kind need them before the per-chunk work can start.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let decided = false;
  // `as` keeps TS from narrowing these to their initial values: they change in closures.
  let kind = 'text' as 'xlsx' | 'text';
  let encoding = null as Encoding | null;
  let bom = false;
  let skip = 0; // BOM bytes still to skip for the emptiness check
  let evidence = null as Utf8Evidence | null; // a BOM-less file that may be UTF-8
  let lines = null as LineRuns | null; // byte-oriented text (UTF-16 is left to the parser)
  let hasContent = false;

  const decide = (head: Buffer): void => {
    decided = true;
    if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
      kind = 'xlsx';
      hasContent = true;
      return;
    }
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
      encoding = 'utf-8';
      bom = true;
      skip = 3;
    } else if (head[0] === 0xff && head[1] === 0xfe) {
      encoding = 'utf-16le';
      bom = true;
      skip = 2;
    } else if (head[0] === 0xfe && head[1] === 0xff) {
      encoding = 'utf-16be';
      bom = true;
      skip = 2;
    } else {
      encoding = guessUtf16(head);
      if (!encoding) {
        encoding = 'utf-8';
        evidence = new Utf8Evidence();
      }
    }
    if (encoding === 'utf-8') lines = new LineRuns();
  };

  const feed = (chunk: Buffer): void => {
    if (kind === 'xlsx') return;
    let start = 0;
    if (skip > 0) {
      start = Math.min(skip, chunk.length);
      skip -= start;
    }
    if (!hasContent) hasContent = hasNonBlank(chunk, start);
    evidence?.feed(chunk, start);
    lines?.feed(chunk, start);
  };

  try {
    for await (const chunk of readChunks(handle, { chunk: HIGH_WATER_MARK, signal })) {
      hash.update(chunk);
      size += chunk.length;
      if (decided) {
        feed(chunk);
        continue;
      }
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= HEAD_BYTES) {
        const all = Buffer.concat(pending);
        pending = [];
        decide(all.subarray(0, HEAD_BYTES));
        feed(all);
      }
    }
  } catch (err) {
    throw toIngestError(err);
  }
  if (!decided) {
    const all = Buffer.concat(pending);
    decide(all);
    feed(all);
  }
  let invalidUtf8Sequences = 0;
  if (evidence) {
    evidence.end(); // a truncated multi-byte sequence at EOF is invalid too
    if (evidence.isUtf8) invalidUtf8Sequences = evidence.invalid;
    else encoding = 'windows-1252';
  }
  if (!hasContent) throw new IngestError({ kind: 'fileEmpty' });
  return {
    sha256: hash.digest('hex'),
    size,
    kind,
    encoding: kind === 'xlsx' ? null : encoding,
    bom,
    mtime,
    invalidUtf8Sequences,
  };
}

/** Whether the bytes hold anything but whitespace or NUL (NUL: the other half of UTF-16 ASCII). */
function hasNonBlank(buf: Buffer, from: number): boolean {
  for (let i = from; i < buf.length; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09 && b !== 0x00) return true;
  }
  return false;
}

/** BOM-less UTF-16: ASCII-heavy text has NUL in every other byte. */
function guessUtf16(head: Buffer): Encoding | null {
  const n = head.length - (head.length % 2);
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * 0.9 && evenNul <= pairs * 0.1) return 'utf-16le';
  if (evenNul >= pairs * 0.9 && oddNul <= pairs * 0.1) return 'utf-16be';
  return null;
}
