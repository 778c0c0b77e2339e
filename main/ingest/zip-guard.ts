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
import { checkSignal, IngestError } from './errors';
import { readChunks } from './files';
import {
  formatBytes,
  formatCount,
  MAX_CELLS,
  MAX_ROW_CELLS,
  MAX_SHARED_STRINGS,
  MAX_SHARED_STRINGS_BYTES,
  MAX_XLSX_INFLATED,
  MAX_XLSX_RATIO,
  MAX_XML_RUN,
  MAX_ZIP_ENTRIES,
  XLSX_RATIO_GRACE,
} from './limits';

export interface ZipPart {
  name: string;
  kind: 'sheet' | 'strings' | 'other';
  method: number;
  crc32: number;
  compressedSize: number;
  /** Inflated size as the directory declares it. */
  size: number;
  localOffset: number;
  flags?: number;
  /** Synthesised parts (an empty sharedStrings.xml or relationships) carry their bytes. */
  data?: Buffer;
}

const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CD_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;
const MAX_DIRECTORY_BYTES = 16 << 20;
const READ_CHUNK = 64 * 1024;

const STRINGS = 'xl/sharedStrings.xml';
const RELS = 'xl/_rels/workbook.xml.rels';
const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;
/** Parts exceljs reads before the sheets, in the order it needs them. */
const HEAD_PARTS = [RELS, 'xl/workbook.xml', 'xl/styles.xml', STRINGS];

const refused = (what: string) => new IngestError(`refused: ${what}`);
const corrupt = (what: string) => new IngestError(`corrupt XLSX: ${what}`);

const totalRefusal = () =>
  refused(
    `the workbook inflates beyond ${formatBytes(MAX_XLSX_INFLATED)} (limit: ${formatBytes(MAX_XLSX_INFLATED)} of XML per workbook)`,
  );
const ratioRefusal = (name: string) =>
  refused(
    `${name} inflates to more than ${MAX_XLSX_RATIO} times its compressed size, a zip bomb (limit: ${MAX_XLSX_RATIO}× past ${formatBytes(XLSX_RATIO_GRACE)})`,
  );
const stringsBytesRefusal = () =>
  refused(
    `${STRINGS} inflates beyond ${formatBytes(MAX_SHARED_STRINGS_BYTES)} (limit: ${formatBytes(MAX_SHARED_STRINGS_BYTES)} of shared strings)`,
  );

/**
 * Reads the central directory and returns the parts the reader will inflate, in reading order,
 * after checking what the directory declares. Also tells a truncated archive or a zip that is no
 * workbook from a good one up front: unzipper can stall on those instead of failing.
 */
export async function readZipParts(handle: FileHandle): Promise<ZipPart[]> {
  const { size: fileSize } = await handle.stat();
  const tailLen = Math.min(fileSize, 22 + 0xffff);
  const tail = Buffer.alloc(tailLen);
  await handle.read(tail, 0, tailLen, fileSize - tailLen);
  let eocd = -1;
  for (let i = tailLen - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt('truncated or not a ZIP archive');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the locator sits just before the classic record and points at the ZIP64 record.
    if (eocd < 20 || tail.readUInt32LE(eocd - 20) !== ZIP64_LOCATOR_SIG)
      throw corrupt('damaged ZIP64 directory');
    const at = safe(tail.readBigUInt64LE(eocd - 20 + 8));
    const rec = Buffer.alloc(56);
    if (at + 56 > fileSize) throw corrupt('truncated ZIP archive');
    await handle.read(rec, 0, 56, at);
    if (rec.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw corrupt('damaged ZIP64 directory');
    count = safe(rec.readBigUInt64LE(32));
    cdSize = safe(rec.readBigUInt64LE(40));
    cdOffset = safe(rec.readBigUInt64LE(48));
  }
  if (count > MAX_ZIP_ENTRIES || cdSize > MAX_DIRECTORY_BYTES)
    throw refused(
      `the zip directory lists more than ${formatCount(MAX_ZIP_ENTRIES)} entries (limit: ${formatCount(MAX_ZIP_ENTRIES)} entries, ${formatBytes(MAX_DIRECTORY_BYTES)} of directory)`,
    );
  if (cdOffset + cdSize > fileSize) throw corrupt('truncated ZIP archive');
  const cd = Buffer.alloc(cdSize);
  await handle.read(cd, 0, cdSize, cdOffset);

  const byName = new Map<string, ZipPart>();
  let hasWorkbook = false;
  let hasSheet = false;
  let entries = 0;
  for (let p = 0; p + 46 <= cd.length;) {
    if (cd.readUInt32LE(p) !== CD_SIG) throw corrupt('damaged ZIP directory');
    if (++entries > MAX_ZIP_ENTRIES)
      throw refused(
        `the zip directory lists more than ${formatCount(MAX_ZIP_ENTRIES)} entries (limit: ${formatCount(MAX_ZIP_ENTRIES)} entries)`,
      );
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc32 = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    let localOffset = cd.readUInt32LE(p + 42);
    const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
    // ZIP64 extra field: the 8-byte values, in this order, for the fields set to 0xffffffff.
    for (let e = p + 46 + nameLen, end = e + extraLen; e + 4 <= end;) {
      const id = cd.readUInt16LE(e);
      const len = cd.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const next = () => {
          if (q + 8 > e + 4 + len) throw corrupt('damaged ZIP64 extra field');
          const v = safe(cd.readBigUInt64LE(q));
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localOffset === 0xffffffff) localOffset = next();
      }
      e += 4 + len;
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (name === 'xl/workbook.xml') hasWorkbook = true;
    const sheet = SHEET.test(name);
    if (sheet) hasSheet = true;
    if (!sheet && !HEAD_PARTS.includes(name)) continue; // not read: costs nothing
    if (byName.has(name)) throw corrupt(`${name} appears twice in the ZIP directory`);
    const kind = sheet ? 'sheet' : name === STRINGS ? 'strings' : 'other';
    byName.set(name, { name, kind, method, flags, crc32, compressedSize, size, localOffset });
  }
  if (!hasWorkbook) throw corrupt('not an Excel workbook (no xl/workbook.xml)');
  if (!hasSheet) throw corrupt('workbook has no worksheets');

  const sheets = [...byName.values()]
    .filter((p) => p.kind === 'sheet')
    .sort((a, b) => Number(SHEET.exec(a.name)![1]) - Number(SHEET.exec(b.name)![1]));
  const parts: ZipPart[] = [];
  for (const name of HEAD_PARTS) {
    const part = byName.get(name);
    if (part) parts.push(part);
    else if (name === STRINGS || name === RELS) parts.push(synthesised(name));
  }
  parts.push(...sheets);

  let declared = 0;
  for (const part of parts) {
    if ((part.flags ?? 0) & 1) throw corrupt(`${part.name} is encrypted`);
    if (part.method !== 0 && part.method !== 8)
      throw corrupt(`${part.name} uses compression method ${part.method}, which Excel does not write`);
    if (part.method === 0 && part.compressedSize !== part.size)
      throw corrupt(`${part.name}: damaged ZIP directory`);
    declared += part.size;
    if (declared > MAX_XLSX_INFLATED) throw totalRefusal();
    if (part.kind === 'strings' && part.size > MAX_SHARED_STRINGS_BYTES) throw stringsBytesRefusal();
    if (part.size > XLSX_RATIO_GRACE && part.size > MAX_XLSX_RATIO * part.compressedSize)
      throw ratioRefusal(part.name);
    if (part.data === undefined && part.localOffset + 30 + part.compressedSize > fileSize)
      throw corrupt('truncated ZIP archive');
  }
  return parts;
}

function safe(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('damaged ZIP64 directory');
  return Number(v);
}

function synthesised(name: string): ZipPart {
  const data = Buffer.from(
    name === STRINGS
      ? '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>'
      : '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>',
  );
  return {
    name,
    kind: 'other',
    method: 0,
    crc32: 0,
    compressedSize: data.length,
    size: data.length,
    localOffset: 0,
    data,
  };
}

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
  if (head.readUInt32LE(0) !== LOCAL_SIG) throw corrupt(`damaged ZIP entry ${part.name}`);
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
    if (this.out > part.size)
      throw refused(
        `${part.name} inflates beyond the ${formatCount(part.size)} bytes its zip directory declares, a zip bomb (limit: the declared size)`,
      );
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
      throw refused(
        `${part.name} holds more than ${formatBytes(MAX_XML_RUN)} of text between two tags (limit: ${formatBytes(MAX_XML_RUN)})`,
      );

    if (part.kind === 'other') return;
    const b = this.tail.length ? Buffer.concat([this.tail, buf]) : buf;
    const skip = this.tail.length; // tokens that ended inside the tail were counted already
    if (part.kind === 'strings') {
      this.budget.strings += countTokens(b, '<si', skip);
      if (this.budget.strings > MAX_SHARED_STRINGS)
        throw refused(
          `more than ${formatCount(MAX_SHARED_STRINGS)} shared strings (limit: ${formatCount(MAX_SHARED_STRINGS)} per workbook)`,
        );
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
          throw refused(
            `a row of ${part.name} has more than ${formatCount(MAX_ROW_CELLS)} cells (limit: ${formatCount(MAX_ROW_CELLS)}, Excel's column count)`,
          );
      }
      if (r < rows.length) this.rowCells = 0;
      this.budget.cells += cells.length;
      if (this.budget.cells > MAX_CELLS)
        throw refused(
          `more than ${formatCount(MAX_CELLS)} cells (limit: ${formatCount(MAX_CELLS)} per workbook)`,
        );
    }
    this.tail = Buffer.from(b.subarray(Math.max(0, b.length - 5)));
  }

  end(): void {
    if (this.out !== this.part.size)
      throw corrupt(`${this.part.name} is shorter than its ZIP directory declares`);
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
  for (const part of parts) for await (const _ of inflatePart(handle, part, budget));
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
