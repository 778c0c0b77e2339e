/**
 * What each field is called, per language: grid headers, CSV list headers and workbook columns
 * all read these, so the UI and its exports name a column the same way. Keys are the contract's
 * field names (they never change with the language).
 */
import type { ShownField } from '../filters';
import type { Locale } from './locales';

/** The propensity row's fields, the call list's own fields and the agreement row's. */
export type LabelledField =
  | ShownField
  | 'domain'
  | 'salesTerritory'
  | 'segment'
  | 'products'
  | 'bestCluster'
  | 'estimated'
  | 'nextAgreementEnd'
  | 'expiringRevenue'
  | 'eos'
  | 'movedIntoActNow'
  | 'priority'
  | 'why'
  | 'agreementId'
  | 'licenseProgram'
  | 'renewalProduct'
  | 'endDate'
  | 'expirationType'
  | 'status'
  | 'clusters';

const en: Record<LabelledField, string> = {
  customerId: 'Customer ID',
  accountName: 'Account name',
  domain: 'Domain',
  country: 'Country',
  area: 'Area',
  salesTerritory: 'Sales territory',
  industry: 'Industry',
  vertical: 'Vertical',
  orgSize: 'Org size',
  subSegment: 'Subsegment',
  segment: 'Segment',
  product: 'Product',
  products: 'Products',
  fit: 'Fit',
  intent: 'Intent',
  fitBand: 'Fit band',
  intentBand: 'Intent band',
  cell: 'Cell',
  cluster: 'Cluster',
  computedCluster: 'Computed cluster',
  bestCluster: 'Best cluster',
  whitespace: 'Whitespace',
  upsell: 'Upsell',
  whitespaceRevenue: 'Whitespace revenue',
  estimated: 'Estimated',
  snapshot: 'Snapshot',
  report: 'Report',
  fileSubSegment: 'File subsegment',
  nextAgreementEnd: 'Next agreement end',
  expiringRevenue: 'Expiring revenue',
  eos: 'End of service',
  movedIntoActNow: 'Moved into Act Now',
  priority: 'Priority',
  why: 'Why',
  agreementId: 'Agreement ID',
  licenseProgram: 'License program',
  renewalProduct: 'Product up for renewal',
  endDate: 'End date',
  expirationType: 'Expiration type',
  status: 'Status',
  clusters: 'Current clusters',
};

const nl: Record<LabelledField, string> = {
  customerId: 'Klant-ID',
  accountName: 'Accountnaam',
  domain: 'Domein',
  country: 'Land',
  area: 'Gebied',
  salesTerritory: 'Verkoopgebied',
  industry: 'Branche',
  vertical: 'Verticale markt',
  orgSize: 'Organisatiegrootte',
  subSegment: 'Subsegment',
  segment: 'Segment',
  product: 'Product',
  products: 'Producten',
  fit: 'Fit',
  intent: 'Intentie',
  fitBand: 'Fit-band',
  intentBand: 'Intentieband',
  cell: 'Cel',
  cluster: 'Cluster',
  computedCluster: 'Berekend cluster',
  bestCluster: 'Beste cluster',
  whitespace: 'Whitespace',
  upsell: 'Upsell',
  whitespaceRevenue: 'Whitespace-omzet',
  estimated: 'Geschat',
  snapshot: 'Momentopname',
  report: 'Rapport',
  fileSubSegment: 'Subsegment in bestand',
  nextAgreementEnd: 'Volgende einddatum overeenkomst',
  expiringRevenue: 'Verlopende omzet',
  eos: 'Einde ondersteuning',
  movedIntoActNow: 'Naar Nu actie ondernemen',
  priority: 'Prioriteit',
  why: 'Waarom',
  agreementId: 'Overeenkomst-ID',
  licenseProgram: 'Licentieprogramma',
  renewalProduct: 'Product voor verlenging',
  endDate: 'Einddatum',
  expirationType: 'Type verloop',
  status: 'Status',
  clusters: 'Huidige clusters',
};

export const COLUMN_NAMES: Record<Locale, Record<LabelledField, string>> = { en, nl };

export function columnName(locale: Locale, field: LabelledField): string {
  return COLUMN_NAMES[locale][field];
}
