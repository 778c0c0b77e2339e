/** The domain the sample speaks: partner, products and clusters (the app's own rules), flags, fixed customers. */
import { PRODUCTS, type Product } from '../../shared/domain/products';
import { CLUSTERS, bandOf, classify, type Band, type Cluster } from '../../shared/domain/matrix';

export const PARTNER = { mpnId: '6123457', name: 'Fourth Coffee Cloud Solutions' } as const;

// The app's own domain rules: the sample's file clusters follow the default matrix.
export { PRODUCTS, CLUSTERS };
export type ProductKey = Product;
export type ClusterName = Cluster;
export type { Band };

export function band(score: number): Band {
  return bandOf(score)!;
}

/** The default matrix's segment (A1…D4) for a fit/intent pair. */
export function segmentCell(fit: number, intent: number): string {
  return classify(fit, intent).cell!;
}

/** Default cluster (A Act Now, B Evaluate, C Nurture, D Educate) for a fit/intent pair. */
export function clusterFor(fit: number, intent: number): ClusterName {
  return classify(fit, intent).computedCluster!;
}

export const MW_FLAGS = [
  'MW_On Prem Acq_Office 2016_2019',
  'MW_Windows 10 EOS',
  'MW_Teams Phone',
  'MW_Copilot for Microsoft 365',
  'MW_Defender for Business',
] as const;
export const AZURE_FLAGS = [
  'Azure_Windows Server OR SQL Server: EOS 2012',
  'Azure_SQL Server 2014 EOS',
  'Azure_Migrate VMware',
  'Azure_Virtual Desktop',
  'Azure_Backup & Disaster Recovery',
] as const;
export const D365_FLAGS = [
  'D365_Dynamics GP Migration',
  'D365_NAV Migration',
  'D365_AX Upgrade',
  'D365_Copilot for Sales',
] as const;
export const ALL_FLAGS = [...MW_FLAGS, ...AZURE_FLAGS, ...D365_FLAGS];

/**
 * Fixed customers at fixed indices: accents (cp1252-encodable, incl. ’ U+2019 which differs between cp1252 and
 * latin1), CSV-hostile names, and spreadsheet formula-injection names. They appear in every sample file.
 */
export const SPECIAL_CUSTOMERS: Readonly<Record<number, { name: string; country: string; domain: string }>> =
  {
    5: { name: 'Société Générale de Café', country: 'France', domain: 'societe-generale-de-cafe.example' },
    6: { name: 'Müller Bäckerei GmbH', country: 'Germany', domain: 'mueller-baeckerei.example' },
    8: { name: 'Ødegaard AS', country: 'Norway', domain: 'odegaard.example' },
    9: { name: 'O’Neill’s Pub Ltd', country: 'United Kingdom', domain: 'oneills-pub.example' },
    12: { name: 'Tailspin Toys, Inc.', country: 'United States', domain: 'tailspintoys.example' },
    13: { name: 'Coho Winery "The Cellar" Ltd', country: 'United Kingdom', domain: 'coho-cellar.example' },
    14: {
      name: 'Wide World Importers, "WWI" BV',
      country: 'Netherlands',
      domain: 'wideworldimporters.example',
    },
    20: {
      name: '=HYPERLINK("http://evil.example","click")',
      country: 'United States',
      domain: 'formula-1.example',
    },
    21: { name: '+SUM(1,2)', country: 'United States', domain: 'formula-2.example' },
    22: { name: '@cmd', country: 'United Kingdom', domain: 'formula-3.example' },
    23: { name: '-10+20', country: 'Germany', domain: 'formula-4.example' },
  };
export const FORMULA_INJECTION_INDICES = [20, 21, 22, 23] as const;
