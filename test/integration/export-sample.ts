/** A workspace over resources/sample (real files, real SQLite) shared by the export tests, and a CSV reader. */
import fs from 'node:fs';
import path from 'node:path';
import { openCache, type DB } from '../../main/cache/db';
import { importFile } from '../../main/ingest/import';
import { sampleFiles, tempDir } from './helpers';

/** Every sample snapshot is current or earlier on this date. */
export const SAMPLE_AS_OF = '2026-11-25';

export interface SampleWorkspace {
  db: DB;
  dbPath: string;
  dir: string;
  out: (name: string) => string;
  cleanup: () => void;
}

export async function sampleWorkspace(): Promise<SampleWorkspace> {
  const dir = tempDir('ascent-export-sample-');
  const dbPath = path.join(dir, 'cache.sqlite');
  const db = openCache(dbPath);
  for (const f of sampleFiles()) {
    const r = await importFile(db, f);
    if (r.status !== 'imported') throw new Error(`sample ${f} not imported: ${r.status}`);
  }
  fs.mkdirSync(path.join(dir, 'out'));
  return {
    db,
    dbPath,
    dir,
    out: (name) => path.join(dir, 'out', name),
    cleanup: () => {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** RFC 4180 records of a CSV text (a BOM dropped): quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\ufeff/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
