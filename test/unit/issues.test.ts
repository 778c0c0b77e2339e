/**
 * A row's import issues in words (shared/i18n/issues.ts): every kind has an English and a Dutch
 * wording that parses as ICU with the same placeholders, the English is the message the import
 * has always stored (word for word, figures bare), and every English message reads back as its
 * kind and figures, so a stored one is worded in Dutch too. A kind added to `IssueParams` without
 * a sample here fails to compile; one without words in a language fails the first test.
 */
import { describe, expect, it } from 'vitest';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { argumentsOf, unworded } from './icu-messages';
import { LOCALES } from '../../shared/i18n/locales';
import {
  ISSUE_MESSAGES,
  issueLine,
  issueOf,
  issueText,
  type IssueKind,
  type RowIssue,
  type RowIssueOf,
} from '../../shared/i18n/issues';

/** One issue of every kind, with figures past a thousand (their grouping differs by language). */
const SAMPLES: { [K in IssueKind]: RowIssueOf<K> } = {
  notCustomerRow: { kind: 'notCustomerRow' },
  noCustomerId: { kind: 'noCustomerId' },
  cutOff: { kind: 'cutOff', fields: 12, header: 44 },
  invalidUtf8: { kind: 'invalidUtf8' },
  extraFields: { kind: 'extraFields', fields: 1045, header: 1044 },
  duplicateId: { kind: 'duplicateId', firstLine: 12_345 },
  unknownCluster: { kind: 'unknownCluster' },
  notNumber: { kind: 'notNumber' },
  notWholeNumber: { kind: 'notWholeNumber' },
  notScore: { kind: 'notScore' },
  scoreNotWhole: { kind: 'scoreNotWhole' },
  scoreOutOfRange: { kind: 'scoreOutOfRange' },
  notPercentage: { kind: 'notPercentage' },
  notYesNo: { kind: 'notYesNo' },
  notValidDate: { kind: 'notValidDate' },
  notDate: { kind: 'notDate' },
  excelSerial60: { kind: 'excelSerial60' },
};

describe('import issues in words', () => {
  it('has an English and a Dutch wording for every kind, and no other', () => {
    for (const l of LOCALES) {
      expect(unworded(SAMPLES, ISSUE_MESSAGES[l]), l).toEqual([]);
      expect(Object.keys(ISSUE_MESSAGES[l]).sort(), l).toEqual(Object.keys(SAMPLES).sort());
    }
    // The check finds a kind without words.
    const lacking: Record<string, string> = { ...ISSUE_MESSAGES.nl };
    delete lacking.duplicateId;
    expect(unworded(SAMPLES, lacking)).toEqual(['duplicateId']);
  });

  it('parses every wording as ICU, with the same placeholders in both languages', () => {
    for (const kind of Object.keys(SAMPLES) as IssueKind[]) {
      const want = [...argumentsOf(parse(ISSUE_MESSAGES.en[kind]))].sort();
      expect([...argumentsOf(parse(ISSUE_MESSAGES.nl[kind]))].sort(), kind).toEqual(want);
      expect(want, kind).toEqual(
        Object.keys(SAMPLES[kind])
          .filter((k) => k !== 'kind')
          .sort(),
      );
      // English figures are plain arguments, so that a stored message reads back.
      for (const e of parse(ISSUE_MESSAGES.en[kind]))
        expect([TYPE.literal, TYPE.argument], kind).toContain(e.type);
    }
  });

  it('words every sample in both languages, differently, without a placeholder left over', () => {
    for (const l of LOCALES)
      for (const i of Object.values(SAMPLES) as RowIssue[]) {
        const line = issueText(i, l);
        expect(line.trim(), `${l} ${i.kind}`).not.toBe('');
        expect(line, `${l} ${i.kind}`).not.toMatch(/[{}]/);
      }
    for (const i of Object.values(SAMPLES) as RowIssue[])
      expect(issueText(i, 'nl'), i.kind).not.toBe(issueText(i, 'en'));
  });

  it('says the messages the import has always stored, word for word', () => {
    expect(issueText(SAMPLES.duplicateId)).toBe('duplicate CustomerID (first on line 12345): rejected');
    expect(issueText(SAMPLES.extraFields)).toBe('row has 1045 fields, the header 1044: extra fields ignored');
    expect(issueText(SAMPLES.cutOff)).toBe(
      'the file ends inside this row: it looks cut off (12 of 44 fields): rejected',
    );
    expect(issueText(SAMPLES.notCustomerRow)).toBe('not a customer row (totals or note): ignored');
    expect(issueText(SAMPLES.invalidUtf8)).toBe('bytes that are not valid UTF-8 were read as \uFFFD');
    expect(issueText(SAMPLES.scoreOutOfRange)).toBe('score outside 0–100');
    expect(issueText(SAMPLES.excelSerial60)).toBe('not a valid date (Excel serial 60 is 1900-02-29)');
  });

  it('reads every English message back as its kind and figures, and nothing else as one', () => {
    for (const i of Object.values(SAMPLES) as RowIssue[]) expect(issueOf(issueText(i)), i.kind).toEqual(i);
    for (const other of [
      'not a valid date (Excel serial 61 is 1900-03-01)',
      'duplicate CustomerID (first on line two): rejected',
      'not a score!',
      'score outside 0-100', // a hyphen, not the en dash
      'geen getal',
      '',
    ])
      expect(issueOf(other), other).toBeUndefined();
  });

  it('words a stored message in Dutch, numbers in the Dutch form; one it does not know stays as stored', () => {
    const stored = issueText(SAMPLES.duplicateId);
    expect(issueLine(stored, issueOf(stored), 'nl')).toBe(
      'dubbele CustomerID (eerst op regel 12.345): afgewezen',
    );
    expect(issueLine('a message from elsewhere', undefined, 'nl')).toBe('a message from elsewhere');
    expect(issueLine('not a number', { kind: 'noSuchKind' }, 'nl')).toBe('not a number');
  });
});
