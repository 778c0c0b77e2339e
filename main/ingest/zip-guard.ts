/**
 * The zip guard: what an XLSX may cost before exceljs sees a byte of it.
 *
 * exceljs streams a workbook through unzipper in the zip's own order, holds every shared string
 * in memory, and writes each sheet that comes before xl/sharedStrings.xml to a temp file, all
 * before anything is checked. So the reader never gives it the file. It reads the zip directory
 * (random access, ZIP64 too), picks the parts exceljs reads, checks their declared sizes, then
 * inflates each part itself while counting: actual bytes against the declared size, the
 * workbook's total, the ratio to the compressed bytes, shared strings, cells (per workbook and
 * per row) and text between two tags. A first pass does only that (no XML is parsed: a bomb is
 * refused in seconds with little memory); the second pass inflates again under the same checks
 * and hands exceljs a zip of its own making: the parts as stored (uncompressed) entries in the
 * order that needs no temp file (relationships, workbook, styles, shared strings, then sheets).
 */
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import type { FileHandle } from 'node:fs/promises';
import { checkSignal } from './errors';
import { readChunks } from './files';
import {
  MAX_CELLS,
  MAX_ROW_CELLS,
  MAX_SHARED_STRINGS,
  MAX_SHARED_STRINGS_BYTES,
  MAX_XLSX_INFLATED,
  MAX_XLSX_RATIO,
  MAX_XML_RUN,
  XLSX_RATIO_GRACE,
} from './limits';

import {
  EOCD_SIG,
  LOCAL_SIG,
  READ_CHUNK,
  corrupt,
  ratioRefusal,
  refused,
  stringsBytesRefusal,
  totalRefusal,
  type ZipPart,
} from './zip-directory';

export { readZipParts, type ZipPart } from './zip-directory';

/** What the parts of one pass have cost so far. */
export class Budget {
  inflated = 0;
  strings = 0;
  cells = 0;
  /** Compressed bytes read (progress). */
  compressedRead = 0;
  constructor(readonly signal?: AbortSignal) {}
}

/**
 * One part's inflated bytes, in chunks of at most 64 KB, checked as they come. Throws the
 * refusal as soon as a limit is passed, so at most one chunk past it is ever produced.
 */
export async function* inflatePart(
  handle: FileHandle,
  part: ZipPart,
  budget: Budget,
): AsyncGenerator<Buffer> {
  const scan = new PartScan(part, budget);
  if (part.data) {
    scan.add(part.data, part.data.length);
    scan.end();
    yield part.data;
    return;
  }
  const head = Buffer.alloc(30);
  await handle.read(head, 0, 30, part.localOffset);
  if (head.readUInt32LE(0) !== LOCAL_SIG) throw corrupt({ kind: 'xlsxEntryDamaged', part: part.name });
  const start = part.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  const chunks = readChunks(handle, {
    chunk: READ_CHUNK,
    start,
    end: start + part.compressedSize,
    signal: budget.signal,
  });
  const counted = async function* () {
    for await (const c of chunks) {
      budget.compressedRead += c.length;
      yield c;
    }
  };
  if (part.method === 0) {
    let read = 0;
    for await (const c of counted()) {
      read += c.length;
      scan.add(c, read);
      yield c;
    }
    scan.end();
    return;
  }
  const inflater = createInflateRaw({ chunkSize: READ_CHUNK });
  const source = Readable.from(counted(), { objectMode: false, highWaterMark: READ_CHUNK });
  source.on('error', (err) => inflater.destroy(err));
  source.pipe(inflater);
  try {
    for await (const out of inflater as AsyncIterable<Buffer>) {
      // bytesWritten: compressed bytes the engine has consumed so far, for the ratio.
      scan.add(out, inflater.bytesWritten);
      yield out;
    }
  } finally {
    source.destroy();
    inflater.destroy();
  }
  scan.end();
}

const LT = 0x3c;

/** The checks on one part's inflated bytes, chunk by chunk (tokens may straddle chunks). */
class PartScan {
  private out = 0;
  private run = 0; // bytes since the last '<'
  private rowCells = 0;
  private tail: Buffer = Buffer.alloc(0);

  constructor(
    private readonly part: ZipPart,
    private readonly budget: Budget,
  ) {}

  add(buf: Buffer, compressedIn: number): void {
    checkSignal(this.budget.signal);
    const part = this.part;
    this.out += buf.length;
    this.budget.inflated += buf.length;
    if (this.out > part.size) throw refused({ kind: 'zipOverDeclared', part: part.name, size: part.size });
    if (this.budget.inflated > MAX_XLSX_INFLATED) throw totalRefusal();
    if (part.kind === 'strings' && this.out > MAX_SHARED_STRINGS_BYTES) throw stringsBytesRefusal();
    if (this.out > XLSX_RATIO_GRACE && this.out > MAX_XLSX_RATIO * compressedIn)
      throw ratioRefusal(part.name);

    // Runs inside one chunk are shorter than the limit; only runs across chunks need counting.
    const first = buf.indexOf(LT);
    if (first < 0) this.run += buf.length;
    else if (this.run + first <= MAX_XML_RUN) this.run = buf.length - 1 - buf.lastIndexOf(LT);
    else this.run += first;
    if (this.run > MAX_XML_RUN)
      throw refused({ kind: 'zipTextRun', part: part.name, limitBytes: MAX_XML_RUN });

    if (part.kind === 'other') return;
    const b = this.tail.length ? Buffer.concat([this.tail, buf]) : buf;
    const skip = this.tail.length; // tokens that ended inside the tail were counted already
    if (part.kind === 'strings') {
      this.budget.strings += countTokens(b, '<si', skip);
      if (this.budget.strings > MAX_SHARED_STRINGS)
        throw refused({ kind: 'zipSharedStrings', limit: MAX_SHARED_STRINGS });
    } else {
      const rows = tokenPositions(b, '<row', skip);
      const cells = tokenPositions(b, '<c', skip);
      let r = 0;
      for (const c of cells) {
        while (r < rows.length && rows[r]! < c) {
          this.rowCells = 0;
          r++;
        }
        if (++this.rowCells > MAX_ROW_CELLS)
          throw refused({ kind: 'zipRowCells', part: part.name, limit: MAX_ROW_CELLS });
      }
      if (r < rows.length) this.rowCells = 0;
      this.budget.cells += cells.length;
      if (this.budget.cells > MAX_CELLS) throw refused({ kind: 'zipCells', limit: MAX_CELLS });
    }
    this.tail = Buffer.from(b.subarray(Math.max(0, b.length - 5)));
  }

  end(): void {
    if (this.out !== this.part.size) throw corrupt({ kind: 'xlsxPartShort', part: this.part.name });
  }
}

/** A tag name ends at whitespace, '>' or '/'. */
function endsName(c: number | undefined): boolean {
  return c === 0x20 || c === 0x3e || c === 0x2f || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Start positions of `<name` tags in b that end past `skip` (the carried-over tail). A token whose
 * following byte is not in b yet is left for the next chunk, which carries it in its tail.
 */
function tokenPositions(b: Buffer, token: string, skip: number): number[] {
  const found: number[] = [];
  const len = token.length + 1;
  for (let i = b.indexOf(token); i >= 0; i = b.indexOf(token, i + 1)) {
    if (i + len > b.length) break;
    if (i + len > skip && endsName(b[i + token.length])) found.push(i);
  }
  return found;
}

function countTokens(b: Buffer, token: string, skip: number): number {
  return tokenPositions(b, token, skip).length;
}

/** The first pass: every part inflated and checked, nothing parsed, nothing kept. */
export async function prescan(handle: FileHandle, parts: ZipPart[], signal?: AbortSignal): Promise<void> {
  const budget = new Budget(signal);
  for (const part of parts) {
    const chunks = inflatePart(handle, part, budget);
    while (!(await chunks.next()).done); // each chunk checked, none kept
  }
}

/**
 * The second pass: a zip stream for exceljs holding the parts, inflated under the same checks,
 * as stored entries in reading order. Errors (a refusal, a cancel) destroy the stream.
 */
export function workbookStream(handle: FileHandle, parts: ZipPart[], budget: Budget): Readable {
  async function* zip(): AsyncGenerator<Buffer> {
    for (const part of parts) {
      yield localHeader(part);
      yield* inflatePart(handle, part, budget);
    }
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(EOCD_SIG, 0);
    yield eocd;
  }
  return Readable.from(zip(), { objectMode: false, highWaterMark: READ_CHUNK });
}

function localHeader(part: ZipPart): Buffer {
  const name = Buffer.from(part.name, 'utf8');
  const h = Buffer.alloc(30 + name.length);
  h.writeUInt32LE(LOCAL_SIG, 0);
  h.writeUInt16LE(20, 4); // version needed
  h.writeUInt16LE(0x0800, 6); // UTF-8 name; sizes known (no data descriptor)
  h.writeUInt16LE(0, 8); // stored
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(0x21, 12); // 1980-01-01
  h.writeUInt32LE(part.crc32, 14);
  h.writeUInt32LE(part.size, 18);
  h.writeUInt32LE(part.size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  name.copy(h, 30);
  return h;
}
