/** The columns of each report kind: header and value per customer (or agreement). */
import type { Agreement } from './agreements';
import { formatCell, formatDate, Money, type CellValue, type DateStyle, type FormatOptions } from './cells';
import type { Customer } from './customers';
import { AZURE_FLAGS, D365_FLAGS, MW_FLAGS, PARTNER, type ProductKey } from './domain';

export type Column = readonly [header: string, value: (c: Customer) => CellValue];

export const COMMON_COLUMNS: readonly Column[] = [
  ['MPNID', () => PARTNER.mpnId],
  ['PartnerName', () => PARTNER.name],
  ['CustomerID', (c) => c.customerId],
  ['DUNSNumber', (c) => c.dunsNumber],
  ['AccountName', (c) => c.accountName],
  ['Domain', (c) => c.domain],
  ['OrgSize', (c) => c.orgSize],
  ['Industry', (c) => c.industry],
  ['Vertical', (c) => c.vertical],
  ['Area', (c) => c.area],
  ['Subsidiary', (c) => c.subsidiary],
  ['SalesTerritory', (c) => c.salesTerritory],
  ['City', (c) => c.city],
  ['State', (c) => c.state],
  ['PostalCode', (c) => c.postalCode],
  ['Country', (c) => c.country],
  ['Segment', (c) => c.segment],
  ['SubSegment', (c) => c.subSegment],
  ['SMCTypeSummary', (c) => c.smcTypeSummary],
  ['IsNonprofit', (c) => c.isNonprofit],
  ['FY24 Offers', (c) => c.fyOffers],
  ['HasGoogle', (c) => c.hasGoogle],
  ['HasAWS', (c) => c.hasAws],
  ['HasEA', (c) => c.hasEa],
  ['HasOpen', (c) => c.hasOpen],
  ['Has Azure', (c) => c.hasAzure],
  ['Has D365', (c) => c.hasD365],
  ['Has M365', (c) => c.hasM365],
  ['Transactedinthelast36months', (c) => c.transacted36m],
];

const OLDER_COLUMNS: readonly Column[] = [
  ['TopUnmanagedComputeBase', (c) => c.topUnmanagedComputeBase],
  ['TopUnmanagedUserBase', (c) => c.topUnmanagedUserBase],
];

function triple(product: ProductKey, prefix: string = product, sep = ''): Column[] {
  return [
    [`${prefix}${sep}Cluster`, (c) => c.scores[product].cluster],
    [`${prefix}${sep}Fit`, (c) => c.scores[product].fit],
    [`${prefix}${sep}Intent`, (c) => c.scores[product].intent],
  ];
}

const flagColumns = (flags: readonly string[]): Column[] => flags.map((f) => [f, (c) => c.flags[f] ?? false]);
const money = (x: number | null | undefined): Money | null =>
  x === null || x === undefined ? null : new Money(x);

export const M365_COLUMNS: readonly Column[] = [
  ...COMMON_COLUMNS,
  ...triple('M365'),
  ...triple('Surface'),
  ...triple('O365'),
  ['M365UpsellCustomer', (c) => c.m365Upsell],
  ...flagColumns(MW_FLAGS),
];

export const D365_COLUMNS: readonly Column[] = [
  ...COMMON_COLUMNS,
  ...triple('D365BC'),
  ...triple('D365FO'),
  ...triple('D365CE'),
  ...triple('PowerApps'),
  ['DynamicsOnPremAXorCRM_HasOpenRenewal', (c) => c.dynamicsOnPremRenewal],
  ['D365BCWhitespaceRevenue', (c) => money(c.whitespace.D365BC)],
  ['D365FOWhitespaceRevenue', (c) => money(c.whitespace.D365FO)],
  ['D365CEWhitespaceRevenue', (c) => money(c.whitespace.D365CE)],
  ['PowerAppsWhitespaceRevenue', (c) => money(c.whitespace.PowerApps)],
  ...flagColumns(D365_FLAGS),
  ['Notes', (c) => c.notes],
];

/** Header renames applied by the "Dutch Excel" November D365 file. */
export const D365_NL_HEADER_DRIFT: Readonly<Record<string, string>> = {
  'Has D365': 'HasD365',
  SMCTypeSummary: 'SMECTypeSummary',
  'FY24 Offers': 'FY27 Offers',
  D365BCCluster: 'D365 BC Cluster',
  D365BCFit: 'D365 BC Fit',
  D365BCIntent: 'D365 BC Intent',
  D365FOCluster: 'D365 FO Cluster',
  D365FOFit: 'D365 FO Fit',
  D365FOIntent: 'D365 FO Intent',
  D365CECluster: 'D365 CE Cluster',
  D365CEFit: 'D365 CE Fit',
  D365CEIntent: 'D365 CE Intent',
  PowerAppsCluster: 'Power Apps Cluster',
  PowerAppsFit: 'Power Apps Fit',
  PowerAppsIntent: 'Power Apps Intent',
  D365BCWhitespaceRevenue: 'D365 BC Whitespace Revenue',
  D365FOWhitespaceRevenue: 'D365 FO Whitespace Revenue',
  D365CEWhitespaceRevenue: 'D365 CE Whitespace Revenue',
  PowerAppsWhitespaceRevenue: 'Power Apps Whitespace Revenue',
};

export function azureColumns(older: boolean): Column[] {
  return [
    ...COMMON_COLUMNS,
    ...(older ? OLDER_COLUMNS : []),
    ...triple('Azure'),
    ['WindowsServerDataCenter_HasOpenRenewal', (c) => c.windowsServerDatacenterRenewal],
    ['WindowsServerStandard_HasOpenRenewal', (c) => c.windowsServerStandardRenewal],
    ['NumberofExistingWorkloads', (c) => c.existingWorkloads.length],
    ['Existing Workloads', (c) => c.existingWorkloads.join(', ')],
    ['NumberofRecommendedWorkloads', (c) => c.recommendedWorkloads.length],
    ['RecommendedWorkloads', (c) => c.recommendedWorkloads.join(', ')],
    ['AzureUpsellCustomer', (c) => c.azureUpsell],
    ['Azure Whitespace Revenue', (c) => money(c.whitespace.Azure)],
    ...AZURE_FLAGS.map((f): Column => [f, (c) => ((c.flags[f] ?? false) ? 1 : 0)]),
  ];
}

export const SURFACE_COLUMNS: readonly Column[] = [
  ...COMMON_COLUMNS,
  ['SurfaceCluster', (c) => c.scores.Surface.cluster],
  ['Surface Fit', (c) => c.scores.Surface.fit],
  ['Surface Intent', (c) => c.scores.Surface.intent],
  ['MW_Windows 10 EOS', (c) => c.flags['MW_Windows 10 EOS'] ?? false],
];

export type AgreementColumn = readonly [
  header: string,
  value: (a: Agreement, dateFmt: DateStyle) => CellValue,
];
export const AGREEMENT_COLUMNS: readonly AgreementColumn[] = [
  ...COMMON_COLUMNS.map(([h, f]): AgreementColumn => [h, (a) => f(a.customer)]),
  ['AzureCluster', (a) => a.customer.scores.Azure.cluster],
  ['M365Cluster', (a) => a.customer.scores.M365.cluster],
  ['D365BCCluster', (a) => a.customer.scores.D365BC.cluster],
  ['License Program', (a) => a.licenseProgram],
  ['Agreement ID', (a) => a.agreementId],
  ['Agreement End Date', (a, s) => formatDate(a.endDate, s)],
  ['Expiration Type', (a) => a.expirationType],
  ['Expiring Revenue', (a) => new Money(a.expiringRevenue)],
  ['RevSumDivisionName', (a) => a.revSumDivisionName],
  ['Microsoft365UpsellCustomer', (a) => a.customer.m365Upsell],
];

/** A customer's row as text cells. */
export function formatRow(columns: readonly Column[], c: Customer, f: FormatOptions): string[] {
  return columns.map(([, value]) => formatCell(value(c), f));
}
