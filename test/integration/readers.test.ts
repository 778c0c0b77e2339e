import { createHash } from 'node:crypto';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../main/ingest/errors';
import { openRecords } from '../../main/ingest/open';
import type { RawRecord, RecordSource } from '../../main/ingest/records';
import { sniffFile, type Encoding } from '../../main/ingest/sniff';
import { DelimitedParser } from '../../main/ingest/text';
import { openXlsx } from '../../main/ingest/xlsx';

const dir = mkdtempSync(join(tmpdir(), 'ascent-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let seq = 0;

function file(name: string, bytes: Buffer | string): string {
  const p = join(dir, `${seq++}-${name}`);
  writeFileSync(p, bytes);
  return p;
}

const CP1252: Record<string, number> = { '€': 0x80, é: 0xe9, ü: 0xfc, É: 0xc9 };

function encode(text: string, enc: Encoding, bom: boolean): Buffer {
  switch (enc) {
    case 'utf-8':
      return Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]);
    case 'utf-16be': {
      const le = Buffer.from(text, 'utf16le');
      return Buffer.concat([Buffer.from(bom ? [0xfe, 0xff] : []), Buffer.from(le).swap16()]);
    }
    case 'windows-1252':
      return Buffer.from(
        [...text].map((ch) => {
          const c = ch.charCodeAt(0);
          if (c < 0x80) return c;
          const b = CP1252[ch];
          if (b === undefined) throw new Error(`no cp1252 byte for ${ch}`);
          return b;
        }),
      );
  }
}

async function readAll(src: RecordSource): Promise<RawRecord[]> {
  const all: RawRecord[] = [];
  for await (const batch of src.records) all.push(...batch);
  return all;
}

async function load(path: string) {
  const sniff = await sniffFile(path);
  const src = await openRecords(path, sniff);
  return { sniff, src, records: await readAll(src) };
}

/** fds of this process that point at the given path (Linux). */
function openFds(path: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === path) n++;
    } catch {
      // fd closed meanwhile
    }
  }
  return n;
}

async function ingestError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(IngestError);
    return (err as Error).message;
  }
  throw new Error('expected an IngestError');
}

const lines = (recs: RawRecord[]) => recs.map((r) => [r.line, r.cells]);

describe('sniffFile', () => {
  const text = 'Name\tCity\nCafé\tZürich €5\n';
  it.each([
    ['utf-8', false],
    ['utf-8', true],
    ['utf-16le', true],
    ['utf-16be', true],
    ['utf-16le', false],
    ['utf-16be', false],
    ['windows-1252', false],
  ] as [Encoding, boolean][])('%s bom=%s', async (enc, bom) => {
    const bytes = encode(text, enc, bom);
    const p = file('enc.txt', bytes);
    const { sniff, src, records } = await load(p);
    expect(sniff).toMatchObject({ kind: 'text', encoding: enc, bom, size: bytes.length });
    expect(sniff.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(sniff.mtime).toBeInstanceOf(Date);
    expect(src).toMatchObject({ format: 'tsv', delimiter: '\t', encoding: enc });
    expect(lines(records)).toEqual([
      [1, ['Name', 'City']],
      [2, ['Café', 'Zürich €5']],
    ]);
  });

  it('validates UTF-8 over the whole file, not just the head', async () => {
    const head = 'a,b\n'.repeat(400_000); // 1.6 MB of ASCII, beyond one read chunk
    const bytes = Buffer.concat([Buffer.from(head), encode('Café,€\n', 'windows-1252', false)]);
    const p = file('late.csv', bytes);
    const sniff = await sniffFile(p);
    expect(sniff.encoding).toBe('windows-1252');
    expect(sniff.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const recs = await readAll(await openRecords(p, sniff));
    expect(recs.at(-1)).toEqual({ line: 400_001, cells: ['Café', '€'] });
  });

  it('utf-8 split multi-byte character across chunks stays utf-8', async () => {
    const bytes = Buffer.from('x'.repeat((1 << 20) - 1) + 'é\n');
    const sniff = await sniffFile(file('split.txt', bytes));
    expect(sniff.encoding).toBe('utf-8');
  });

  it('xlsx by magic, not by extension', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').addRow(['a']);
    const p = join(dir, 'book.csv');
    await wb.xlsx.writeFile(p);
    const sniff = await sniffFile(p);
    expect(sniff).toMatchObject({ kind: 'xlsx', encoding: null, bom: false });
    expect(sniff.sha256).toBe(createHash('sha256').update(readFileSync(p)).digest('hex'));
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['bom only', Buffer.from([0xef, 0xbb, 0xbf])],
    ['utf-16 bom only', Buffer.from([0xff, 0xfe])],
    ['whitespace', Buffer.from(' \r\n\t\n')],
    ['utf-16 whitespace', encode(' \r\n', 'utf-16le', true)],
  ])('%s → file is empty', async (_name, bytes) => {
    expect(await ingestError(sniffFile(file('empty.txt', bytes)))).toBe('file is empty');
  });

  it('missing file and folder', async () => {
    expect(await ingestError(sniffFile(join(dir, 'nope.tsv')))).toBe('no such file');
    const sub = join(dir, 'folder.tsv');
    mkdirSync(sub);
    expect(await ingestError(sniffFile(sub))).toBe('is a folder');
  });
});

describe('delimited text', () => {
  it('quoted delimiter, doubled quotes, newline inside quotes, physical lines', async () => {
    const p = file('q.csv', 'a,b,c\n"x,y","he said ""hi""","multi\nline\r\nthird"\nnext,row,here\n');
    const { src, records } = await load(p);
    expect(src.format).toBe('csv');
    expect(lines(records)).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['x,y', 'he said "hi"', 'multi\nline\r\nthird']],
      [5, ['next', 'row', 'here']],
    ]);
  });

  it('CRLF, CR-only, no trailing newline', async () => {
    const crlf = await load(file('crlf.csv', 'a,b\r\n1,2\r\n"3\r\n4",5\r\n6,7'));
    expect(lines(crlf.records)).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3\r\n4', '5']],
      [5, ['6', '7']],
    ]);
    const cr = await load(file('cr.csv', 'a,b\r1,2\r"3\r4",5\r6,7\r'));
    expect(lines(cr.records)).toEqual([
      [1, ['a', 'b']],
      [2, ['1', '2']],
      [3, ['3\r4', '5']],
      [5, ['6', '7']],
    ]);
  });

  it('blank lines are records [""], trailing newline is not; stray quotes are literal', async () => {
    const { records } = await load(file('blank.csv', 'a,b\n\nab"c,d\n"e"f,g\n,\n\n'));
    expect(lines(records)).toEqual([
      [1, ['a', 'b']],
      [2, ['']],
      [3, ['ab"c', 'd']],
      [4, ['ef', 'g']],
      [5, ['', '']],
      [6, ['']],
    ]);
  });

  it('ragged rows keep their own length', async () => {
    const { records } = await load(file('ragged.tsv', 'a\tb\tc\n1\t2\n1\t2\t3\t4\n'));
    expect(records.map((r) => r.cells.length)).toEqual([3, 2, 4]);
  });

  const header = Array.from({ length: 35 }, (_, i) => `Col${i}`);
  const row = (i: number) =>
    header.map((_, c) => (c === 1 ? `Contoso, Ltd ${i}` : c === 2 ? '1,5' : `v${i}_${c}`));

  it.each([
    [';', 'csv'],
    ['|', 'csv'],
    [',', 'csv'],
    ['\t', 'tsv'],
  ])('sniffs %j under title rows', async (d, format) => {
    const quote = (s: string) => (s.includes(d) ? `"${s}"` : s);
    const body = [0, 1, 2, 3].map((i) => row(i).map(quote).join(d));
    const text = [
      'CloudAscent M365 propensity – exported 10/20/2026',
      'Partner: Fabrikam, Inc.',
      '',
      header.join(d),
      ...body,
    ].join('\r\n');
    const { src, records } = await load(file('sniff.txt', text));
    expect(src).toMatchObject({ delimiter: d, format });
    expect(records[3]).toMatchObject({ line: 4 });
    expect(records[3]!.cells).toEqual(header);
    expect(records[4]!.cells[1]).toBe('Contoso, Ltd 0');
    expect(records[4]!.cells[2]).toBe('1,5');
    expect(records[4]!.cells).toHaveLength(35);
  });

  it('single-column file', async () => {
    const { src, records } = await load(file('one.txt', 'Name\nContoso\n'));
    expect(src.delimiter).toBe('\t');
    expect(lines(records)).toEqual([
      [1, ['Name']],
      [2, ['Contoso']],
    ]);
  });

  it('streams across chunk boundaries (CRLF and quotes split by the 1 MiB reads)', async () => {
    // Lines of varying length so CR/LF pairs and quoted newlines land on chunk edges.
    const parts: string[] = [];
    const expected: [number, string[]][] = [];
    let line = 1;
    for (let i = 0; i < 120_000; i++) {
      if (i % 7 === 0) {
        const v = `q${'x'.repeat(i % 13)}\r\n"in"`;
        parts.push(`${i},"${v.replace(/"/g, '""')}",${'y'.repeat(i % 5)}\r\n`);
        expected.push([line, [String(i), v, 'y'.repeat(i % 5)]]);
        line += 2;
      } else {
        parts.push(`${i},${'z'.repeat(i % 17)},end\r\n`);
        expected.push([line, [String(i), 'z'.repeat(i % 17), 'end']]);
        line += 1;
      }
    }
    const text = parts.join('');
    expect(text.length).toBeGreaterThan(2 << 20);
    const { records } = await load(file('big.csv', text));
    expect(records.length).toBe(expected.length);
    expect(lines(records)).toEqual(expected);
  });

  it('parser gives the same records for any split of the input', () => {
    const text = 'h1,h2\r\n"a\r\nb","c""d"\r\r\n\n"x",y"z\r"unterminated,\n';
    const whole: RawRecord[] = [];
    new DelimitedParser(',').push(text, true, whole);
    for (let size = 1; size <= 9; size++) {
      const parser = new DelimitedParser(',');
      const out: RawRecord[] = [];
      for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size), false, out);
      parser.push('', true, out);
      expect(out).toEqual(whole);
    }
    expect(lines(whole)).toEqual([
      [1, ['h1', 'h2']],
      [2, ['a\r\nb', 'c"d']],
      [4, ['']],
      [5, ['']],
      [6, ['x', 'y"z']],
      [7, ['unterminated,\n']],
    ]);
  });

  it('closes the file when the consumer breaks out early', async () => {
    const p = file('early.tsv', 'a\tb\n'.repeat(5000));
    const src = await openRecords(p, await sniffFile(p));
    for await (const batch of src.records) {
      expect(batch).toHaveLength(1000);
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(openFds(p)).toBe(0);
    expect(src.bytesRead?.()).toBeGreaterThan(0);
  });
});

describe('xlsx', () => {
  async function propensityBook(): Promise<string> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Cover'); // no cells: skipped
    const ws = wb.addWorksheet('Propensity model');
    ws.getCell('A1').value = 'CloudAscent propensity – exported 10/20/2026';
    ws.getRow(3).values = ['CustomerID', 'AgreementEnd', 'Revenue', 'Double', 'Name', 'Site', 'Flag', 'Err'];
    ws.getCell('A4').value = 'C-1';
    ws.getCell('B4').value = new Date(Date.UTC(2026, 5, 30));
    ws.getCell('B4').numFmt = 'm/d/yyyy';
    ws.getCell('C4').value = 1234.5;
    ws.getCell('D4').value = { formula: 'C4*2', result: 2469 };
    ws.getCell('E4').value = { richText: [{ text: 'Con', font: { bold: true } }, { text: 'toso' }] };
    ws.getCell('F4').value = { text: 'site', hyperlink: 'https://contoso.example' };
    ws.getCell('G4').value = true;
    ws.getCell('H4').value = { error: '#N/A' };
    ws.getCell('A6').value = 'C-2'; // row 5 missing entirely
    ws.getCell('E6').value = 'sparse';
    ws.getCell('A7').value = 'C-3';
    ws.getCell('B7').value = { formula: 'B4+1', result: 46204 };
    ws.getCell('B7').numFmt = 'yyyy-mm-dd';
    wb.addWorksheet('Other').addRow(['other']);
    const p = join(dir, `${seq++}-book.xlsx`);
    await wb.xlsx.writeFile(p);
    return p;
  }

  it('reads the first sheet with data, with typed values and row numbers', async () => {
    const p = await propensityBook();
    const { sniff, src, records } = await load(p);
    expect(sniff.kind).toBe('xlsx');
    expect(src).toMatchObject({ format: 'xlsx', delimiter: null, encoding: null, sheet: 'Propensity model' });
    expect(records.map((r) => r.line)).toEqual([1, 3, 4, 6, 7]);
    expect(records[0]!.cells).toEqual(['CloudAscent propensity – exported 10/20/2026']);
    expect(records[2]!.cells).toEqual([
      'C-1',
      new Date(Date.UTC(2026, 5, 30)),
      1234.5,
      2469,
      'Contoso',
      'site',
      true,
      '#N/A',
    ]);
    expect(records[3]!.cells).toEqual(['C-2', null, null, null, 'sparse']);
    expect(records[4]!.cells).toEqual(['C-3', new Date(Date.UTC(2026, 6, 1))]);
    await new Promise((r) => setTimeout(r, 50));
    expect(openFds(p)).toBe(0);
  });

  it('preferSheet picks the named tab', async () => {
    const p = await propensityBook();
    let seen: string[] = [];
    const src = await openXlsx(p, {
      preferSheet: (names) => {
        seen = names;
        return 'Other';
      },
    });
    expect(seen).toEqual(['Cover', 'Propensity model', 'Other']);
    expect(src.sheet).toBe('Other');
    expect(lines(await readAll(src))).toEqual([[1, ['other']]]);
  });

  it('preferSheet naming a missing tab falls back to the first with data', async () => {
    const src = await openXlsx(await propensityBook(), { preferSheet: () => 'Nope' });
    expect(src.sheet).toBe('Propensity model');
    expect(await readAll(src)).toHaveLength(5);
  });

  it('a workbook without data is an IngestError', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Empty');
    const p = join(dir, `${seq++}-empty.xlsx`);
    await wb.xlsx.writeFile(p);
    expect(await ingestError(openXlsx(p))).toBe('no data in any worksheet');
  });

  it('truncated workbook', async () => {
    const bytes = readFileSync(await propensityBook());
    const p = file('trunc.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    const sniff = await sniffFile(p);
    expect(sniff.kind).toBe('xlsx');
    expect(await ingestError(openRecords(p, sniff))).toMatch(/^corrupt XLSX: /);
    expect(openFds(p)).toBe(0);
  });

  it('zip of random files', async () => {
    const p = file(
      'random.xlsx',
      zip([
        ['readme.txt', Buffer.from('hello')],
        ['data/blob.bin', Buffer.from([1, 2, 3, 4, 5])],
      ]),
    );
    expect(await ingestError(openRecords(p, await sniffFile(p)))).toBe(
      'corrupt XLSX: not an Excel workbook (no xl/workbook.xml)',
    );
    expect(openFds(p)).toBe(0);
  });

  it('garbage worksheet XML inside a well-formed zip', async () => {
    const p = file(
      'garbage.xlsx',
      zip([
        ['xl/workbook.xml', Buffer.from('<workbook><sheets><sheet name="S" sheetId="1" r:id="rId1"/>')],
        ['xl/_rels/workbook.xml.rels', Buffer.from('<<<< not xml')],
        ['xl/worksheets/sheet1.xml', Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>')],
      ]),
    );
    expect(await ingestError(openXlsx(p))).toMatch(/^corrupt XLSX: /);
    await new Promise((r) => setTimeout(r, 50));
    expect(openFds(p)).toBe(0);
  });

  it('damaged compressed data with an intact directory rejects instead of hanging', async () => {
    // exceljs alone hangs on this: unzipper's inflate error goes unobserved.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    for (let i = 0; i < 5000; i++) ws.addRow([i, `name ${i}`, i / 7]);
    const good = join(dir, `${seq++}-good.xlsx`);
    await wb.xlsx.writeFile(good);
    const bytes = Buffer.from(readFileSync(good));
    for (let i = 2000; i < bytes.length - 3000; i += 97) bytes[i] = bytes[i]! ^ 0x5a;
    const p = file('damaged.xlsx', bytes);
    expect(await ingestError(openXlsx(p))).toMatch(/^corrupt XLSX: /);
    await new Promise((r) => setTimeout(r, 50));
    expect(openFds(p)).toBe(0);
  }, 20_000);
});

// Minimal stored (uncompressed) zip writer for fixtures that exceljs would not produce.
function zip(entries: [string, Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function crc32(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const b of buf) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
