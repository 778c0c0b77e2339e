/**
 * Exports through LibreOffice Calc, headless (real files both ways): the CSV target lists come
 * back with every header and value intact, a Dutch workbook opens and re-saves with its tabs and
 * headers, and the PDF of its Summary is one landscape page wide (kept in test-artifacts/).
 * soffice as ./soffice.ts finds it: without it these tests are skipped with the reason, except
 * under CI=true, where a missing soffice fails the run (.ci/run installs libreoffice-calc).
 * LibreOffice takes seconds to start: three runs in all, each converting what it can at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS, exportCsv } from '../../main/export/csv-list';
import { exportWorkbook } from '../../main/export/workbook';
import { columnName } from '../../shared/i18n/columns';
import { WORKBOOK_MESSAGES } from '../../shared/i18n/workbook';
import { headerOf, readWorkbook } from './export-helpers';
import { SAMPLE_AS_OF as AS_OF, parseCsv, sampleWorkspace, type SampleWorkspace } from './export-sample';
import { tempDir } from './helpers';
import { reportMissingSoffice, soffice, SOFFICE, SOFFICE_TIMEOUT } from './soffice';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
reportMissingSoffice('LibreOffice round trips');

/** Pages of a PDF as LibreOffice writes them (uncompressed page dictionaries): their media boxes. */
function pdfPages(file: string): { width: number; height: number }[] {
  const text = fs.readFileSync(file).toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map(
    (m) => ({
      width: Number(m[3]) - Number(m[1]),
      height: Number(m[4]) - Number(m[2]),
    }),
  );
  return pages.map((_, i) => boxes[Math.min(i, boxes.length - 1)]!);
}

describe.skipIf(!SOFFICE)('LibreOffice round trips', () => {
  let ws: SampleWorkspace;
  let dir: string;
  let profile: string;
  let lists: { file: string; lang: 'en' | 'nl'; rows: 'customers' | 'products' }[];
  let book: string;
  let summary: string;

  beforeAll(async () => {
    ws = await sampleWorkspace();
    dir = tempDir('ascent-soffice-');
    profile = path.join(dir, 'profile');
    fs.mkdirSync(path.join(dir, 'in'));
    fs.mkdirSync(path.join(dir, 'out'));
    lists = [];
    for (const [lang, rows] of [
      ['en', 'customers'],
      ['nl', 'products'],
    ] as const) {
      const r = await exportCsv(ws.db, {
        out: path.join(dir, 'in', `list-${lang}-${rows}.csv`),
        filters: {},
        asOf: AS_OF,
        lang,
        rows,
      });
      lists.push({ file: r.file, lang, rows });
    }
    book = (
      await exportWorkbook(ws.db, {
        out: path.join(dir, 'in', 'book-nl.xlsx'),
        asOf: AS_OF,
        filters: {},
        lang: 'nl',
      })
    ).file;
    summary = (
      await exportWorkbook(ws.db, {
        out: path.join(dir, 'in', 'summary-nl.xlsx'),
        asOf: AS_OF,
        filters: {},
        lang: 'nl',
        tabs: ['Summary'],
      })
    ).file;
  }, 120_000);
  afterAll(() => {
    ws?.cleanup();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'reads the CSV target lists back with every header and value intact',
    () => {
      const columns = Math.max(CSV_COLUMNS.customers.length, CSV_COLUMNS.products.length);
      // Comma, double quote, UTF-8, from line 1, every column as text (nothing reinterpreted).
      const asText = Array.from({ length: columns }, (_, i) => `${i + 1}/2`).join('/');
      soffice(
        profile,
        path.join(dir, 'out'),
        [`--infilter=CSV:44,34,76,1,${asText}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1'],
        lists.map((l) => l.file),
      );
      for (const l of lists) {
        const mine = parseCsv(fs.readFileSync(l.file, 'utf8'));
        const back = parseCsv(fs.readFileSync(path.join(dir, 'out', path.basename(l.file)), 'utf8'));
        expect(mine[0]).toEqual(CSV_COLUMNS[l.rows].map((k) => columnName(l.lang, k)));
        expect(back[0]).toEqual(mine[0]);
        expect(back.length).toBe(mine.length);
        expect(mine.length).toBeGreaterThan(200);
        expect(back).toEqual(mine);
      }
    },
    SOFFICE_TIMEOUT,
  );

  it(
    'opens a Dutch workbook and saves it again with its tabs and headers',
    async () => {
      const out = path.join(dir, 'out', 'resaved');
      fs.mkdirSync(out);
      soffice(profile, out, ['--convert-to', 'xlsx'], [book]);
      const original = await readWorkbook(book);
      const resaved = await readWorkbook(path.join(out, 'book-nl.xlsx'));
      const names = original.worksheets.map((w) => w.name);
      expect(names[1]).toBe(WORKBOOK_MESSAGES.nl['tab.customers']);
      expect(resaved.worksheets.map((w) => w.name)).toEqual(names);
      for (const name of names.filter((n) => n !== WORKBOOK_MESSAGES.nl['tab.summary'] && n !== 'Matrix'))
        expect(headerOf(resaved.getWorksheet(name)!), name).toEqual(headerOf(original.getWorksheet(name)!));
      // LibreOffice keeps the print setup it read.
      const k = resaved.getWorksheet(WORKBOOK_MESSAGES.nl['tab.customers'])!;
      expect(k.pageSetup.orientation).toBe('landscape');
      expect(k.pageSetup.fitToWidth).toBe(1);
    },
    SOFFICE_TIMEOUT,
  );

  it(
    'prints the Summary one landscape page wide (PDF kept in test-artifacts/)',
    () => {
      const out = path.join(dir, 'out', 'pdf');
      fs.mkdirSync(out);
      soffice(profile, out, ['--convert-to', 'pdf'], [summary]);
      const pdf = path.join(out, 'summary-nl.pdf');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.copyFileSync(pdf, path.join(ARTIFACTS, 'export-summary-nl.pdf'));
      const pages = pdfPages(pdf);
      // Its columns are far wider than a page: unscaled they would print on two pages side by side.
      expect(pages).toHaveLength(1);
      for (const p of pages) {
        expect(p.width).toBeCloseTo(841.9, 0); // A4 landscape, in points
        expect(p.height).toBeCloseTo(595.3, 0);
      }
    },
    SOFFICE_TIMEOUT,
  );
});
