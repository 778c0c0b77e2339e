import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sniffFile } from '../../main/ingest/sniff';
import { openDelimited } from '../../main/ingest/text';

const ROWS = 200_000;
const COLS = 40;

/** Parses a generated 200k × 40 TSV and prints rows/s (no assertions: timings are noisy). */
export async function benchParse(): Promise<void> {
  const path = join(tmpdir(), `ascent-bench-${process.pid}.tsv`);
  const header = Array.from({ length: COLS }, (_, c) => `Column${c}`).join('\t');
  const lines = [header];
  for (let i = 0; i < ROWS; i++) {
    const cells: string[] = [];
    for (let c = 0; c < COLS; c++) {
      cells.push(
        c === 0 ? `C-${i}` : c % 5 === 0 ? 'Yes' : c % 3 === 0 ? String((i * c) % 101) : `text ${c}`,
      );
    }
    lines.push(cells.join('\t'));
  }
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  try {
    const t0 = performance.now();
    const sniff = await sniffFile(path);
    const t1 = performance.now();
    const src = await openDelimited(path, sniff);
    let rows = 0;
    let cells = 0;
    for await (const batch of src.records) {
      rows += batch.length;
      for (const r of batch) cells += r.cells.length;
    }
    const t2 = performance.now();
    const mb = sniff.size / 1e6;
    console.log(
      `sniff: ${mb.toFixed(1)} MB in ${(t1 - t0).toFixed(0)} ms; ` +
        `parse: ${rows} rows (${cells} cells) in ${(t2 - t1).toFixed(0)} ms = ` +
        `${Math.round(rows / ((t2 - t1) / 1000))} rows/s, RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
    );
  } finally {
    rmSync(path, { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchParse();
