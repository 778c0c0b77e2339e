import type { Product, ReportKind } from '../../shared/domain/products';
import { PRODUCTS } from '../../shared/domain/products';

/** A header cell as text (readers give strings, numbers or dates; anything else is no header). */
function headerText(h: unknown): string {
  if (typeof h === 'string') return h;
  if (typeof h === 'number' || typeof h === 'boolean' || typeof h === 'bigint') return String(h);
  if (h instanceof Date) return h.toISOString();
  return '';
}

/** Case, spaces, underscores and punctuation do not matter: "Has Azure" = "HasAzure" = "has_azure". */
export function normaliseHeader(h: unknown): string {
  return headerText(h)
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Customer columns the app knows: canonical key → spellings seen (already normalised). */
export const CUSTOMER_FIELDS = {
  customerId: ['customerid', 'customer', 'custid', 'customernumber'],
  accountName: ['accountname', 'customername', 'companyname', 'organizationname', 'account'],
  domain: ['domain', 'domainname', 'website'],
  mpnId: ['mpnid', 'partnerid', 'partnerone', 'partneroneid'],
  partnerName: ['partnername'],
  duns: ['dunsnumber', 'duns'],
  orgSize: ['orgsize', 'organizationsize', 'employees', 'employeecount', 'numberofemployees'],
  industry: ['industry'],
  vertical: ['vertical'],
  area: ['area'],
  subsidiary: ['subsidiary'],
  salesTerritory: ['salesterritory', 'territory'],
  city: ['city'],
  state: ['state', 'province', 'stateprovince'],
  postalCode: ['postalcode', 'zip', 'zipcode', 'postcode'],
  country: ['country', 'countryname', 'countryregion'],
  segment: ['segment'],
  subSegment: ['subsegment'],
  smcType: ['smctypesummary', 'smectypesummary', 'smctype', 'smectype'],
  isNonprofit: ['isnonprofit', 'nonprofit'],
  hasGoogle: ['hasgoogle'],
  hasAws: ['hasaws'],
  hasEa: ['hasea'],
  hasOpen: ['hasopen'],
  hasAzure: ['hasazure'],
  hasD365: ['hasd365', 'hasdynamics365', 'hasdynamics'],
  hasM365: ['hasm365', 'hasmicrosoft365', 'haso365'],
  transacted36: ['transactedinthelast36months', 'transactedlast36months', 'transacted36months'],
  azurePotential: ['azurepotential', 'azurespendpotential', 'azureconsumptionpotential'],
  topUnmanagedCompute: ['topunmanagedcomputebase'],
  topUnmanagedUser: ['topunmanageduserbase'],
  offers: [] as string[], // "FY24 Offers", renamed every fiscal year: matched by pattern below
} as const;
export type CustomerField = keyof typeof CUSTOMER_FIELDS;

export const AGREEMENT_FIELDS = {
  agreementId: ['agreementid', 'agreementnumber', 'agreement'],
  licenseProgram: ['licenseprogram', 'licensingprogram', 'program'],
  endDate: ['agreementenddate', 'enddate', 'agreementexpirationdate', 'expirationdate'],
  expirationType: ['expirationtype'],
  expiringRevenue: ['expiringrevenue', 'expiringrevenueusd', 'renewalrevenue'],
  product: ['revsumdivisionname', 'revsumdivision', 'productforrenewal'],
  upsell: ['microsoft365upsellcustomer'],
} as const;
export type AgreementField = keyof typeof AGREEMENT_FIELDS;

/** How each product is spelled as a column prefix ("D365 BC Fit" → "d365bcfit"). */
const PRODUCT_PREFIXES: Record<Product, string[]> = {
  M365: ['m365', 'microsoft365'],
  O365: ['o365', 'office365'],
  Surface: ['surface'],
  Azure: ['azure'],
  D365BC: ['d365bc', 'dynamics365bc', 'd365businesscentral', 'businesscentral'],
  D365FO: ['d365fo', 'dynamics365fo', 'd365financeoperations', 'd365financeandoperations'],
  D365CE: ['d365ce', 'dynamics365ce', 'd365customerengagement'],
  PowerApps: ['powerapps', 'powerapp'],
};

const REVENUE_SUFFIXES = [
  'whitespacerevenue',
  'estimatedwhitespacerevenue',
  'whitespacerevenueusd',
  'wsrevenue',
];
const GENERIC_REVENUE = ['estimatedwhitespacerevenue', 'whitespacerevenue', 'estimatedrevenue'];
const PRODUCT_COLUMN = ['product', 'productname', 'solution'];
const UPSELL: Partial<Record<string, Product[]>> = {
  m365upsellcustomer: ['M365', 'O365'],
  azureupsellcustomer: ['Azure'],
};

export type ProductPart = 'cluster' | 'fit' | 'intent' | 'revenue';

export interface ColumnMap {
  /** Header as written in the file, by column index. */
  headers: string[];
  customer: Partial<Record<CustomerField, number>>;
  agreement: Partial<Record<AgreementField, number>>;
  products: Partial<Record<Product, Partial<Record<ProductPart, number>>>>;
  /** A single revenue column whose product is named in another column (or implied). */
  genericRevenue: number | null;
  productColumn: number | null;
  upsell: { index: number; products: Product[] }[];
  flags: { index: number; name: string; kind: 'play' | 'eos' | 'renewal' }[];
  extra: { index: number; name: string }[];
}

const customerLookup = new Map<string, CustomerField>();
for (const [k, names] of Object.entries(CUSTOMER_FIELDS))
  for (const n of names) customerLookup.set(n, k as CustomerField);
const agreementLookup = new Map<string, AgreementField>();
for (const [k, names] of Object.entries(AGREEMENT_FIELDS))
  for (const n of names) agreementLookup.set(n, k as AgreementField);
const productLookup = new Map<string, [Product, ProductPart]>();
for (const p of PRODUCTS)
  for (const pre of PRODUCT_PREFIXES[p]) {
    for (const part of ['cluster', 'fit', 'intent'] as const) productLookup.set(pre + part, [p, part]);
    for (const s of REVENUE_SUFFIXES) productLookup.set(pre + s, [p, 'revenue']);
    productLookup.set('estimated' + pre + 'whitespacerevenue', [p, 'revenue']);
  }

/** Play flags (`MW_…`, `Azure_…`, `D365_…`) and open-renewal flags; EOS ones by their wording. */
function flagKind(raw: string, norm: string): 'play' | 'eos' | 'renewal' | null {
  if (norm.endsWith('hasopenrenewal')) return 'renewal';
  if (!/^(mw|azure|d365|surface|m365|bizapps|ba)[_ ]/i.test(raw.trim())) return null;
  if (/\beos\b|end of (service|support)|on ?prem acq|windows 7|office 2010/i.test(raw)) return 'eos';
  return 'play';
}

export function mapColumns(header: unknown[]): ColumnMap {
  const m: ColumnMap = {
    headers: header.map((h) => headerText(h).trim()),
    customer: {},
    agreement: {},
    products: {},
    genericRevenue: null,
    productColumn: null,
    upsell: [],
    flags: [],
    extra: [],
  };
  m.headers.forEach((raw, i) => {
    const n = normaliseHeader(raw);
    if (!n) return;
    const c = customerLookup.get(n);
    if (c !== undefined && m.customer[c] === undefined) return void (m.customer[c] = i);
    if (/^fy\d{2}offers$/.test(n) && m.customer.offers === undefined) return void (m.customer.offers = i);
    const a = agreementLookup.get(n);
    if (a !== undefined && m.agreement[a] === undefined) return void (m.agreement[a] = i);
    const p = productLookup.get(n);
    if (p) {
      const slot = (m.products[p[0]] ??= {});
      if (slot[p[1]] === undefined) slot[p[1]] = i;
      return;
    }
    if (GENERIC_REVENUE.includes(n) && m.genericRevenue === null) return void (m.genericRevenue = i);
    if (PRODUCT_COLUMN.includes(n) && m.productColumn === null) return void (m.productColumn = i);
    const up = UPSELL[n];
    if (up) return void m.upsell.push({ index: i, products: up });
    const kind = flagKind(raw, n);
    if (kind) return void m.flags.push({ index: i, name: raw, kind });
    m.extra.push({ index: i, name: raw });
  });
  return m;
}

/** How many cells of a row are headers the app knows: used to find the header row. */
export function knownHeaderCount(cells: unknown[]): { known: number; hasCustomerId: boolean } {
  let known = 0;
  let hasCustomerId = false;
  for (const c of cells) {
    const n = normaliseHeader(c);
    if (!n) continue;
    const f = customerLookup.get(n);
    if (f === 'customerId') hasCustomerId = true;
    if (f || agreementLookup.has(n) || productLookup.has(n)) known++;
  }
  return { known, hasCustomerId };
}

/** The report kind, from the headers alone (never the file name). Null: not a CloudAscent report. */
export function reportKind(m: ColumnMap): ReportKind | null {
  if (m.customer.customerId === undefined) return null;
  if (
    m.agreement.agreementId !== undefined ||
    m.agreement.endDate !== undefined ||
    m.agreement.expiringRevenue !== undefined
  )
    return 'agreements';
  const scored = (p: Product) => {
    const s = m.products[p];
    return !!s && (s.fit !== undefined || s.intent !== undefined || s.cluster !== undefined);
  };
  if (scored('D365BC') || scored('D365FO') || scored('D365CE') || scored('PowerApps')) return 'd365';
  if (scored('Azure')) return 'azure';
  if (scored('M365') || scored('O365')) return 'm365';
  if (scored('Surface')) return 'surface';
  return null;
}

/** Products whose Cluster/Fit/Intent triple (or part of it) the file carries. */
export function productsIn(m: ColumnMap): Product[] {
  return PRODUCTS.filter((p) => {
    const s = m.products[p];
    return !!s && (s.fit !== undefined || s.intent !== undefined || s.cluster !== undefined);
  });
}

export function productFromText(v: string): Product | null {
  const n = normaliseHeader(v);
  for (const p of PRODUCTS) if (PRODUCT_PREFIXES[p].includes(n) || p.toLowerCase() === n) return p;
  return null;
}
