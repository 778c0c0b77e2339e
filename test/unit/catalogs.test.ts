/**
 * The renderer's message catalogs: Dutch has every English key and no other, every message is
 * valid ICU (FormatJS's parser), both languages use the same placeholders, and plurals and
 * numbers come out in each language's form.
 */
import { describe, expect, it } from 'vitest';
import { parse } from '@formatjs/icu-messageformat-parser';
import { argumentsOf } from './icu-messages';
import { en } from '../../renderer/src/i18n/en';
import { nl } from '../../renderer/src/i18n/nl';
import { translator } from '../../shared/i18n/translate';
import { CLUSTER_NAMES } from '../../shared/i18n';

const CATALOGS: Record<string, Record<string, string>> = { en, nl };

/** The keys of `a` missing from `b`: the check the test below runs, as a function it can test. */
function missing(a: Record<string, string>, b: Record<string, string>): string[] {
  return Object.keys(a).filter((k) => !Object.prototype.hasOwnProperty.call(b, k));
}

describe('message catalogs', () => {
  it('Dutch has every English key and no other', () => {
    expect(missing(en, nl)).toEqual([]);
    expect(missing(nl, en)).toEqual([]);
    // The check finds a key present in one catalog only.
    expect(missing({ ...en, 'x.only': 'x' }, nl)).toEqual(['x.only']);
  });

  it('parses every message as ICU, with the same placeholders in both languages', () => {
    for (const [lang, catalog] of Object.entries(CATALOGS))
      for (const [key, message] of Object.entries(catalog)) {
        expect(() => parse(message), `${lang} ${key}`).not.toThrow();
        expect(message.trim(), `${lang} ${key}`).not.toBe('');
      }
    for (const key of Object.keys(en)) {
      const want = [...argumentsOf(parse(en[key as keyof typeof en]))].sort();
      expect([...argumentsOf(parse(nl[key as keyof typeof nl]))].sort(), key).toEqual(want);
    }
    // A broken message is refused by the parser the test uses.
    expect(() => parse('{count, plural, one {# row}')).toThrow();
  });

  it('formats plurals and numbers in each language', () => {
    const e = translator('en', en);
    const n = translator('nl', nl);
    expect(e.t('count.rows', { count: 1 })).toBe('1 row');
    expect(e.t('count.rows', { count: 1234 })).toBe('1,234 rows');
    expect(e.t('count.issues', { count: 1 })).toBe('1 issue');
    expect(e.t('count.customers', { count: 1234 })).toBe('1,234 customers');
    expect(n.t('count.customers', { count: 1234 })).toBe('1.234 klanten');
    expect(n.t('count.rows', { count: 1 })).toBe('1 rij');
    expect(n.t('export.ready', { rows: 2, customers: 1 })).toBe('Export klaar (2 rijen, 1 klant).');
  });

  it('names Act Now as Partner Center does in Dutch, in the catalog and in shared/i18n alike', () => {
    expect(CLUSTER_NAMES.nl['Act Now']).toBe('Nu actie ondernemen');
    expect(nl['filter.movedIntoActNow']).toContain(CLUSTER_NAMES.nl['Act Now']);
    expect(nl['overview.moved']).toContain(CLUSTER_NAMES.nl['Act Now']);
  });
});
