/** Products of the CloudAscent reports, keyed as in the CLI and API. */
export const PRODUCTS = [
  'M365',
  'O365',
  'Surface',
  'Azure',
  'D365BC',
  'D365FO',
  'D365CE',
  'PowerApps',
] as const;
export type Product = (typeof PRODUCTS)[number];

export type Family = 'M365' | 'Azure' | 'D365';

export interface ProductInfo {
  key: Product;
  name: string;
  solutionArea: 'Modern Work' | 'Azure' | 'Business Applications';
  /** The "Has …" family whose absence makes the product whitespace. */
  family: Family;
}

export const PRODUCT_INFO: Record<Product, ProductInfo> = {
  M365: { key: 'M365', name: 'Microsoft 365', solutionArea: 'Modern Work', family: 'M365' },
  O365: { key: 'O365', name: 'Office 365', solutionArea: 'Modern Work', family: 'M365' },
  Surface: { key: 'Surface', name: 'Surface', solutionArea: 'Modern Work', family: 'M365' },
  Azure: { key: 'Azure', name: 'Azure', solutionArea: 'Azure', family: 'Azure' },
  D365BC: {
    key: 'D365BC',
    name: 'Dynamics 365 Business Central',
    solutionArea: 'Business Applications',
    family: 'D365',
  },
  D365FO: {
    key: 'D365FO',
    name: 'Dynamics 365 Finance & Operations',
    solutionArea: 'Business Applications',
    family: 'D365',
  },
  D365CE: {
    key: 'D365CE',
    name: 'Dynamics 365 Customer Engagement',
    solutionArea: 'Business Applications',
    family: 'D365',
  },
  PowerApps: { key: 'PowerApps', name: 'Power Apps', solutionArea: 'Business Applications', family: 'D365' },
};

export function isProduct(v: string): v is Product {
  return (PRODUCTS as readonly string[]).includes(v);
}

export const REPORTS = ['m365', 'd365', 'azure', 'surface', 'agreements'] as const;
export type ReportKind = (typeof REPORTS)[number];
export const PROPENSITY_REPORTS: readonly ReportKind[] = ['m365', 'd365', 'azure', 'surface'];
/** A report as partners name its download in Partner Center (row keys and the CLI keep the code). */
export const REPORT_NAMES: Record<ReportKind, string> = {
  m365: 'M365',
  d365: 'Dynamics 365',
  azure: 'Azure',
  surface: 'Surface',
  agreements: 'Agreements',
};
export function reportName(code: string): string {
  return REPORT_NAMES[code as ReportKind] ?? code;
}

/**
 * The report dedicated to each product: on the same snapshot date, its row wins over another
 * report's columns for that product (the Surface report over the M365 report's Surface columns).
 */
export const DEDICATED_REPORT: Record<Product, ReportKind> = {
  M365: 'm365',
  O365: 'm365',
  Surface: 'surface',
  Azure: 'azure',
  D365BC: 'd365',
  D365FO: 'd365',
  D365CE: 'd365',
  PowerApps: 'd365',
};
