import { it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openXlsx } from '/work/main/main/ingest/xlsx';
it('probe', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'probe-'));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('S');
  for (let i = 0; i < 20000; i++) ws.addRow([i, `name ${i}`, Math.random()]);
  const p = join(dir, 'a.xlsx');
  await wb.xlsx.writeFile(p);
  const bytes = readFileSync(p);
  console.log('size', bytes.length);
  for (const [label, mut] of [
    ['damaged', (b: Buffer) => { for (let i = 2000; i < b.length - 3000; i += 97) b[i] = b[i]! ^ 0x5a; }],
    ['zeroed', (b: Buffer) => b.fill(0, 1000, b.length - 3000)],
  ] as const) {
    const b = Buffer.from(bytes); mut(b);
    const q = join(dir, label + '.xlsx'); writeFileSync(q, b);
    const t = Date.now();
    try { const src = await openXlsx(q); let n = 0; for await (const x of src.records) n += x.length; console.log(label, 'ok?', n); }
    catch (e) { console.log(label, (e as Error).message, Date.now() - t, 'ms'); }
  }
  // bypass precheck: call exceljs on truncated directly
  const tr = join(dir, 't.xlsx'); writeFileSync(tr, bytes.subarray(0, bytes.length >> 1));
  const r = new ExcelJS.stream.xlsx.WorkbookReader(tr, {});
  const t = Date.now();
  const res = await Promise.race([(async () => { try { for await (const w of r) { for await (const _ of w) {} } return 'done'; } catch (e) { return 'err ' + (e as Error).message; } })(), new Promise(r => setTimeout(() => r('HANG'), 5000))]);
  console.log('raw exceljs truncated:', res, Date.now() - t);
}, 30000);
