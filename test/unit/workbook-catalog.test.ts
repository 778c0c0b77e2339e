/** The workbook's catalogs: the same keys in every language, and every message formats (ICU) with the same values. */
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/i18n/locales';
import { translator } from '../../shared/i18n/translate';
import { WORKBOOK_MESSAGES, type WorkbookKey } from '../../shared/i18n/workbook';

const VALUES = { count: 1, band: 'High' };

describe('workbook catalogs', () => {
  it('have the same keys in every language', () => {
    const keys = Object.keys(WORKBOOK_MESSAGES.en).sort();
    for (const l of LOCALES) expect(Object.keys(WORKBOOK_MESSAGES[l]).sort(), l).toEqual(keys);
  });

  it('format every message, plurals included, in every language', () => {
    for (const l of LOCALES) {
      const { t } = translator(l, WORKBOOK_MESSAGES[l]);
      for (const key of Object.keys(WORKBOOK_MESSAGES.en) as WorkbookKey[]) {
        const one = t(key, VALUES);
        expect(one.trim(), `${l} ${key}`).not.toBe('');
        expect(one, `${l} ${key}`).not.toMatch(/[{}]/);
      }
      expect(t('totals.agreements', { count: 1 })).not.toBe(t('totals.agreements', { count: 2 }));
    }
    expect(translator('en', WORKBOOK_MESSAGES.en).t('totals.agreements', { count: 1 })).toBe(
      'Total (1 agreement)',
    );
    expect(translator('nl', WORKBOOK_MESSAGES.nl).t('totals.territories', { count: 3 })).toBe(
      'Totaal (3 verkoopgebieden)',
    );
  });
});
