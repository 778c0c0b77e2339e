/**
 * The zip guard's first look (./zip-guard): the central directory of an XLSX (ZIP64 included),
 * read by random access, and the parts it declares, checked before a byte is inflated.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Problem } from '../../shared/i18n/problems';
import { IngestError } from './errors';
import {
  MAX_SHARED_STRINGS_BYTES,
  MAX_XLSX_INFLATED,
  MAX_XLSX_RATIO,
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

export const EOCD_SIG = 0x06054b50;
const ZIP64_LOCATOR_SIG = 0x07064b50;
const ZIP64_EOCD_SIG = 0x06064b50;
const CD_SIG = 0x02014b50;
export const LOCAL_SIG = 0x04034b50;
const MAX_DIRECTORY_BYTES = 16 << 20;
export const READ_CHUNK = 64 * 1024;

export const STRINGS = 'xl/sharedStrings.xml';
const RELS = 'xl/_rels/workbook.xml.rels';
const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;
/** Parts exceljs reads before the sheets, in the order it needs them. */
const HEAD_PARTS = [RELS, 'xl/workbook.xml', 'xl/styles.xml', STRINGS];

/** A refusal ("refused: …") or a damaged workbook ("corrupt XLSX: …"), worded in shared/i18n/problems.ts. */
export const refused = (p: Problem) => new IngestError(p);
export const corrupt = (p: Problem) => new IngestError(p);

export const totalRefusal = () => refused({ kind: 'zipTooBig', limitBytes: MAX_XLSX_INFLATED });
export const ratioRefusal = (name: string) =>
  refused({ kind: 'zipBomb', part: name, ratio: MAX_XLSX_RATIO, graceBytes: XLSX_RATIO_GRACE });
export const stringsBytesRefusal = () =>
  refused({ kind: 'zipStringsTooBig', part: STRINGS, limitBytes: MAX_SHARED_STRINGS_BYTES });

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
  if (eocd < 0) throw corrupt({ kind: 'xlsxNotZip' });
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the locator sits just before the classic record and points at the ZIP64 record.
    if (eocd < 20 || tail.readUInt32LE(eocd - 20) !== ZIP64_LOCATOR_SIG)
      throw corrupt({ kind: 'xlsxDamaged', what: 'zip64' });
    const at = safe(tail.readBigUInt64LE(eocd - 20 + 8));
    const rec = Buffer.alloc(56);
    if (at + 56 > fileSize) throw corrupt({ kind: 'xlsxTruncated' });
    await handle.read(rec, 0, 56, at);
    if (rec.readUInt32LE(0) !== ZIP64_EOCD_SIG) throw corrupt({ kind: 'xlsxDamaged', what: 'zip64' });
    count = safe(rec.readBigUInt64LE(32));
    cdSize = safe(rec.readBigUInt64LE(40));
    cdOffset = safe(rec.readBigUInt64LE(48));
  }
  if (count > MAX_ZIP_ENTRIES || cdSize > MAX_DIRECTORY_BYTES)
    throw refused({ kind: 'zipEntries', limit: MAX_ZIP_ENTRIES, directoryBytes: MAX_DIRECTORY_BYTES });
  if (cdOffset + cdSize > fileSize) throw corrupt({ kind: 'xlsxTruncated' });
  const cd = Buffer.alloc(cdSize);
  await handle.read(cd, 0, cdSize, cdOffset);

  const byName = new Map<string, ZipPart>();
  let hasWorkbook = false;
  let hasSheet = false;
  let entries = 0;
  for (let p = 0; p + 46 <= cd.length;) {
    if (cd.readUInt32LE(p) !== CD_SIG) throw corrupt({ kind: 'xlsxDamaged', what: 'directory' });
    if (++entries > MAX_ZIP_ENTRIES) throw refused({ kind: 'zipEntriesCounted', limit: MAX_ZIP_ENTRIES });
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
          if (q + 8 > e + 4 + len) throw corrupt({ kind: 'xlsxDamaged', what: 'zip64Extra' });
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
    if (byName.has(name)) throw corrupt({ kind: 'xlsxDuplicate', part: name });
    const kind = sheet ? 'sheet' : name === STRINGS ? 'strings' : 'other';
    byName.set(name, { name, kind, method, flags, crc32, compressedSize, size, localOffset });
  }
  if (!hasWorkbook) throw corrupt({ kind: 'xlsxNoWorkbook' });
  if (!hasSheet) throw corrupt({ kind: 'xlsxNoSheets' });

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
    if ((part.flags ?? 0) & 1) throw corrupt({ kind: 'xlsxEncrypted', part: part.name });
    if (part.method !== 0 && part.method !== 8)
      throw corrupt({ kind: 'xlsxMethod', part: part.name, method: part.method });
    if (part.method === 0 && part.compressedSize !== part.size)
      throw corrupt({ kind: 'xlsxPartDamaged', part: part.name });
    declared += part.size;
    if (declared > MAX_XLSX_INFLATED) throw totalRefusal();
    if (part.kind === 'strings' && part.size > MAX_SHARED_STRINGS_BYTES) throw stringsBytesRefusal();
    if (part.size > XLSX_RATIO_GRACE && part.size > MAX_XLSX_RATIO * part.compressedSize)
      throw ratioRefusal(part.name);
    if (part.data === undefined && part.localOffset + 30 + part.compressedSize > fileSize)
      throw corrupt({ kind: 'xlsxTruncated' });
  }
  return parts;
}

function safe(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt({ kind: 'xlsxDamaged', what: 'zip64' });
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
