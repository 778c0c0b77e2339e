/** The range facets' date fields (renderer/src/date-input.ts): Dutch dd-mm-jjjj, English ISO, strictly. */
import { describe, expect, it } from 'vitest';
import { formatDateInput, parseDateInput } from '../../renderer/src/date-input';

describe('date fields in the UI language', () => {
  it('show an ISO date as dd-mm-jjjj in Dutch and as it is in English', () => {
    expect(formatDateInput('2026-12-01', 'nl')).toBe('01-12-2026');
    expect(formatDateInput('2026-12-01', 'en')).toBe('2026-12-01');
    expect(formatDateInput('', 'nl')).toBe('');
  });

  it('read a Dutch date, one-digit day and month too, and round-trip what they show', () => {
    expect(parseDateInput('01-12-2026', 'nl')).toBe('2026-12-01');
    expect(parseDateInput('1-2-2027', 'nl')).toBe('2027-02-01');
    expect(parseDateInput(' 31-12-2026 ', 'nl')).toBe('2026-12-31');
    expect(parseDateInput('29-02-2028', 'nl')).toBe('2028-02-29');
    for (const iso of ['1900-01-01', '2026-07-04', '9998-12-31'])
      for (const l of ['nl', 'en'] as const) expect(parseDateInput(formatDateInput(iso, l), l)).toBe(iso);
  });

  it('read an English date in the ISO form only', () => {
    expect(parseDateInput('2026-12-01', 'en')).toBe('2026-12-01');
    expect(parseDateInput('2026-1-5', 'en')).toBeNull();
    expect(parseDateInput('12/01/2026', 'en')).toBeNull();
    expect(parseDateInput('01-12-2026', 'en')).toBeNull();
  });

  it('refuse what is no date of the form, never guessing', () => {
    for (const bad of [
      '2026-12-01', // ISO in Dutch: the order is the language's
      '31-02-2026', // no such day
      '29-02-2027', // not a leap year
      '00-12-2026',
      '01-13-2026',
      '1-12-26', // a two-digit year
      '01/12/2026', // another separator
      '01.12.2026',
      '1 december 2026',
      '01-12-2026x',
      '01-12-1899', // before the years the filters take
      '',
    ])
      expect(parseDateInput(bad, 'nl'), bad).toBeNull();
    expect(parseDateInput('2026-02-30', 'en')).toBeNull();
  });
});
