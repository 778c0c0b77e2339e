// Hostile downloads (issue 11): each built here in a temp folder, imported by a child process
// (import-child.ts) into a fresh workspace so that its peak RSS is its own. Prints one row per
// file: size, outcome, time and peak RSS. Budget: a refused file ≤ 400 MB and ≤ 10 s. Never fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SI_BLOCK, SST_HEAD, SST_TAIL, sheetXml, workbookParts, writeZip } from '../fixtures/hostile-files';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ascent-hostile-bench-'));
const MB = 1 << 20;

function cellsBlock(seed: number): string {
  // ≈ 1 MB of plausible rows (40 cells each), varied enough to compress like a real sheet.
  let s = '';
  let r = seed * 700;
  let x = seed * 7919 + 1;
  while (s.length < MB) {
    r++;
    s += `<row r="${r}">`;
    for (let c = 0; c < 40; c++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      s += `<c r="${String.fromCharCode(65 + (c % 26))}${r}"><v>${x % 100000}</v></c>`;
    }
    s += '</row>';
  }
  return s;
}

const cases: { name: string; build: (f: string) => Promise<void> }[] = [
  {
    name: 'shared strings 40M × "A" (issue: 945 MB)',
    build: (f) =>
      writeZip(
        f,
        workbookParts(sheetXml(''), { head: SST_HEAD, repeat: SI_BLOCK(65_536), times: 611, tail: SST_TAIL }),
      ),
  },
  {
    name: 'shared strings 160M × "A" (issue: V8 fatal)',
    build: (f) =>
      writeZip(
        f,
        workbookParts(sheetXml(''), {
          head: SST_HEAD,
          repeat: SI_BLOCK(65_536),
          times: 2442,
          tail: SST_TAIL,
        }),
      ),
  },
  {
    name: 'shared strings 160M, size lied',
    build: (f) => {
      const parts = workbookParts(sheetXml(''), {
        head: SST_HEAD,
        repeat: SI_BLOCK(65_536),
        times: 2442,
        tail: SST_TAIL,
      });
      parts.find((p) => p.name === 'xl/sharedStrings.xml')!.declare = 50 * MB;
      return writeZip(f, parts);
    },
  },
  {
    name: 'ZIP64 sheet 6 GB blank before strings',
    build: (f) =>
      writeZip(
        f,
        workbookParts(
          { head: '<worksheet><sheetData>', repeat: Buffer.alloc(MB, 0x20), times: 6144 },
          { head: SST_HEAD, tail: SST_TAIL },
        ).map((p) => (p.name.includes('sheet1') ? { ...p, level: 9, declare: 6144 * MB + 22 } : p)),
      ),
  },
  {
    // The slowest refusal: the directory declares just under the limit, so the prescan inflates
    // (and scans) a whole gigabyte before the bytes pass what was declared.
    name: 'sheet 1.1 GB of cells, declared 1023 MB',
    build: (f) => {
      const blocks = Array.from({ length: 16 }, (_, i) => cellsBlock(i));
      return writeZip(
        f,
        workbookParts({ head: '<worksheet><sheetData>', each: (i) => blocks[i % 16]!, times: 1100 }).map(
          (p) => (p.name.includes('sheet1') ? { ...p, level: 1, declare: 1023 * MB } : p),
        ),
      );
    },
  },
  {
    name: 'text 150 MB, no line break',
    build: async (f) => {
      const fd = fs.openSync(f, 'w');
      const chunk = Buffer.alloc(MB, 0x61);
      for (let i = 0; i < 150; i++) fs.writeSync(fd, chunk);
      fs.closeSync(fd);
    },
  },
  {
    name: 'text 600 MB, no line break',
    build: async (f) => {
      const fd = fs.openSync(f, 'w');
      const chunk = Buffer.alloc(MB, 0x61);
      for (let i = 0; i < 600; i++) fs.writeSync(fd, chunk);
      fs.closeSync(fd);
    },
  },
  {
    name: 'text 3 MB line (parser refuses)',
    build: async (f) => fs.writeFileSync(f, 'CustomerID,AccountName\n' + 'b'.repeat(3 * MB) + '\n'),
  },
];

const child = path.join(import.meta.dirname, 'import-child.ts');
const rows: string[][] = [];
try {
  for (const [i, c] of cases.entries()) {
    const f = path.join(dir, `${i}${c.name.startsWith('text') ? '.csv' : '.xlsx'}`);
    const tb = performance.now();
    await c.build(f);
    const built = (performance.now() - tb) / 1000;
    const size = fs.statSync(f).size;
    const db = path.join(dir, `${i}.sqlite`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', child, db, f], { encoding: 'utf8' });
    let out: { status?: string; error?: string | null; seconds?: number; maxRssMb?: number } = {};
    try {
      out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
    } catch {
      out = { status: `exit ${r.status ?? r.signal}`, error: r.stderr.split('\n')[0] ?? '' };
    }
    rows.push([
      c.name,
      `${(size / MB).toFixed(1)} MB`,
      out.status ?? '?',
      `${(out.seconds ?? NaN).toFixed(2)} s`,
      `${(out.maxRssMb ?? NaN).toFixed(0)} MB`,
      `${built.toFixed(1)} s`,
      (out.error ?? '').slice(0, 110),
    ]);
    fs.rmSync(f, { force: true });
    fs.rmSync(db, { force: true });
    for (const x of ['-wal', '-shm']) fs.rmSync(db + x, { force: true });
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const head = ['hostile file', 'on disk', 'status', 'time', 'peak RSS', 'built in', 'message'];
const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
const line = (r: string[]) => r.map((v, k) => v.padEnd(widths[k]!)).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log('budget for a refused file: ≤ 400 MB peak RSS, ≤ 10 s');
