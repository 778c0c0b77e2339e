/**
 * The export's words in one language: the catalogs of shared/i18n (workbook messages, column
 * labels, cluster names) behind one object, built once per language.
 */
import { columnName, type LabelledField } from '../../shared/i18n/columns';
import type { Locale } from '../../shared/i18n/locales';
import { BAND_NAMES, clusterName } from '../../shared/i18n/terms';
import { translator } from '../../shared/i18n/translate';
import { WORKBOOK_MESSAGES, type WorkbookKey } from '../../shared/i18n/workbook';
import { PRODUCT_INFO, isProduct } from '../../shared/domain/products';
import type { TabName } from './options';

export interface Words {
  lang: Locale;
  t: (key: WorkbookKey, values?: Record<string, string | number | Date>) => string;
  /** A column's label, as the UI names it. */
  col: (field: LabelledField) => string;
  /** A tab's sheet name. */
  tab: (name: TabName) => string;
  yesNo: (b: boolean | number | null | undefined) => string | null;
  cluster: (v: string | null | undefined) => string;
  /** "M365: Act Now; Azure: Evaluate" with the clusters in the language. */
  clusterList: (v: string | null | undefined) => string | null;
  band: (v: string) => string;
}

const TAB_KEYS: Record<TabName, WorkbookKey> = {
  Summary: 'tab.summary',
  Customers: 'tab.customers',
  Territories: 'tab.territories',
  'Propensity model': 'tab.propensity',
  'Whitespace revenue': 'tab.whitespace',
  Matrix: 'tab.matrix',
  Upsell: 'tab.upsell',
  'End of service': 'tab.eos',
  'Expiring agreements': 'tab.agreements',
  Movement: 'tab.movement',
};

const cache = new Map<Locale, Words>();

export function wordsFor(lang: Locale = 'en'): Words {
  let w = cache.get(lang);
  if (!w) {
    const { t } = translator(lang, WORKBOOK_MESSAGES[lang]);
    const yes = t('yes');
    const no = t('no');
    w = {
      lang,
      t,
      col: (field) => columnName(lang, field),
      tab: (name) => t(TAB_KEYS[name]),
      yesNo: (b) => (b === null || b === undefined ? null : b ? yes : no),
      cluster: (v) => clusterName(lang, v),
      clusterList: (v) =>
        v == null
          ? null
          : lang === 'en'
            ? v
            : v
                .split('; ')
                .map((part) => {
                  const i = part.lastIndexOf(': ');
                  return i < 0 ? part : `${part.slice(0, i)}: ${clusterName(lang, part.slice(i + 2))}`;
                })
                .join('; '),
      band: (v) => (BAND_NAMES[lang] as Record<string, string>)[v] ?? v,
    };
    cache.set(lang, w);
  }
  return w;
}

/**
 * A product as people read it: "Microsoft 365 (M365)", and "Surface", not "Surface (Surface)":
 * the key only when it says something the name does not.
 */
export function productLabel(key: string): string {
  if (!isProduct(key)) return key;
  const name = PRODUCT_INFO[key].name;
  return name === key ? name : `${name} (${key})`;
}
