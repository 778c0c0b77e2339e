import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bandSql } from '../../main/cache/settings';
import {
  bandOf,
  cellOf,
  classify,
  normaliseCluster,
  DEFAULT_MATRIX,
  validateMatrix,
  BANDS,
} from '../../shared/domain/matrix';
import { fiscalYearOf } from '../../shared/domain/fiscal';
import { deriveSubSegment } from '../../shared/domain/segments';
import { estimateWhitespace, isWhitespace, roundCents } from '../../shared/domain/whitespace';

describe('bands', () => {
  it.each([
    [0, 'Very Low'],
    [29, 'Very Low'],
    [30, 'Low'],
    [54, 'Low'],
    [55, 'Medium'],
    [74, 'Medium'],
    [75, 'High'],
    [100, 'High'],
  ])('score %i is %s', (score, band) => expect(bandOf(score)).toBe(band));
  it('has no band without a score', () => expect(bandOf(null)).toBeNull());
  it('follows configured thresholds', () =>
    expect(bandOf(74, { high: 70, medium: 50, low: 20 })).toBe('High'));
});

describe('matrix', () => {
  it('High fit + High intent is A1, Act Now', () => {
    expect(classify(75, 75)).toEqual({
      fitBand: 'High',
      intentBand: 'High',
      cell: 'A1',
      computedCluster: 'Act Now',
    });
  });
  it.each([
    ['High', 'Very Low', 'B3', 'Evaluate'],
    ['Medium', 'Medium', 'A4', 'Act Now'],
    ['Medium', 'Low', 'B2', 'Evaluate'],
    ['Low', 'High', 'C1', 'Nurture'],
    ['Very Low', 'Medium', 'C4', 'Nurture'],
    ['Low', 'Low', 'D1', 'Educate'],
    ['Very Low', 'Very Low', 'D4', 'Educate'],
  ] as const)('%s fit × %s intent is %s (%s)', (fit, intent, cell, cluster) => {
    expect(cellOf(fit, intent)).toBe(cell);
    expect(DEFAULT_MATRIX.clusterOfLetter[cell[0] as 'A']).toBe(cluster);
  });
  it('has 16 distinct cells', () => {
    const cells = BANDS.flatMap((f) => BANDS.map((i) => cellOf(f, i)));
    expect(new Set(cells).size).toBe(16);
  });
  it('a boundary score moves a customer across cells', () => {
    expect(classify(74, 75).cell).toBe('A3');
    expect(classify(75, 74).cell).toBe('A2');
    expect(classify(54, 55).cell).toBe('C2');
    expect(classify(29, 30).cell).toBe('D2');
  });
  it('no cell when a score is missing', () => expect(classify(80, null).cell).toBeNull());
  it('reads cluster spellings', () => {
    expect(normaliseCluster('act now')).toBe('Act Now');
    expect(normaliseCluster('ActNow')).toBe('Act Now');
    expect(normaliseCluster('EDUCATE')).toBe('Educate');
    expect(normaliseCluster('Later')).toBeNull();
  });
  it('refuses unordered thresholds', () => {
    expect(validateMatrix({ ...DEFAULT_MATRIX, thresholds: { high: 50, medium: 55, low: 30 } })).toMatch(
      /High > Medium/,
    );
    expect(validateMatrix(DEFAULT_MATRIX)).toBeNull();
  });
});

describe('fiscal year', () => {
  it('30 June 2026 is the last day of FY26', () => {
    expect(fiscalYearOf('2026-06-30')).toEqual({ name: 'FY26', start: '2025-07-01', end: '2026-06-30' });
  });
  it('1 July 2026 is the first day of FY27', () => {
    expect(fiscalYearOf('2026-07-01')).toEqual({ name: 'FY27', start: '2026-07-01', end: '2027-06-30' });
  });
  it('names FY by the year it ends, two digits', () => {
    expect(fiscalYearOf('2026-11-25').name).toBe('FY27');
    expect(fiscalYearOf('2099-12-31').name).toBe('FY00');
  });
});

describe('subsegments from OrgSize', () => {
  it.each([
    [1, 'Very small business'],
    [9, 'Very small business'],
    [10, 'Small business'],
    [24, 'Small business'],
    [25, 'Medium business'],
    [299, 'Medium business'],
    [300, 'Top Unmanaged – user based'],
  ])('%i employees: %s', (n, s) => expect(deriveSubSegment(n)).toBe(s));
  it('Azure potential above 10,000 is compute based', () => {
    expect(deriveSubSegment(20, 10_000.01)).toBe('Top Unmanaged – compute based');
    expect(deriveSubSegment(20, 10_000)).toBe('Small business');
  });
  it('no size, no segment', () => expect(deriveSubSegment(null)).toBeNull());
});

describe('whitespace', () => {
  it('is whitespace when the family is not owned', () => {
    expect(isWhitespace('Surface', { M365: false })).toBe(true);
    expect(isWhitespace('Azure', { M365: false, Azure: true })).toBe(false);
  });
  it('a net-new prospect is whitespace when ownership is unknown', () => {
    expect(isWhitespace('D365BC', {}, false)).toBe(true);
    expect(isWhitespace('D365BC', {}, true)).toBe(false);
  });
  it('estimates yearly revenue as OrgSize × share × price', () => {
    expect(estimateWhitespace('M365', 100, null)).toBe(26400);
    expect(estimateWhitespace('O365', 3, null)).toBe(450);
    expect(estimateWhitespace('Surface', 25, null)).toBe(3000);
    expect(estimateWhitespace('D365BC', 7, null)).toBe(1008);
    expect(estimateWhitespace('D365FO', 10, null)).toBe(1260);
    expect(estimateWhitespace('PowerApps', 1, null)).toBe(48);
  });
  it('Azure uses the potential where present, else 100 per employee', () => {
    expect(estimateWhitespace('Azure', 50, 12345.675)).toBe(12345.68);
    expect(estimateWhitespace('Azure', 50, null)).toBe(5000);
  });
  it('rounds to the cent without float drift', () => {
    expect(roundCents(1.005)).toBe(1.01);
    expect(roundCents(0.1 + 0.2)).toBe(0.3);
  });
});

describe('as-of dates at the doors', () => {
  it('accepts real dates only, so no fiscal year past FY9999 is named', async () => {
    const { parseInput } = await import('../../shared/api');
    expect(parseInput('summary', { asOf: '2026-12-02' }).ok).toBe(true);
    for (const asOf of ['9999-99-99', '2026-02-30', '9999-12-31', '1899-12-31'])
      expect(parseInput('summary', { asOf })).toMatchObject({ ok: false });
  });
});

describe('bands in SQL', () => {
  it('bandSql, which settings changes run, bands every score as bandOf does', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE s (score INTEGER)');
    const put = db.prepare('INSERT INTO s VALUES (?)');
    put.run(null);
    for (let v = 0; v <= 100; v++) put.run(v);
    for (const t of [DEFAULT_MATRIX.thresholds, { high: 90, medium: 41, low: 1 }]) {
      const rows = db.prepare(`SELECT score, ${bandSql('score', t)} AS band FROM s`).all() as {
        score: number | null;
        band: string | null;
      }[];
      for (const r of rows) expect(r.band).toBe(bandOf(r.score, t));
    }
    db.close();
  });
});
