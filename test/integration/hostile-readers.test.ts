/**
 * Issue 11, the readers: hostile downloads are refused with one line naming the limit, before
 * they cost memory, disk or time; only regular files are read; a cancel stops a running read.
 * Every hostile file is built here, at run time, in a temp folder removed afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { openCache } from '../../main/cache/db';
import { IngestError, ReadCancelled } from '../../main/ingest/errors';
import { importFile } from '../../main/ingest/import';
import { openRecords } from '../../main/ingest/open';
import type { RawRecord, RecordSource } from '../../main/ingest/records';
import { sniffFile, type FileSniff } from '../../main/ingest/sniff';
import { openXlsx } from '../../main/ingest/xlsx';
import { SI_BLOCK, SST_HEAD, SST_TAIL, sheetXml, workbookParts, writeZip } from '../fixtures/hostile-files';
import { sampleFiles, tableCounts } from './helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-hostile-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let seq = 0;
const at = (name: string) => path.join(dir, `${seq++}-${name}`);

/** Temp files of exceljs (the tmp package) or of ours in the OS temp folder. */
const tempLeftovers = () =>
  new Set(fs.readdirSync(os.tmpdir()).filter((f) => /^tmp-\d|^ascent-(xlsx|read)/.test(f)));

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(IngestError);
    const msg = (err as Error).message;
    expect(msg).not.toMatch(/\n/);
    return msg;
  }
  throw new Error('expected an IngestError');
}

async function readAll(src: RecordSource): Promise<RawRecord[]> {
  const all: RawRecord[] = [];
  for await (const b of src.records) all.push(...b);
  return all;
}

/** Sniff and read a whole file, as importFile does. */
async function load(file: string): Promise<RawRecord[]> {
  const sniff = await sniffFile(file);
  return readAll(await openRecords(file, sniff));
}

/** A signal that reports aborted after `polls` looks: a cancel in the middle of a read, without timing. */
function abortAfter(polls: number): AbortSignal {
  let n = 0;
  const ac = new AbortController();
  return new Proxy(ac.signal, {
    get(target, prop) {
      if (prop === 'aborted') return ++n > polls;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

describe('XLSX: zip and shared-strings bombs are refused before exceljs sees them', () => {
  it('the issue shape: millions of one-letter shared strings (refused on the ratio its directory declares)', async () => {
    const f = at('strings-bomb.xlsx');
    await writeZip(
      f,
      workbookParts(sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), {
        head: SST_HEAD,
        repeat: SI_BLOCK(10_000),
        times: 420,
        tail: SST_TAIL,
      }),
    );
    expect(fs.statSync(f).size).toBeLessThan(1 << 20);
    const before = tempLeftovers();
    expect(await refusal(load(f))).toBe(
      'refused: xl/sharedStrings.xml inflates to more than 200 times its compressed size, a zip bomb (limit: 200× past 16 MB)',
    );
    expect([...tempLeftovers()].filter((x) => !before.has(x))).toEqual([]);
  });

  it('the same bomb with a directory that lies about the size is refused as the bytes come', async () => {
    const f = at('strings-liar.xlsx');
    const parts = workbookParts(sheetXml(''), {
      head: SST_HEAD,
      repeat: SI_BLOCK(10_000),
      times: 420,
      tail: SST_TAIL,
    });
    parts.find((p) => p.name === 'xl/sharedStrings.xml')!.declare = 4000;
    await writeZip(f, parts);
    expect(await refusal(load(f))).toBe(
      'refused: xl/sharedStrings.xml inflates beyond the 4,000 bytes its zip directory declares, a zip bomb (limit: the declared size)',
    );
  });

  it('more shared strings than the cap, at an ordinary ratio', async () => {
    const f = at('strings-many.xlsx');
    const block = (i: number) => {
      let s = '';
      for (let k = 0; k < 1000; k++) s += `<si><t>${(i * 1000 + k).toString(36)}</t></si>`;
      return s;
    };
    await writeZip(
      f,
      workbookParts(sheetXml(''), { head: SST_HEAD, each: block, times: 4001, tail: SST_TAIL }),
    );
    expect(await refusal(load(f))).toBe(
      'refused: more than 4,000,000 shared strings (limit: 4,000,000 per workbook)',
    );
  });

  it('a ZIP64 sheet of 6 GB placed before sharedStrings.xml is refused, and nothing is written to disk', async () => {
    const f = at('zip64-bomb.xlsx');
    const parts = workbookParts(
      { head: '<worksheet><sheetData>', repeat: ' '.repeat(1 << 16), times: 16 },
      { head: SST_HEAD, tail: SST_TAIL },
    );
    parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!.declare = 6 * 2 ** 30;
    await writeZip(f, parts);
    const before = tempLeftovers();
    expect(await refusal(load(f))).toBe(
      'refused: the workbook inflates beyond 1 GB (limit: 1 GB of XML per workbook)',
    );
    expect([...tempLeftovers()].filter((x) => !before.has(x))).toEqual([]);
  });

  it('a sheet of whitespace under the ratio grace is refused on its text between two tags', async () => {
    const f = at('blank-sheet.xlsx');
    await writeZip(
      f,
      workbookParts({ head: '<worksheet><sheetData>', repeat: ' '.repeat(1 << 16), times: 40 }),
    );
    expect(await refusal(load(f))).toBe(
      'refused: xl/worksheets/sheet1.xml holds more than 1 MB of text between two tags (limit: 1 MB)',
    );
  });

  it('a row with more cells than Excel has columns', async () => {
    const f = at('wide-row.xlsx');
    await writeZip(
      f,
      workbookParts(sheetXml(`<row r="1">${'<c t="inlineStr"><is><t>x</t></is></c>'.repeat(16_385)}</row>`)),
    );
    expect(await refusal(load(f))).toBe(
      "refused: a row of xl/worksheets/sheet1.xml has more than 16,384 cells (limit: 16,384, Excel's column count)",
    );
  });

  it('a workbook whose sheet comes before sharedStrings.xml reads without a temp file', async () => {
    const f = at('sheet-first.xlsx');
    await writeZip(
      f,
      workbookParts(
        sheetXml(
          '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>42</v></c></row>',
        ),
        `${SST_HEAD}<si><t>CustomerID</t></si><si><t>C-1</t></si>${SST_TAIL}`,
      ),
    );
    const before = tempLeftovers();
    const src = await openXlsx(f);
    // Checked while the sheet is being read: exceljs removes its temp copy once done with it.
    expect([...tempLeftovers()].filter((x) => !before.has(x))).toEqual([]);
    expect(src.sheet).toBe('Propensity model');
    expect((await readAll(src)).map((r) => [r.line, r.cells])).toEqual([
      [1, ['CustomerID', 'C-1']],
      [2, ['C-1', 42]],
    ]);
    expect([...tempLeftovers()].filter((x) => !before.has(x))).toEqual([]);
  });

  it('a workbook without sharedStrings.xml reads (inline strings), without a temp file', async () => {
    const f = at('inline.xlsx');
    await writeZip(
      f,
      workbookParts(sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>hi</t></is></c></row>')),
    );
    const before = tempLeftovers();
    expect((await load(f)).map((r) => r.cells)).toEqual([['hi']]);
    expect([...tempLeftovers()].filter((x) => !before.has(x))).toEqual([]);
  });

  it('through importFile: the workspace is unchanged (integrity ok, same snapshots)', async () => {
    const wsDir = fs.mkdtempSync(path.join(dir, 'ws-'));
    const db = openCache(path.join(wsDir, 'cache.sqlite'));
    try {
      for (const s of sampleFiles()) expect((await importFile(db, s)).status).toBe('imported');
      const counts = tableCounts(db);
      const imports = db.prepare('SELECT * FROM imports ORDER BY id').all();
      const f = at('CLASAzurePropensity_2026-12.xlsx');
      const parts = workbookParts(
        { head: '<worksheet><sheetData>', repeat: ' '.repeat(1 << 16), times: 16 },
        { head: SST_HEAD, tail: SST_TAIL },
      );
      parts.find((p) => p.name === 'xl/worksheets/sheet1.xml')!.declare = 6 * 2 ** 30;
      await writeZip(f, parts);
      const r = await importFile(db, f);
      expect(r).toMatchObject({
        status: 'failed',
        error: 'refused: the workbook inflates beyond 1 GB (limit: 1 GB of XML per workbook)',
      });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(tableCounts(db)).toEqual(counts);
      expect(db.prepare('SELECT * FROM imports ORDER BY id').all()).toEqual(imports);
    } finally {
      db.close();
    }
  });

  it('the CLI says it in one line naming the file and the limit', () => {
    const f = at('bomb-cli.xlsx');
    const wsDir = fs.mkdtempSync(path.join(dir, 'cli-'));
    // The same workbook as above, written synchronously for the child.
    return (async () => {
      await writeZip(
        f,
        workbookParts({ head: '<worksheet><sheetData>', repeat: ' '.repeat(1 << 16), times: 40 }),
      );
      const r = spawnSync(
        process.execPath,
        [
          path.resolve(import.meta.dirname, '../../bin/ascent.mjs'),
          'import',
          f,
          '--db',
          path.join(wsDir, 'c.sqlite'),
        ],
        { encoding: 'utf8', env: { ...process.env, ASCENT_DB: '' } },
      );
      expect(r.status).not.toBe(0);
      const line = `${r.stdout}\n${r.stderr}`.split('\n').find((l) => l.includes(path.basename(f)));
      expect(line).toMatch(/bomb-cli\.xlsx.*refused: .*1 MB of text between two tags \(limit: 1 MB\)/);
      expect(`${r.stdout}${r.stderr}`).not.toMatch(/\n\s+at .+:\d+:\d+/);
    })();
  });
});

describe('delimited text: one record is at most 1 MB', () => {
  const HEADER = 'CustomerID,AccountName,Country\n';

  it('a file with no line break is refused by the sniff pass with its line', async () => {
    const f = at('one-line.csv');
    fs.writeFileSync(f, 'x'.repeat(5 << 20));
    expect(await refusal(sniffFile(f))).toBe(
      'line 1 is longer than 1 MB: not a CloudAscent download (limit: 1 MB per record)',
    );
  });

  it('a long line below the sniff pass’s byte bound is refused by the parser, with its line', async () => {
    const f = at('long-line.csv');
    fs.writeFileSync(f, HEADER + 'C-1,a,b\r\n' + 'y'.repeat(3 << 20) + '\n');
    expect(await refusal(load(f))).toBe(
      'line 3 is longer than 1 MB: not a CloudAscent download (limit: 1 MB per record)',
    );
  });

  it('a quoted field of many short lines is one record: refused at the line it starts', async () => {
    const f = at('long-quote.csv');
    fs.writeFileSync(f, HEADER + 'C-1,"' + 'line of a note\n'.repeat(80_000) + '",x\n');
    expect(await refusal(load(f))).toBe(
      'line 2 is longer than 1 MB: not a CloudAscent download (limit: 1 MB per record)',
    );
  });

  it('a long but allowed record still reads', async () => {
    const f = at('ok-line.csv');
    const long = 'z'.repeat(900_000);
    fs.writeFileSync(f, HEADER + `C-1,${long},DE\n`);
    const recs = await load(f);
    expect(recs[1]!.cells).toEqual(['C-1', long, 'DE']);
  });

  it('flags the last record when the file ends without a line break, and only then', async () => {
    const cut = at('cut.csv');
    fs.writeFileSync(cut, HEADER + 'C-1,a,DE\nC-2,b');
    const recs = await load(cut);
    expect(recs.map((r) => r.unterminated ?? false)).toEqual([false, false, true]);
    const whole = at('whole.csv');
    fs.writeFileSync(whole, HEADER + 'C-1,a,DE\nC-2,b,FR\r\n');
    expect((await load(whole)).some((r) => r.unterminated)).toBe(false);
    const quoted = at('cut-quoted.csv');
    fs.writeFileSync(quoted, HEADER + 'C-1,"a\nb",DE');
    expect((await load(quoted)).map((r) => r.unterminated ?? false)).toEqual([false, true]);
  });
});

describe('encoding by evidence', () => {
  it('a UTF-8 file with one invalid byte is UTF-8, and the byte reads as U+FFFD', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `C-${i},Café Müller Ørsted,DE\n`).join('');
    const bytes = Buffer.concat([
      Buffer.from('CustomerID,AccountName,Country\n' + rows),
      Buffer.from('C-bad,Caf'),
      Buffer.from([0xff]),
      Buffer.from(',DE\n'),
    ]);
    const f = at('stray-byte.csv');
    fs.writeFileSync(f, bytes);
    const sniff = await sniffFile(f);
    expect(sniff).toMatchObject({ encoding: 'utf-8', invalidUtf8Sequences: 1 });
    const recs = await readAll(await openRecords(f, sniff));
    expect(recs[1]!.cells[1]).toBe('Café Müller Ørsted');
    expect(recs.at(-1)!.cells[1]).toBe('Caf\uFFFD');
  });

  it('a true windows-1252 file is windows-1252', async () => {
    const text = Array.from({ length: 50 }, (_, i) => `C-${i},Café Müller,DE\n`).join('');
    const bytes = Buffer.from(
      [...('CustomerID,AccountName,Country\n' + text)].map((c) =>
        c === 'é' ? 0xe9 : c === 'ü' ? 0xfc : c.charCodeAt(0),
      ),
    );
    const f = at('cp1252.csv');
    fs.writeFileSync(f, bytes);
    const sniff = await sniffFile(f);
    expect(sniff).toMatchObject({ encoding: 'windows-1252', invalidUtf8Sequences: 0 });
    expect((await readAll(await openRecords(f, sniff)))[1]!.cells[1]).toBe('Café Müller');
  });
});

describe('only regular files are read', () => {
  const textSniff: FileSniff = {
    sha256: '',
    size: 0,
    kind: 'text',
    encoding: 'utf-8',
    bom: false,
    mtime: new Date(),
    invalidUtf8Sequences: 0,
  };

  it('a device, a FIFO, a socket, a link to a device: "not a regular file"; a folder: "is a folder"', async () => {
    expect(await refusal(sniffFile('/dev/zero'))).toBe('not a regular file');
    const link = at('zero.tsv');
    fs.symlinkSync('/dev/zero', link);
    expect(await refusal(sniffFile(link))).toBe('not a regular file');
    const fifo = at('fifo.csv');
    execFileSync('mkfifo', [fifo]);
    // No writer ever comes: a read (or a blocking open) would wait forever.
    expect(await refusal(sniffFile(fifo))).toBe('not a regular file');
    expect(await refusal(openRecords(fifo, textSniff))).toBe('not a regular file');
    expect(await refusal(openXlsx(fifo))).toBe('not a regular file');
    const sock = at('sock.csv');
    const server = net.createServer().listen(sock);
    await new Promise((r) => server.once('listening', r));
    try {
      expect(await refusal(sniffFile(sock))).toBe('not a regular file');
    } finally {
      server.close();
    }
    const folder = at('folder.xlsx');
    fs.mkdirSync(folder);
    expect(await refusal(sniffFile(folder))).toBe('is a folder');
  });

  it('through importFile /dev/zero fails at once', async () => {
    const db = openCache(path.join(fs.mkdtempSync(path.join(dir, 'ws-')), 'c.sqlite'));
    try {
      expect(await importFile(db, '/dev/zero')).toMatchObject({
        status: 'failed',
        error: 'not a regular file',
      });
    } finally {
      db.close();
    }
  });
});

describe('cancel stops a running read', () => {
  const HEADER = 'CustomerID,AccountName,Country\n';
  const bigText = () => {
    const f = at('big.csv');
    fs.writeFileSync(
      f,
      HEADER + Array.from({ length: 60_000 }, (_, i) => `C-${i},Name ${i},DE`).join('\n') + '\n',
    );
    return f;
  };

  it('the sniff pass', async () => {
    const f = at('sniff-cancel.csv');
    fs.writeFileSync(f, 'a,b\n'.repeat(1 << 20)); // 4 MB: four reads
    const err = await sniffFile(f, abortAfter(2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReadCancelled);
    expect((err as Error).message).toBe('import cancelled');
  });

  it('text records: the next batch rejects and the reader stops', async () => {
    const f = bigText();
    const ac = new AbortController();
    const sniff = await sniffFile(f, ac.signal);
    const src = await openRecords(f, sniff, ac.signal);
    const it = src.records[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    ac.abort();
    await expect(it.next()).rejects.toBeInstanceOf(ReadCancelled);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('xlsx: the prescan and the rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Propensity model');
    ws.addRow(['CustomerID', 'AccountName', 'Country']);
    for (let i = 0; i < 5000; i++) ws.addRow([`C-${i}`, `Name ${i}`, 'DE']);
    const f = at('cancel.xlsx');
    await wb.xlsx.writeFile(f);
    await expect(openXlsx(f, { signal: abortAfter(1) })).rejects.toBeInstanceOf(ReadCancelled);
    const ac = new AbortController();
    const src = await openXlsx(f, { signal: ac.signal });
    const it = src.records[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    ac.abort();
    await expect(it.next()).rejects.toBeInstanceOf(ReadCancelled);
    expect(await it.next()).toEqual({ done: true, value: undefined });
  });

  it('importFile reports the cancel and writes nothing', async () => {
    const db = openCache(path.join(fs.mkdtempSync(path.join(dir, 'ws-')), 'c.sqlite'));
    try {
      const counts = tableCounts(db);
      const ac = new AbortController();
      ac.abort();
      expect(await importFile(db, bigText(), { signal: ac.signal })).toMatchObject({
        status: 'failed',
        error: 'import cancelled',
      });
      expect(tableCounts(db)).toEqual(counts);
    } finally {
      db.close();
    }
  });
});
