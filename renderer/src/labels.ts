/**
 * The renderer's names for things, in one place: pages, the agreements grid, the whitespace
 * groupings and yes/no values. The propensity grid's column names and the filter names live in
 * components/columns.ts (and move to the filter registry); product and report names come from
 * shared/domain. A translated UI replaces these tables, not the views.
 */
import type { AgreementRowOut, WHITESPACE_GROUPINGS } from '../../shared/api';
import { COLUMN_LABELS } from './components/columns';

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
export const PAGE_LABELS: Record<Page, string> = {
  customers: 'Customers',
  overview: 'Overview',
  propensity: 'Propensity',
  whitespace: 'Whitespace',
  agreements: 'Agreements',
  imports: 'Imports',
  views: 'Saved views',
  settings: 'Settings',
};

type AgreementColumn = Exclude<keyof AgreementRowOut, 'expirationType'>;

export const AGREEMENT_COLUMN_LABELS: Record<AgreementColumn, string> = {
  customerId: 'Customer ID',
  accountName: 'Customer',
  agreementId: 'Agreement ID',
  licenseProgram: 'License program',
  product: 'Product up for renewal',
  endDate: 'End date',
  expiringRevenue: 'Expiring revenue',
  status: 'Status',
  clusters: 'Current clusters',
};

export const AGREEMENT_STATUS_LABELS: Record<NonNullable<AgreementRowOut['status']>, string> = {
  open: 'Open',
  ended: 'Ended',
};

/** The whitespace page's groupings: a title and the names of the two grouped columns. */
export const WHITESPACE_GROUPS = [
  {
    by: 'productCluster',
    title: 'By product and cluster',
    a: COLUMN_LABELS.product,
    b: COLUMN_LABELS.cluster,
  },
  { by: 'areaCountry', title: 'By area and country', a: COLUMN_LABELS.area, b: COLUMN_LABELS.country },
  {
    by: 'industryVertical',
    title: 'By industry and vertical',
    a: COLUMN_LABELS.industry,
    b: COLUMN_LABELS.vertical,
  },
] as const satisfies readonly {
  by: (typeof WHITESPACE_GROUPINGS)[number];
  title: string;
  a: string;
  b: string;
}[];

export function yesNo(v: unknown): string {
  return v ? 'Yes' : 'No';
}
