/**
 * The row store's parts as bytes, and back: what the sidecar file beside a workspace holds
 * (./sidecar.ts), so that a workspace opens with its store in a fraction of a second instead of
 * a build of ≈ 10 s. Layout: a fixed prefix (magic, header length, SHA-256 of everything after
 * the prefix), a JSON header (the key, counts, each section's place and the small dictionaries),
 * then the typed arrays, each at an offset that is a multiple of 8 so they can be used in place.
 * Decoding trusts nothing: a wrong magic, length, checksum, format, key, shape or code out of
 * range gives null (the caller rebuilds), never a throw or a store that reads out of bounds.
 */
import { createHash } from 'node:crypto';
import type { Codes, Column, Value } from './coding';
import { KEEP_VALUES, SEARCHED_FIELDS, STORE_COLUMNS, type SearchedField, type StoreField } from './columns';
import { Turns } from '../turns';
import { STORE_FORMAT } from './key';
import type { Flags, StoreParts } from './parts';
import type { Haystack } from './search';

const MAGIC = Buffer.from('ASCSTOR1', 'latin1');
/** Magic (8), header length (4), reserved (4), SHA-256 (32). */
const PREFIX = 48;

type Kind = 'u8' | 'u16' | 'u32' | 'f64';
interface Section {
  kind: Kind;
  /** Byte offset from the start of the file. */
  at: number;
  length: number;
}
interface Header {
  format: string;
  key: string;
  rows: number;
  customers: number;
  rowids: Section;
  customerOf: Section;
  columns: Record<string, { size: number; perCustomer: boolean; codes: Section; dict: Value[] | null }>;
  haystacks: Record<
    string,
    { encoding: 'latin1' | 'utf16le'; text: Section; starts: Section; upper: Section }
  >;
  flags: { idByName: [string, number][]; eosIds: number[]; sets: [number, Section][] };
}

const BYTES: Record<Kind, number> = { u8: 1, u16: 2, u32: 4, f64: 8 };
const kindOf = (a: Codes | Float64Array): Kind =>
  a instanceof Uint8Array
    ? 'u8'
    : a instanceof Uint16Array
      ? 'u16'
      : a instanceof Uint32Array
        ? 'u32'
        : 'f64';
const pad8 = (n: number) => (n + 7) & ~7;

/** The parts as the chunks of one file, in order (written with one writev). */
export function encodeStore(parts: StoreParts): Buffer[] {
  const body: Uint8Array[] = [];
  let at = 0; // from the end of the header, fixed up below
  const place = (a: Codes | Float64Array | Buffer, kind: Kind = kindOf(a)): Section => {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const s = { kind, at, length: a.byteLength / BYTES[kind] };
    body.push(bytes);
    const padding = pad8(a.byteLength) - a.byteLength;
    if (padding) body.push(new Uint8Array(padding));
    at += pad8(a.byteLength);
    return s;
  };
  const columns: Header['columns'] = {};
  for (const [field, col] of Object.entries(parts.columns) as [StoreField, Column][])
    columns[field] = {
      size: col.size,
      perCustomer: col.perCustomer,
      codes: place(col.codes),
      dict: col.dict,
    };
  const haystacks: Header['haystacks'] = {};
  for (const field of SEARCHED_FIELDS) {
    const { text, starts, upper } = parts.haystacks[field];
    // One byte a character when it can be: customer IDs and most names are Latin-1.
    // eslint-disable-next-line no-control-regex
    const encoding = /^[\u0000-\u00ff]*$/.test(text) ? 'latin1' : 'utf16le';
    haystacks[field] = {
      encoding,
      text: place(Buffer.from(text, encoding), 'u8'),
      starts: place(starts),
      upper: place(upper),
    };
  }
  const header: Header = {
    format: STORE_FORMAT,
    key: parts.key,
    rows: parts.rowids.length,
    customers: parts.customers,
    rowids: place(parts.rowids),
    customerOf: place(parts.customerOf),
    columns,
    haystacks,
    flags: {
      idByName: [...parts.flags.idByName],
      eosIds: parts.flags.eosIds,
      sets: [...parts.flags.byId].map(([id, set]) => [id, place(set)]),
    },
  };
  // Sections were placed from 0: they are moved past the prefix and the header, whose length
  // depends on the offsets it names; so it is sized again until the header fits before them.
  const sections = [
    header.rowids,
    header.customerOf,
    ...Object.values(columns).map((c) => c.codes),
    ...Object.values(haystacks).flatMap((h) => [h.text, h.starts, h.upper]),
    ...header.flags.sets.map(([, s]) => s),
  ];
  const from = sections.map((s) => s.at);
  let start = 0;
  let json = JSON.stringify(header);
  while (PREFIX + Buffer.byteLength(json) > start) {
    start = pad8(PREFIX + Buffer.byteLength(json) + 64);
    sections.forEach((s, k) => (s.at = from[k]! + start));
    json = JSON.stringify(header);
  }
  const headerBytes = Buffer.alloc(start - PREFIX, 0x20); // padded with spaces, which JSON allows
  headerBytes.write(json);
  const hash = createHash('sha256').update(headerBytes);
  for (const b of body) hash.update(b);
  const prefix = Buffer.alloc(PREFIX);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(headerBytes.length, 8);
  hash.digest().copy(prefix, 16);
  return [prefix, headerBytes, ...body.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength))];
}

/** Why a copy was not used (for the log), or the parts it holds. */
export type Decoded = { parts: StoreParts } | { refused: string };

/** The parts a file holds, if it is whole, of this format, of `key`, and consistent. */
export async function decodeStore(file: Buffer, key: string, turns = new Turns()): Promise<Decoded> {
  try {
    return await decode(file, key, turns);
  } catch (e) {
    return { refused: `unreadable (${(e as Error).message})` };
  }
}

/**
 * Checks give the event loop a turn every TURN_MS (a 70 MB copy takes a few hundred ms to hash
 * and check), so requests are answered meanwhile, by SQL.
 */
async function decode(file: Buffer, key: string, turns: Turns): Promise<Decoded> {
  if (file.length < PREFIX || !file.subarray(0, 8).equals(MAGIC)) return { refused: 'not a row store file' };
  const headerLength = file.readUInt32LE(8);
  if (PREFIX + headerLength > file.length) return { refused: 'cut short' };
  const header = JSON.parse(file.subarray(PREFIX, PREFIX + headerLength).toString('utf8')) as Header;
  if (header?.format !== STORE_FORMAT) return { refused: 'another format' };
  // The key first: a stale copy is refused before its checksum costs anything.
  if (header.key !== key) return { refused: 'of other data' };
  const hasher = createHash('sha256');
  for (let at = PREFIX; at < file.length; at += HASH_SLICE) {
    hasher.update(file.subarray(at, Math.min(file.length, at + HASH_SLICE)));
    await turns.turn();
  }
  if (!hasher.digest().equals(file.subarray(16, 48))) return { refused: 'damaged (checksum)' };
  const rows = header.rows;
  const customers = header.customers;
  if (!isCount(rows) || !isCount(customers)) return { refused: 'bad counts' };
  const view = (s: Section, kinds: Kind[], length?: number) => section(file, s, kinds, length);
  const rowids = view(header.rowids, ['u32', 'f64'], rows) as Uint32Array | Float64Array;
  const customerOf = view(header.customerOf, ['u32'], rows) as Uint32Array;
  if (rows && maxOf(customerOf) >= customers) throw new Error('record out of range');
  // A rowid that names no row is only left out of a page (rows.ts rowsById); wider ones must be integers.
  if (rowids instanceof Float64Array && !rowids.every((id) => Number.isSafeInteger(id)))
    throw new Error('bad rowid');
  await turns.turn();
  const fields = [...(Object.keys(STORE_COLUMNS) as StoreField[]), 'snapshot' as const];
  if (Object.keys(header.columns ?? {}).length !== fields.length) throw new Error('columns differ');
  const columns = {} as Record<StoreField, Column>;
  for (const field of fields) {
    const c = header.columns[field];
    if (!c || !isCount(c.size)) throw new Error(`column ${field}`);
    const perCustomer = field !== 'snapshot' && STORE_COLUMNS[field].per === 'customer';
    if (c.perCustomer !== perCustomer) throw new Error(`column ${field} level`);
    const codes = view(c.codes, ['u8', 'u16', 'u32'], perCustomer ? customers : rows) as Codes;
    if (maxOf(codes) > c.size) throw new Error(`column ${field} code`);
    await turns.turn();
    const dict = c.dict;
    if (KEEP_VALUES.has(field) !== (dict !== null)) throw new Error(`column ${field} values`);
    if (dict && (!Array.isArray(dict) || dict.length !== c.size || !dict.every(isValue)))
      throw new Error(`column ${field} values`);
    columns[field] = { size: c.size, perCustomer, codes, dict };
  }
  const haystacks = {} as Record<SearchedField, Haystack>;
  for (const field of SEARCHED_FIELDS) {
    const h = header.haystacks?.[field];
    if (!h || (h.encoding !== 'latin1' && h.encoding !== 'utf16le')) throw new Error(`search ${field}`);
    view(h.text, ['u8']); // checks its bounds
    const text = bytesOf(file, h.text).toString(h.encoding);
    const starts = view(h.starts, ['u32'], columns[field].size + 1) as Uint32Array;
    // starts[size] is text.length + 1 (one NUL after each value), 0 for no values.
    const end = starts.length === 1 ? 0 : text.length + 1;
    if (starts[0] !== 0 || starts[starts.length - 1] !== end) throw new Error(`search ${field} ends`);
    for (let c = 1; c < starts.length; c++)
      if (starts[c]! <= starts[c - 1]!) throw new Error(`search ${field} order`);
    const upper = view(h.upper, ['u8'], (text.length + 7) >>> 3) as Uint8Array;
    haystacks[field] = { text, starts, upper };
  }
  const flags: Flags = { byId: new Map(), idByName: new Map(), eosIds: [] };
  for (const [name, id] of header.flags.idByName) {
    if (typeof name !== 'string' || !Number.isSafeInteger(id)) throw new Error('flag names');
    flags.idByName.set(name, id);
  }
  for (const id of header.flags.eosIds) {
    if (!Number.isSafeInteger(id)) throw new Error('flag kinds');
    flags.eosIds.push(id);
  }
  for (const [id, s] of header.flags.sets) {
    if (!Number.isSafeInteger(id)) throw new Error('flag sets');
    flags.byId.set(id, view(s, ['u8'], customers) as Uint8Array);
  }
  return { parts: { key, rowids, customerOf, customers, columns, haystacks, flags } };
}

/** Bytes hashed between two looks at the clock: ≈ 3–5 ms. */
const HASH_SLICE = 8 << 20;

/** The largest code (one loop per array type, so each stays monomorphic). */
function maxOf(codes: Codes): number {
  let max = 0;
  if (codes instanceof Uint8Array)
    for (let i = 0; i < codes.length; i++) max = codes[i]! > max ? codes[i]! : max;
  else if (codes instanceof Uint16Array)
    for (let i = 0; i < codes.length; i++) max = codes[i]! > max ? codes[i]! : max;
  else for (let i = 0; i < codes.length; i++) max = codes[i]! > max ? codes[i]! : max;
  return max;
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isValue = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

function bytesOf(file: Buffer, s: Section): Buffer {
  return file.subarray(s.at, s.at + s.length * BYTES[s.kind]);
}

/** A typed array over a section, in place when aligned (else a copy), after checking its bounds. */
function section(file: Buffer, s: Section, kinds: Kind[], length?: number): Codes | Float64Array {
  if (!s || !kinds.includes(s.kind) || !isCount(s.at) || !isCount(s.length)) throw new Error('bad section');
  if (length !== undefined && s.length !== length) throw new Error('section length');
  const bytes = s.length * BYTES[s.kind];
  if (s.at < PREFIX || s.at + bytes > file.length) throw new Error('section out of the file');
  const Type = { u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, f64: Float64Array }[s.kind];
  const offset = file.byteOffset + s.at;
  if (offset % BYTES[s.kind] === 0) return new Type(file.buffer as ArrayBuffer, offset, s.length);
  const copy = new Type(s.length);
  new Uint8Array(copy.buffer).set(file.subarray(s.at, s.at + bytes));
  return copy;
}
