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
  // Each message compiled once: formatMessage finds its compiled form by a JSON key of its
  // arguments (the formats included) at every call, which costs more than the formatting when a
  // workbook words the reasons of every customer. The first call goes through formatMessage (a
  // key missing from the catalog throws there); later ones format what it compiled.
  const compiled = new Map<string, ReturnType<IntlShape['formatters']['getMessageFormat']>>();
  const t = (key: keyof C & string, values?: Record<string, string | number | Date>): string => {
    const mf = compiled.get(key);
    if (mf) return mf.format(values) as string;
    const text = intl.formatMessage({ id: key }, values);
    compiled.set(
      key,
      intl.formatters.getMessageFormat(catalog[key] as string, intl.locale, intl.formats, {
        formatters: intl.formatters,
      }),
    );
    return text;
  };
  return { intl, t };
}
