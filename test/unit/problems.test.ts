/**
 * The service's refusals and failures in words (shared/i18n/problems.ts): every kind has an
 * English and a Dutch wording that parses as ICU with the same placeholders, the English line is
 * the contract's (the CLI's and the API's `error`, word for word), and Dutch formats numbers and
 * sizes in its own way. A kind added to `ProblemParams` without a sample here fails to compile;
 * one without words in a language fails the first test.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '@formatjs/icu-messageformat-parser';
import { argumentsOf, unworded } from './icu-messages';
import { LOCALES } from '../../shared/i18n/locales';
import {
  PROBLEM_MESSAGES,
  bytesText,
  errorLine,
  problemText,
  type Problem,
  type ProblemKind,
  type ProblemOf,
} from '../../shared/i18n/problems';

/** One problem of every kind, with figures. */
const SAMPLES: { [K in ProblemKind]: ProblemOf<K> } = {
  noSuchFile: { kind: 'noSuchFile' },
  permissionDenied: { kind: 'permissionDenied' },
  isFolder: { kind: 'isFolder' },
  fileLocked: { kind: 'fileLocked' },
  notRegularFile: { kind: 'notRegularFile' },
  fileEmpty: { kind: 'fileEmpty' },
  notAReport: { kind: 'notAReport' },
  noReportColumns: { kind: 'noReportColumns' },
  recordTooLong: { kind: 'recordTooLong', line: 12_345, limitBytes: 1 << 20 },
  noWorksheetData: { kind: 'noWorksheetData' },
  worksheetEmpty: { kind: 'worksheetEmpty', sheet: 'Blad1' },
  importCancelled: { kind: 'importCancelled' },
  badSnapshotDate: { kind: 'badSnapshotDate', date: '2026-13-01' },
  noDataRows: { kind: 'noDataRows' },
  allRowsRejected: { kind: 'allRowsRejected', rejected: 3 },
  shrink: { kind: 'shrink', before: 12_000, after: 3_500 },
  zipTooBig: { kind: 'zipTooBig', limitBytes: 1 << 30 },
  zipBomb: { kind: 'zipBomb', part: 'xl/sharedStrings.xml', ratio: 200, graceBytes: 16 << 20 },
  zipStringsTooBig: { kind: 'zipStringsTooBig', part: 'xl/sharedStrings.xml', limitBytes: 256 << 20 },
  zipEntries: { kind: 'zipEntries', limit: 10_000, directoryBytes: 16 << 20 },
  zipEntriesCounted: { kind: 'zipEntriesCounted', limit: 10_000 },
  zipOverDeclared: { kind: 'zipOverDeclared', part: 'xl/sharedStrings.xml', size: 4_000 },
  zipTextRun: { kind: 'zipTextRun', part: 'xl/worksheets/sheet1.xml', limitBytes: 1 << 20 },
  zipSharedStrings: { kind: 'zipSharedStrings', limit: 4_000_000 },
  zipRowCells: { kind: 'zipRowCells', part: 'xl/worksheets/sheet1.xml', limit: 16_384 },
  zipCells: { kind: 'zipCells', limit: 60_000_000 },
  xlsxNotZip: { kind: 'xlsxNotZip' },
  xlsxTruncated: { kind: 'xlsxTruncated' },
  xlsxDamaged: { kind: 'xlsxDamaged', what: 'zip64' },
  xlsxDuplicate: { kind: 'xlsxDuplicate', part: 'xl/workbook.xml' },
  xlsxNoWorkbook: { kind: 'xlsxNoWorkbook' },
  xlsxNoSheets: { kind: 'xlsxNoSheets' },
  xlsxEncrypted: { kind: 'xlsxEncrypted', part: 'xl/worksheets/sheet1.xml' },
  xlsxMethod: { kind: 'xlsxMethod', part: 'xl/worksheets/sheet1.xml', method: 12_345 },
  xlsxPartDamaged: { kind: 'xlsxPartDamaged', part: 'xl/styles.xml' },
  xlsxEntryDamaged: { kind: 'xlsxEntryDamaged', part: 'xl/styles.xml' },
  xlsxPartShort: { kind: 'xlsxPartShort', part: 'xl/styles.xml' },
  xlsxUnreadable: { kind: 'xlsxUnreadable', detail: 'invalid signature: 0x7070707' },
  exportCancelled: { kind: 'exportCancelled' },
  cannotWrite: { kind: 'cannotWrite', file: '/tmp/x.xlsx', reason: 'denied' },
  noRowsInTabs: { kind: 'noRowsInTabs' },
  workspaceBusy: { kind: 'workspaceBusy', workspace: '/w/W.sqlite' },
  workspaceDiskFull: { kind: 'workspaceDiskFull', workspace: '/w/W.sqlite' },
  workspaceDamaged: { kind: 'workspaceDamaged', workspace: '/w/W.sqlite', detail: 'file is not a database' },
};

describe('problems in words', () => {
  it('has an English and a Dutch wording for every kind, and no other', () => {
    for (const l of LOCALES) {
      expect(unworded(SAMPLES, PROBLEM_MESSAGES[l]), l).toEqual([]);
      expect(Object.keys(PROBLEM_MESSAGES[l]).sort(), l).toEqual(Object.keys(SAMPLES).sort());
    }
    // The check finds a kind without words.
    const lacking: Record<string, string> = { ...PROBLEM_MESSAGES.nl };
    delete lacking.shrink;
    expect(unworded(SAMPLES, lacking)).toEqual(['shrink']);
  });

  it('parses every wording as ICU, with the same placeholders in both languages', () => {
    for (const kind of Object.keys(SAMPLES) as ProblemKind[]) {
      const want = [...argumentsOf(parse(PROBLEM_MESSAGES.en[kind]))].sort();
      expect([...argumentsOf(parse(PROBLEM_MESSAGES.nl[kind]))].sort(), kind).toEqual(want);
      // Every figure of the sample is said, and nothing else is asked for.
      expect(want, kind).toEqual(
        Object.keys(SAMPLES[kind])
          .filter((k) => k !== 'kind')
          .sort(),
      );
    }
  });

  it('words every sample in every language, without a placeholder left over', () => {
    for (const l of LOCALES)
      for (const p of Object.values(SAMPLES) as Problem[]) {
        const line = problemText(p, l);
        expect(line.trim(), `${l} ${p.kind}`).not.toBe('');
        expect(line, `${l} ${p.kind}`).not.toMatch(/[{}]/);
      }
    for (const p of Object.values(SAMPLES) as Problem[])
      expect(problemText(p, 'nl'), p.kind).not.toBe(problemText(p, 'en'));
  });

  it("says the contract's English lines word for word", () => {
    const en = (p: Problem) => problemText(p);
    expect(en(SAMPLES.shrink)).toBe(
      'would replace 12,000 customers with 3,500: use --allow-shrink if the book really shrank',
    );
    expect(en(SAMPLES.recordTooLong)).toBe(
      'line 12,345 is longer than 1 MB: not a CloudAscent download (limit: 1 MB per record)',
    );
    expect(en({ kind: 'allRowsRejected', rejected: 1234 })).toBe('no data rows: all 1234 rows were rejected');
    expect(en(SAMPLES.zipBomb)).toBe(
      'refused: xl/sharedStrings.xml inflates to more than 200 times its compressed size, a zip bomb (limit: 200× past 16 MB)',
    );
    expect(en(SAMPLES.zipRowCells)).toBe(
      "refused: a row of xl/worksheets/sheet1.xml has more than 16,384 cells (limit: 16,384, Excel's column count)",
    );
    expect(en(SAMPLES.zipEntries)).toBe(
      'refused: the zip directory lists more than 10,000 entries (limit: 10,000 entries, 16 MB of directory)',
    );
    expect(en(SAMPLES.xlsxMethod)).toBe(
      'corrupt XLSX: xl/worksheets/sheet1.xml uses compression method 12345, which Excel does not write',
    );
    expect(en({ kind: 'xlsxDamaged', what: 'zip64Extra' })).toBe('corrupt XLSX: damaged ZIP64 extra field');
    expect(en({ kind: 'xlsxDamaged', what: 'directory' })).toBe('corrupt XLSX: damaged ZIP directory');
    expect(en({ kind: 'cannotWrite', file: '/x/y.csv', reason: 'sqlite' })).toBe(
      'cannot write /x/y.csv: it is a SQLite database (a workspace?); choose another name',
    );
    expect(en(SAMPLES.workspaceBusy)).toBe(
      'the workspace is busy importing (/w/W.sqlite is locked by another writer); try again when it is done',
    );
  });

  it('says numbers and sizes the Dutch way in Dutch', () => {
    expect(problemText(SAMPLES.shrink, 'nl')).toBe(
      'zou 12.000 klanten vervangen door 3.500: gebruik --allow-shrink als het klantenbestand echt kleiner is geworden',
    );
    expect(problemText(SAMPLES.zipSharedStrings, 'nl')).toBe(
      'geweigerd: meer dan 4.000.000 gedeelde teksten (limiet: 4.000.000 per werkmap)',
    );
    expect(problemText({ kind: 'allRowsRejected', rejected: 1 }, 'nl')).toBe(
      'geen gegevensrijen: de enige rij is afgewezen',
    );
    expect(problemText({ kind: 'allRowsRejected', rejected: 1234 }, 'nl')).toBe(
      'geen gegevensrijen: alle 1.234 rijen zijn afgewezen',
    );
    expect(bytesText(4000, 'nl')).toBe('4.000 bytes');
    expect(bytesText(4000, 'en')).toBe('4,000 bytes');
    expect(bytesText(1 << 30, 'nl')).toBe('1 GB');
  });

  it("words a problem from the wire, and falls back to the English line for one it doesn't know", () => {
    expect(errorLine('no data rows', { kind: 'noDataRows' }, 'nl')).toBe('geen gegevensrijen');
    expect(errorLine('internal error', undefined, 'nl')).toBe('internal error');
    expect(errorLine('something new', { kind: 'fromANewerService' }, 'nl')).toBe('something new');
    expect(errorLine(null, null, 'en')).toBe('');
  });
});
