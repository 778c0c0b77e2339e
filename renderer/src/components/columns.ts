import {
  FILTERS,
  FILTER_KEYS,
  PROVENANCE_FIELDS,
  ROW_FIELDS,
  type ShownField,
} from '../../../shared/filters';

/** Every grid column: the sortable row keys, then provenance (shown, not sorted on). */
export const SHOWN_FIELDS: readonly ShownField[] = [...ROW_FIELDS, ...PROVENANCE_FIELDS];

export const COLUMN_LABELS: Record<ShownField, string> = {
  customerId: 'Customer ID',
  accountName: 'Account name',
  country: 'Country',
  area: 'Area',
  salesTerritory: 'Sales territory',
  industry: 'Industry',
  vertical: 'Vertical',
  orgSize: 'Org size',
  subSegment: 'Subsegment',
  product: 'Product',
  fit: 'Fit',
  intent: 'Intent',
  fitBand: 'Fit band',
  intentBand: 'Intent band',
  cell: 'Cell',
  cluster: 'Cluster',
  computedCluster: 'Computed cluster',
  whitespace: 'Whitespace',
  upsell: 'Upsell',
  whitespaceRevenue: 'Whitespace revenue',
  snapshot: 'Snapshot',
  report: 'Report',
  fileSubSegment: 'File subsegment',
};

/** Filter names as the user reads them (chips, facet legends), from the filter registry. */
export const FILTER_LABELS: Record<string, string> = Object.fromEntries(
  FILTER_KEYS.map((k) => [k, FILTERS[k].label]),
);
