import { describe, expect, it } from 'vitest';
import {
  detectDateOrder,
  detectDecimalComma,
  parseBool,
  parseDate,
  parseInteger,
  parseNumber,
  parsePercent,
  parseScore,
} from '../../main/ingest/values';

const ok = <T>(value: T | null) => ({ ok: true, value });

describe('null tokens', () => {
  it.each(['', '   ', '\u00a0', '-', 'N/A', 'n/a', 'null', 'NULL'])('%j is null', (s) => {
    expect(parseNumber(s)).toEqual(ok(null));
    expect(parseDate(s)).toEqual(ok(null));
    expect(parseBool(s)).toEqual(ok(null));
    expect(parseScore(s)).toEqual(ok(null));
  });
  it('null cell is null', () => {
    expect(parseNumber(null)).toEqual(ok(null));
    expect(parseDate(null)).toEqual(ok(null));
  });
});

describe('parseNumber', () => {
  it.each([
    ['$1,234.50', 1234.5],
    ['1.234,50', 1234.5],
    ['1 234,5', 1234.5],
    ['1\u00a0234,5', 1234.5],
    ['1\u202f234\u202f567', 1234567],
    ["1'234.50", 1234.5],
    ['(12.00)', -12],
    ['(1,234.50)', -1234.5],
    ['€ 12', 12],
    ['12 €', 12],
    ['12 USD', 12],
    ['EUR 12,50', 12.5],
    ['-$12', -12],
    ['$-12', -12],
    ['+7', 7],
    ['75%', 75],
    ['1,234', 1234],
    ['12,345,678', 12345678],
    ['12,5', 12.5],
    ['1.234', 1.234],
    ['1.234.567', 1234567],
    ['.5', 0.5],
    ['0', 0],
    ['1.5E+3', 1500],
  ])('%j → %d', (s, n) => {
    expect(parseNumber(s)).toEqual(ok(n));
  });
  it('decimalComma hint', () => {
    expect(parseNumber('1.234,50', { decimalComma: true })).toEqual(ok(1234.5));
    expect(parseNumber('1.234', { decimalComma: true })).toEqual(ok(1234));
    expect(parseNumber('1.234.567', { decimalComma: true })).toEqual(ok(1234567));
    expect(parseNumber('1,234', { decimalComma: true })).toEqual(ok(1.234));
    expect(parseNumber('12.5', { decimalComma: true })).toEqual(ok(12.5));
  });
  it('money is exact to the cent', () => {
    expect(parseNumber('$0.10')).toEqual(ok(0.1));
    expect(parseNumber('1,234,567.89')).toEqual(ok(1234567.89));
  });
  it('numbers pass through', () => {
    expect(parseNumber(3.25)).toEqual(ok(3.25));
    expect(parseNumber(Number.NaN).ok).toBe(false);
  });
  it.each(['abc', '12abc', '1,2,3', '1.2.3', '12 34', '1,234.5.6', '$', '%', '--1', '1 2345'])(
    '%j is not a number',
    (s) => {
      expect(parseNumber(s)).toEqual({ ok: false, message: 'not a number' });
    },
  );
  it('rejects booleans and dates', () => {
    expect(parseNumber(true).ok).toBe(false);
    expect(parseNumber(new Date()).ok).toBe(false);
  });
});

describe('parseInteger', () => {
  it('accepts whole numbers', () => {
    expect(parseInteger('12.0')).toEqual(ok(12));
    expect(parseInteger('1,234')).toEqual(ok(1234));
    expect(parseInteger(7)).toEqual(ok(7));
  });
  it('rejects fractions', () => {
    expect(parseInteger('12.5').ok).toBe(false);
    expect(parseInteger(1.5).ok).toBe(false);
  });
});

describe('parseScore', () => {
  it.each([
    ['0', 0],
    ['100', 100],
    ['75%', 75],
    ['75.0', 75],
    [55, 55],
  ])('%j → %d', (s, n) => expect(parseScore(s)).toEqual(ok(n)));
  it.each(['101', '-1', 101, -1])('%j outside range', (s) =>
    expect(parseScore(s)).toEqual({ ok: false, message: 'score outside 0–100' }),
  );
  it('rejects fractions and text', () => {
    expect(parseScore('75.5').ok).toBe(false);
    expect(parseScore('high').ok).toBe(false);
  });
});

describe('parsePercent', () => {
  it('strips the sign', () => {
    expect(parsePercent('75%')).toEqual(ok(75));
    expect(parsePercent('12,5 %')).toEqual(ok(12.5));
    expect(parsePercent(0.75)).toEqual(ok(0.75));
    expect(parsePercent('x').ok).toBe(false);
  });
});

describe('parseBool', () => {
  it.each(['yes', 'YES', 'Yes', 'y', 'Y', 'true', 'TRUE', '1', ' Yes '])('%j → true', (s) =>
    expect(parseBool(s)).toEqual(ok(true)),
  );
  it.each(['no', 'No', 'n', 'N', 'false', 'FALSE', '0'])('%j → false', (s) =>
    expect(parseBool(s)).toEqual(ok(false)),
  );
  it('booleans and 0/1 numbers', () => {
    expect(parseBool(true)).toEqual(ok(true));
    expect(parseBool(false)).toEqual(ok(false));
    expect(parseBool(1)).toEqual(ok(true));
    expect(parseBool(0)).toEqual(ok(false));
  });
  it('rejects others', () => {
    expect(parseBool('maybe').ok).toBe(false);
    expect(parseBool(2).ok).toBe(false);
  });
});

describe('detectDateOrder', () => {
  it('decides from parts > 12', () => {
    expect(detectDateOrder(['1/2/2026', '13/1/2026'])).toBe('dmy');
    expect(detectDateOrder(['1/2/2026', '1/13/2026'])).toBe('mdy');
    expect(detectDateOrder(['1/2/2026', '12/11/2026'])).toBeNull();
    expect(detectDateOrder(['13/1/2026', '1/13/2026'])).toBeNull();
    expect(detectDateOrder(['2026-01-13', ''])).toBeNull();
  });
});

describe('parseDate', () => {
  it('leap years', () => {
    expect(parseDate('2/29/2024')).toEqual(ok('2024-02-29'));
    expect(parseDate('2/29/2023').ok).toBe(false);
    expect(parseDate('2/29/1900').ok).toBe(false);
    expect(parseDate('2/29/2000')).toEqual(ok('2000-02-29'));
    expect(parseDate('2/30/2024').ok).toBe(false);
    expect(parseDate('2024-02-30').ok).toBe(false);
  });
  it('day/month order', () => {
    expect(parseDate('13/1/2026')).toEqual(ok('2026-01-13'));
    expect(parseDate('1/13/2026')).toEqual(ok('2026-01-13'));
    expect(parseDate('1/2/2026')).toEqual(ok('2026-01-02'));
    expect(parseDate('1-2-2026')).toEqual(ok('2026-02-01'));
    expect(parseDate('1.2.2026')).toEqual(ok('2026-02-01'));
    expect(parseDate('1/2/2026', 'dmy')).toEqual(ok('2026-02-01'));
    expect(parseDate('1-2-2026', 'mdy')).toEqual(ok('2026-01-02'));
    expect(parseDate('13/1/2026', 'mdy').ok).toBe(false);
    expect(parseDate('10/20/2026 12:00:00 AM')).toEqual(ok('2026-10-20'));
  });
  it('ISO', () => {
    expect(parseDate('2026-10-20')).toEqual(ok('2026-10-20'));
    expect(parseDate('2026-10-20T13:45:00Z')).toEqual(ok('2026-10-20'));
    expect(parseDate('2026-10-20 13:45')).toEqual(ok('2026-10-20'));
  });
  it('Excel serials', () => {
    expect(parseDate(1)).toEqual(ok('1900-01-01'));
    expect(parseDate(59)).toEqual(ok('1900-02-28'));
    expect(parseDate(60).ok).toBe(false);
    expect(parseDate(61)).toEqual(ok('1900-03-01'));
    expect(parseDate(45000)).toEqual(ok('2023-03-15'));
    expect(parseDate('45000')).toEqual(ok('2023-03-15'));
    expect(parseDate(45000.75)).toEqual(ok('2023-03-15'));
    expect(parseDate(2958465)).toEqual(ok('9999-12-31'));
    expect(parseDate(2958466).ok).toBe(false);
    expect(parseDate(0).ok).toBe(false);
  });
  it('Date objects use UTC parts', () => {
    expect(parseDate(new Date(Date.UTC(2026, 9, 20, 23, 30)))).toEqual(ok('2026-10-20'));
    expect(parseDate(new Date(Number.NaN)).ok).toBe(false);
  });
  it('rejects others', () => {
    expect(parseDate('20/20/2026').ok).toBe(false);
    expect(parseDate('1/2/26').ok).toBe(false);
    expect(parseDate('soon')).toEqual({ ok: false, message: 'not a date' });
    expect(parseDate(true).ok).toBe(false);
  });
});

describe('detectDecimalComma', () => {
  it.each([
    [['1234,5'], true],
    [['1.234,56'], true],
    [['0,75'], true],
    [['1.234.567'], true],
    [['€ 1 234,50'], true],
    [['1,234.56'], false],
    [['12.5'], false],
    [['$1,234,567'], false],
    [['1,234'], null],
    [['1.234'], null],
    [['12'], null],
    [['abc', ''], null],
    [['12.5', '0,75'], null],
    [['1,234', '0,75'], true],
  ])('%j → %s', (samples, expected) => expect(detectDecimalComma(samples)).toBe(expected));
});
