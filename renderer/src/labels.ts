/**
 * The renderer's names for things, as catalog keys (i18n/en.ts, nl.ts): pages, filters, the
 * whitespace groupings. Column, cluster and band names come from shared/i18n (i18n/index.tsx:
 * columnLabel, clusterLabel, bandLabel), shared with the exports; product names are proper names.
 */
import type { WHITESPACE_GROUPINGS } from '../../shared/api';
import type { FilterKey } from '../../shared/filters';
import type { LabelledField } from '../../shared/i18n';
import type { MessageKey } from './i18n/en';

export const PAGES = [
  'customers',
  'overview',
  'propensity',
  'whitespace',
  'agreements',
  'imports',
  'views',
  'settings',
] as const;
export type Page = (typeof PAGES)[number];

/** Page names: the navigation and each page's heading. */
export const PAGE_KEYS: Record<Page, MessageKey> = {
  customers: 'page.customers',
  overview: 'page.overview',
  propensity: 'page.propensity',
  whitespace: 'page.whitespace',
  agreements: 'page.agreements',
  imports: 'page.imports',
  views: 'page.views',
  settings: 'page.settings',
};

/**
 * Filter names as the UI shows them (facet legends, chips, saved views), keyed by the filter's
 * key. The registry's English labels (shared/filters) are the CLI's; these are the UI's.
 */
export const FILTER_KEYS_UI: Record<FilterKey, MessageKey> = {
  product: 'filter.product',
  cluster: 'filter.cluster',
  country: 'filter.country',
  area: 'filter.area',
  salesTerritory: 'filter.salesTerritory',
  orgSize: 'filter.orgSize',
  fit: 'filter.fit',
  intent: 'filter.intent',
  whitespaceRevenue: 'filter.whitespaceRevenue',
  agreementEnd: 'filter.agreementEnd',
  expiringRevenue: 'filter.expiringRevenue',
  industry: 'filter.industry',
  vertical: 'filter.vertical',
  subSegment: 'filter.subSegment',
  cell: 'filter.cell',
  computedCluster: 'filter.computedCluster',
  whitespace: 'filter.whitespace',
  upsell: 'filter.upsell',
  eos: 'filter.eos',
  flag: 'filter.flag',
  mismatch: 'filter.mismatch',
  movedIntoActNow: 'filter.movedIntoActNow',
  search: 'filter.search',
};

export function filterKey(k: string): MessageKey | null {
  return Object.prototype.hasOwnProperty.call(FILTER_KEYS_UI, k) ? FILTER_KEYS_UI[k as FilterKey] : null;
}

/** The whitespace page's groupings: a title and the two grouped columns. */
export const WHITESPACE_GROUPS = [
  { by: 'productCluster', title: 'whitespace.byProductCluster', a: 'product', b: 'cluster' },
  { by: 'areaCountry', title: 'whitespace.byAreaCountry', a: 'area', b: 'country' },
  { by: 'industryVertical', title: 'whitespace.byIndustryVertical', a: 'industry', b: 'vertical' },
] as const satisfies readonly {
  by: (typeof WHITESPACE_GROUPINGS)[number];
  title: MessageKey;
  a: LabelledField;
  b: LabelledField;
}[];
