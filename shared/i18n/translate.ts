/**
 * ICU messages through FormatJS (the engine under react-intl; see docs/i18n.md): plurals, numbers
 * and dates in the reader's language. The renderer uses react-intl's provider over the same
 * catalogs; Node code (the workbook, CSV headers) formats with `translator`.
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { FORMAT_TAG, type Locale } from './locales';

export type Catalog = Record<string, string>;

const cache = createIntlCache();

/** A formatter for one language over one catalog; a key missing from the catalog throws. */
export function translator<C extends Catalog>(
  locale: Locale,
  catalog: C,
): {
  t: (key: keyof C & string, values?: Record<string, string | number | Date>) => string;
  intl: IntlShape;
} {
  const intl = createIntl(
    {
      locale: FORMAT_TAG[locale],
      messages: catalog,
      onError: (e) => {
        throw e;
      },
    },
    cache,
  );
  return { intl, t: (key, values) => intl.formatMessage({ id: key }, values) };
}
