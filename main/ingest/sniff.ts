import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { IngestError, toIngestError } from './errors';

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
 * One streaming pass: SHA-256 of every byte, kind from the zip magic (never from the
 * extension), encoding from the BOM or by validating UTF-8 over the whole file.
 */
export async function sniffFile(path: string): Promise<FileSniff> {
  let mtime: Date;
  try {
    const st = await stat(path);
    // Checked up front: createReadStream on a folder only fails on the first read.
    if (st.isDirectory()) throw new IngestError('is a folder');
    mtime = st.mtime;
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
  };

  try {
    const stream = createReadStream(path, { highWaterMark: HIGH_WATER_MARK });
    for await (const data of stream) {
      const chunk = data as Buffer;
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
  if (!hasContent) throw new IngestError('file is empty');
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
