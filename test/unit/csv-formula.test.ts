import { describe, expect, it } from 'vitest';
import { csvField, neutraliseFormula } from '../../main/export/csv';

describe('CSV lists neutralise formula leads', () => {
  it('full-width and small forms of = + - @ as well as the ASCII ones', () => {
    for (const s of [
      '＝1+1',
      '＋SUM(A1)',
      '－2+3',
      '＠cmd',
      '﹦1+1',
      '﹢1',
      '﹣1',
      '﹫x',
      '=1+1',
      '@x',
      '\tx',
    ])
      expect(neutraliseFormula(s)).toBe(`'${s}`);
    expect(csvField('＝HYPERLINK("http://x","y")')).toBe(`"'＝HYPERLINK(""http://x"",""y"")"`);
  });

  it('leaves plain numbers and other text alone', () => {
    for (const s of ['-12.5', '+3', '1e5', 'Contoso', '１＝１', 'a＝b']) expect(neutraliseFormula(s)).toBe(s);
  });
});
