/**
 * Synthetic CloudAscent propensity data: fictitious customers, monthly snapshots with drift, and writers that
 * reproduce the shapes, encodings and quirks of real Partner Center downloads (see shared docs/domain.md).
 *
 * Everything is deterministic for a given seed: no Date.now(), no Math.random(); XLSX zip timestamps are fixed.
 * Large outputs (writeM365Tsv) stream row by row with back-pressure, so memory stays flat.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PRODUCTS, type Product } from '../../shared/domain/products';
import { CLUSTERS, bandOf, classify, type Band, type Cluster } from '../../shared/domain/matrix';

// ---------------------------------------------------------------------------------------------------------
// PRNG

export type Rng = () => number;

/** mulberry32: tiny, fast, deterministic 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes a seed, an index and a salt into a well-distributed 32-bit seed (murmur3 finaliser). */
export function mixSeed(seed: number, index: number, salt = 0): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from empty list');
  return item;
}

function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('weighted pick from empty list');
  return last[0];
}

function gauss(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function hex(rng: Rng, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += '0123456789abcdef'[Math.floor(rng() * 16)];
  return s;
}

const clampScore = (x: number): number => Math.max(0, Math.min(100, Math.round(x)));

// ---------------------------------------------------------------------------------------------------------
// Domain constants

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
const ALL_FLAGS = [...MW_FLAGS, ...AZURE_FLAGS, ...D365_FLAGS];

const INDUSTRIES: readonly (readonly [string, readonly string[], readonly string[]])[] = [
  [
    'Manufacturing',
    ['Discrete Manufacturing', 'Process Manufacturing', 'Automotive'],
    ['Manufacturing', 'Industries', 'Components', 'Engineering'],
  ],
  [
    'Retail & Consumer Goods',
    ['Retail', 'Consumer Goods', 'Hospitality'],
    ['Retail', 'Stores', 'Outfitters', 'Market'],
  ],
  [
    'Financial Services',
    ['Banking', 'Insurance', 'Capital Markets'],
    ['Bank', 'Capital', 'Insurance', 'Finance'],
  ],
  ['Healthcare', ['Provider', 'Payor', 'Pharmaceuticals'], ['Clinic', 'Health', 'Medical Group', 'Pharmacy']],
  [
    'Professional Services',
    ['Legal', 'Accounting', 'Consulting'],
    ['Legal', 'Consulting', 'Partners', 'Accountants'],
  ],
  ['Education', ['Higher Education', 'Primary & Secondary Education'], ['College', 'Academy', 'Institute']],
  [
    'Government',
    ['Local Government', 'Regional Government'],
    ['Municipal Services', 'Council', 'Public Works'],
  ],
];

interface Place {
  city: string;
  state: string;
  postal: string;
}
interface CountryInfo {
  area: string;
  country: string;
  subsidiary: string;
  territories: readonly string[];
  suffixes: readonly string[];
  localNames: readonly string[];
  places: readonly Place[];
  weight: number;
}
const p = (city: string, state: string, postal: string): Place => ({ city, state, postal });

const COUNTRIES: readonly CountryInfo[] = [
  {
    area: 'United States',
    country: 'United States',
    subsidiary: 'United States',
    territories: ['US West', 'US Central', 'US East'],
    suffixes: ['Inc', 'LLC', ', Inc.', 'Corp'],
    localNames: ['Blue Yonder Airlines', 'Graphic Design Institute', 'Humongous Insurance', 'Fourth Street'],
    places: [
      p('Seattle', 'WA', '98101'),
      p('Redmond', 'WA', '98052'),
      p('Austin', 'TX', '78701'),
      p('Chicago', 'IL', '60601'),
      p('Boston', 'MA', '02108'),
      p('New York', 'NY', '10001'),
      p('Denver', 'CO', '80202'),
      p('Atlanta', 'GA', '30303'),
    ],
    weight: 30,
  },
  {
    area: 'Canada',
    country: 'Canada',
    subsidiary: 'Canada',
    territories: ['Canada East', 'Canada West'],
    suffixes: ['Inc', 'Ltd', 'Ltée'],
    localNames: ['Érable Rouge', 'Maple Leaf Traders', 'Boréal'],
    places: [
      p('Toronto', 'ON', 'M5H 2N2'),
      p('Vancouver', 'BC', 'V6B 1A1'),
      p('Montréal', 'QC', 'H2Y 1C6'),
      p('Calgary', 'AB', 'T2P 1J9'),
    ],
    weight: 7,
  },
  {
    area: 'UK',
    country: 'United Kingdom',
    subsidiary: 'United Kingdom',
    territories: ['UK South', 'UK North', 'Scotland'],
    suffixes: ['Ltd', 'PLC', 'Ltd'],
    localNames: ['Margie’s Travel', 'O’Neill’s Pub', 'Thames Valley'],
    places: [
      p('London', 'England', 'EC1A 1BB'),
      p('Manchester', 'England', 'M1 1AE'),
      p('Edinburgh', 'Scotland', 'EH1 1YZ'),
      p('Bristol', 'England', 'BS1 4DJ'),
    ],
    weight: 12,
  },
  {
    area: 'Western Europe',
    country: 'Germany',
    subsidiary: 'Germany',
    territories: ['Germany North', 'Germany South'],
    suffixes: ['GmbH', 'AG', 'GmbH & Co. KG'],
    localNames: ['Müller Bäckerei', 'Schäfer Logistik', 'Köhler Präzision', 'Weißbier Brauerei'],
    places: [
      p('Berlin', 'Berlin', '10115'),
      p('München', 'Bayern', '80331'),
      p('Hamburg', 'Hamburg', '20095'),
    ],
    weight: 10,
  },
  {
    area: 'Western Europe',
    country: 'France',
    subsidiary: 'France',
    territories: ['France'],
    suffixes: ['SARL', 'SA', 'SAS'],
    localNames: ['Société Générale de Café', 'Château Lumière', 'Crème Brûlée Traiteur'],
    places: [p('Paris', 'Île-de-France', '75001'), p('Lyon', 'Auvergne-Rhône-Alpes', '69001')],
    weight: 8,
  },
  {
    area: 'Western Europe',
    country: 'Netherlands',
    subsidiary: 'Netherlands',
    territories: ['Benelux'],
    suffixes: ['BV', 'NV', 'B.V.'],
    localNames: ['Van der Berg', 'Groene Molen', 'IJsselmeer Visserij'],
    places: [p('Amsterdam', 'Noord-Holland', '1012 AB'), p('Utrecht', 'Utrecht', '3511 AA')],
    weight: 6,
  },
  {
    area: 'Western Europe',
    country: 'Norway',
    subsidiary: 'Norway',
    territories: ['Nordics'],
    suffixes: ['AS', 'ASA'],
    localNames: ['Ødegaard', 'Bjørnstad Fisk', 'Fjordkraft Ålesund'],
    places: [p('Oslo', 'Oslo', '0150'), p('Bergen', 'Vestland', '5003')],
    weight: 3,
  },
  {
    area: 'Western Europe',
    country: 'Denmark',
    subsidiary: 'Denmark',
    territories: ['Nordics'],
    suffixes: ['ApS', 'A/S'],
    localNames: ['Østerbro Café', 'Lærkevej Design'],
    places: [p('København', 'Hovedstaden', '1050'), p('Aarhus', 'Midtjylland', '8000')],
    weight: 3,
  },
  {
    area: 'Western Europe',
    country: 'Switzerland',
    subsidiary: 'Switzerland',
    territories: ['Switzerland'],
    suffixes: ['AG', 'SA', 'GmbH'],
    localNames: ['Zürcher Uhrwerk', 'Genève Conseil'],
    places: [p('Zürich', 'ZH', '8001'), p('Genève', 'GE', '1201')],
    weight: 3,
  },
  {
    area: 'Asia Pacific',
    country: 'Australia',
    subsidiary: 'Australia',
    territories: ['ANZ'],
    suffixes: ['Pty Ltd'],
    localNames: ['Southern Cross', 'Coral Reef Tours'],
    places: [p('Sydney', 'NSW', '2000'), p('Melbourne', 'VIC', '3000'), p('Brisbane', 'QLD', '4000')],
    weight: 7,
  },
  {
    area: 'Asia Pacific',
    country: 'New Zealand',
    subsidiary: 'New Zealand',
    territories: ['ANZ'],
    suffixes: ['Ltd', 'Limited'],
    localNames: ['Kiwi Orchards', 'Aotearoa Freight'],
    places: [p('Auckland', 'Auckland', '1010'), p('Wellington', 'Wellington', '6011')],
    weight: 2,
  },
  {
    area: 'Asia Pacific',
    country: 'Singapore',
    subsidiary: 'Singapore',
    territories: ['ASEAN'],
    suffixes: ['Pte Ltd'],
    localNames: ['Lion City Trading', 'Marina Bay Holdings'],
    places: [p('Singapore', '', '018956')],
    weight: 2,
  },
  {
    area: 'Asia Pacific',
    country: 'Japan',
    subsidiary: 'Japan',
    territories: ['Japan'],
    suffixes: ['K.K.', 'Co., Ltd.'],
    localNames: ['Sakura Denki', 'Fuji Kogyo'],
    places: [p('Tokyo', 'Tokyo', '100-0001'), p('Osaka', 'Osaka', '530-0001')],
    weight: 2,
  },
  {
    area: 'Latin America',
    country: 'Brazil',
    subsidiary: 'Brazil',
    territories: ['Brazil'],
    suffixes: ['Ltda', 'S.A.'],
    localNames: ['São Jorge Alimentos', 'Conceição Têxtil'],
    places: [p('São Paulo', 'SP', '01310-100'), p('Rio de Janeiro', 'RJ', '20040-002')],
    weight: 3,
  },
  {
    area: 'Latin America',
    country: 'Mexico',
    subsidiary: 'Mexico',
    territories: ['Mexico'],
    suffixes: ['S.A. de C.V.', 'S. de R.L.'],
    localNames: ['Señor Café', 'Peñasco Minería'],
    places: [p('Ciudad de México', 'CDMX', '06000'), p('Monterrey', 'NL', '64000')],
    weight: 2,
  },
];

const BRANDS = [
  'Contoso',
  'Fabrikam',
  'Northwind',
  'Tailspin',
  'Woodgrove',
  'Adatum',
  'Litware',
  'Proseware',
  'Wide World',
  'Alpine Ski',
  'Lamna',
  'Relecloud',
  'Trey Research',
  'Coho Winery',
  'VanArsdel',
  'Wingtip',
  'First Up',
  'Datum',
  'Lucerne',
  'Bellows',
] as const;

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

const EXISTING_WORKLOADS = [
  'Virtual Machines',
  'Storage',
  'SQL Database',
  'App Service',
  'Backup',
  'Entra ID P1',
];
const RECOMMENDED_WORKLOADS = [
  'Azure Virtual Desktop',
  'Azure Site Recovery',
  'Azure Arc',
  'Azure OpenAI',
  'Defender for Cloud',
  'Azure SQL Managed Instance',
];
const FY_OFFERS = ['M365 BP Offer', 'Azure Migrate & Modernize', 'CSP Promo', 'Copilot Accelerate'];

// ---------------------------------------------------------------------------------------------------------
// Customers

export interface ProductScore {
  fit: number | null;
  intent: number | null;
  /** The cluster as Microsoft's file states it ('' = blank). ~3% deliberately disagree with the default matrix. */
  cluster: ClusterName | '';
}

export interface Customer {
  /** Position in the seeded population; not written to files. */
  index: number;
  customerId: string;
  dunsNumber: string;
  accountName: string;
  domain: string;
  orgSize: number;
  industry: string;
  vertical: string;
  area: string;
  subsidiary: string;
  salesTerritory: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  segment: string;
  subSegment: string;
  smcTypeSummary: string;
  isNonprofit: boolean;
  fyOffers: string;
  hasGoogle: boolean;
  hasAws: boolean;
  hasEa: boolean;
  hasOpen: boolean;
  hasAzure: boolean;
  hasD365: boolean;
  hasM365: boolean;
  transacted36m: boolean;
  topUnmanagedComputeBase: boolean;
  topUnmanagedUserBase: boolean;
  scores: Record<ProductKey, ProductScore>;
  m365Upsell: boolean;
  azureUpsell: boolean;
  flags: Record<string, boolean>;
  windowsServerDatacenterRenewal: boolean;
  windowsServerStandardRenewal: boolean;
  dynamicsOnPremRenewal: boolean;
  existingWorkloads: string[];
  recommendedWorkloads: string[];
  /** Estimated whitespace revenue (USD) per product; null = blank in the file. */
  whitespace: Partial<Record<ProductKey, number | null>>;
  notes: string;
}

const FIT_BIAS: Record<ProductKey, number> = {
  M365: 8,
  O365: 0,
  Surface: -8,
  Azure: 4,
  D365BC: -4,
  D365FO: -14,
  D365CE: -8,
  PowerApps: -2,
};

function drawIntent(rng: Rng, fit: number): number {
  return clampScore(0.55 * fit + 45 * rng() - 8 + 10 * gauss(rng));
}

/** File cluster: the default-matrix cluster, except ~3% where Microsoft's model disagrees. */
function fileCluster(rng: Rng, fit: number, intent: number): ClusterName {
  const computed = clusterFor(fit, intent);
  if (rng() >= 0.03) return computed;
  const others = CLUSTERS.filter((c) => c !== computed);
  return pick(rng, others);
}

function makeScore(rng: Rng, maturity: number, product: ProductKey): ProductScore {
  const fit = clampScore(28 + 55 * maturity + FIT_BIAS[product] + 14 * gauss(rng));
  const intent = drawIntent(rng, fit);
  const cluster = fileCluster(rng, fit, intent);
  const blank = rng();
  if (blank < 0.02) return { fit: null, intent: null, cluster: '' };
  if (blank < 0.03) return { fit, intent: null, cluster };
  return { fit, intent, cluster };
}

const numericId = (n: number): string => String(n).padStart(9, '0');

function makeCustomerId(rng: Rng, index: number, seed: number): string {
  // Two fixed customers with "000…" ids, so that any numeric parse visibly breaks them.
  if (index === 2 || index === 3) return numericId(123_454 + index);
  if (rng() < 0.55) {
    // 9 digits, unique per index (the multiplier 3^18 is coprime with 10^9); ~10% start with a zero.
    return numericId((index * 387_420_489 + (seed % 1_000_003) * 7919) % 1_000_000_000);
  }
  // GUID whose last 6 hex digits are a bijection of the index (< 2^24), so ids stay unique even if two
  // customer seeds collide.
  const tail = ((Math.imul(index, 0x9e3779) + 0x5bd1e9) & 0xffffff).toString(16).padStart(6, '0');
  return `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${pick(rng, ['8', '9', 'a', 'b'])}${hex(rng, 3)}-${hex(rng, 6)}${tail}`;
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/ß/g, 'ss')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function orgSizeDraw(rng: Rng): number {
  // Log-uniform-ish on 1..2000, skewed small (median ≈ 25).
  return Math.max(1, Math.min(2000, Math.floor(Math.exp(Math.pow(rng(), 1.35) * Math.log(2001)))));
}

function smcType(orgSize: number): string {
  return orgSize >= 300 ? 'Upper Medium' : orgSize >= 25 ? 'Medium' : 'Small';
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** One customer, fully determined by (seed, index). */
export function makeCustomer(seed: number, index: number): Customer {
  const rng = mulberry32(mixSeed(seed, index));
  const special = SPECIAL_CUSTOMERS[index];
  const country = special
    ? (COUNTRIES.find((c) => c.country === special.country) ?? COUNTRIES[0]!)
    : weighted(
        rng,
        COUNTRIES.map((c) => [c, c.weight] as const),
      );
  const place = pick(rng, country.places);
  const [industry, verticals, words] = pick(rng, INDUSTRIES);
  const vertical = pick(rng, verticals);

  let accountName: string;
  let domain: string;
  if (special) {
    accountName = special.name;
    domain = special.domain;
  } else {
    const base = rng() < 0.25 ? pick(rng, country.localNames) : pick(rng, BRANDS);
    const word = rng() < 0.7 ? ' ' + pick(rng, words) : '';
    const suffix = pick(rng, country.suffixes);
    accountName = suffix.startsWith(',') ? `${base}${word}${suffix}` : `${base}${word} ${suffix}`;
    domain = `${slug(base + word)}${rng() < 0.3 ? '-' + slug(place.city) : ''}.example`;
  }

  const customerId = makeCustomerId(rng, index, seed);
  const orgSize = orgSizeDraw(rng);
  const maturity = Math.min(
    1,
    Math.max(0, 0.25 + 0.35 * rng() + 0.1 * Math.log10(orgSize) + 0.1 * gauss(rng)),
  );
  const big = orgSize >= 300;
  const azurePotential = rng() < 0.15 ? null : round2(orgSize * (40 + 260 * rng()) * (0.6 + maturity));

  const scores = {} as Record<ProductKey, ProductScore>;
  for (const product of PRODUCTS) scores[product] = makeScore(rng, maturity, product);

  const hasM365 = rng() < 0.35 + 0.4 * maturity;
  const hasAzure = rng() < 0.15 + 0.45 * maturity;
  const hasD365 = rng() < 0.05 + 0.25 * maturity;
  const flags: Record<string, boolean> = {};
  for (const flag of ALL_FLAGS) {
    const base = flag.includes('EOS') || flag.includes('On Prem') ? 0.18 : 0.25;
    flags[flag] = rng() < base * (big ? 1.5 : 1);
  }

  const whitespace: Partial<Record<ProductKey, number | null>> = {};
  const perUser: Partial<Record<ProductKey, number>> = {
    D365BC: 0.15 * 80 * 12,
    D365FO: 0.05 * 210 * 12,
    D365CE: 0.1 * 105 * 12,
    PowerApps: 0.2 * 20 * 12,
  };
  for (const [product, yearly] of Object.entries(perUser) as [ProductKey, number][]) {
    const r = rng();
    whitespace[product] = r < 0.4 ? null : r < 0.45 ? 0 : round2(orgSize * yearly * (0.5 + rng()));
  }
  whitespace.Azure = azurePotential;

  const existing = EXISTING_WORKLOADS.filter(() => hasAzure && rng() < 0.4);
  const recommended = RECOMMENDED_WORKLOADS.filter(() => rng() < 0.3);
  const smc = smcType(orgSize);

  return {
    index,
    customerId,
    dunsNumber: rng() < 0.12 ? '' : numericId(Math.floor(rng() * 1_000_000_000)),
    accountName,
    domain,
    orgSize,
    industry,
    vertical,
    area: country.area,
    subsidiary: country.subsidiary,
    salesTerritory: pick(rng, country.territories),
    city: place.city,
    state: place.state,
    postalCode: place.postal,
    country: country.country,
    segment: 'SM&C Commercial',
    subSegment: rng() < 0.08 ? '' : `SMB - ${smc}`,
    smcTypeSummary: rng() < 0.05 ? '' : smc,
    isNonprofit: rng() < (industry === 'Education' || industry === 'Healthcare' ? 0.15 : 0.02),
    fyOffers: rng() < 0.6 ? '' : pick(rng, FY_OFFERS),
    hasGoogle: rng() < 0.18,
    hasAws: rng() < 0.12 + 0.1 * maturity,
    hasEa: big && rng() < 0.5,
    hasOpen: rng() < 0.2,
    hasAzure,
    hasD365,
    hasM365,
    transacted36m: rng() < 0.7,
    topUnmanagedComputeBase: (azurePotential ?? 0) > 10_000,
    topUnmanagedUserBase: big,
    scores,
    m365Upsell: hasM365 && rng() < 0.45,
    azureUpsell: hasAzure && rng() < 0.4,
    flags,
    windowsServerDatacenterRenewal: rng() < (big ? 0.25 : 0.05),
    windowsServerStandardRenewal: rng() < 0.2,
    dynamicsOnPremRenewal: rng() < 0.08,
    existingWorkloads: existing,
    recommendedWorkloads: recommended,
    whitespace,
    notes: '',
  };
}

/** Lazily yields customers start..start+n-1 (constant memory). */
export function* iterateCustomers(seed: number, n: number, start = 0): Generator<Customer> {
  for (let i = start; i < start + n; i++) yield makeCustomer(seed, i);
}

/** The first snapshot's population: n customers, deterministic for the seed. */
export function generateCustomers(seed: number, n: number): Customer[] {
  return [...iterateCustomers(seed, n)];
}

export interface DriftResult {
  customers: Customer[];
  removed: Customer[];
  added: Customer[];
  /** Customers whose intent was re-drawn. */
  redrawn: Customer[];
}

/**
 * Next month's snapshot: ~3% of customers gone, ~5% new (population indices n.., so they never clash), fit
 * unchanged (quarterly), intent re-drawn for ~30% (a third of those with a strong intent lift, which moves some
 * into Act Now). Returns new objects; the input is not modified.
 */
export function driftSnapshot(previous: readonly Customer[], seed: number, nextIndex?: number): DriftResult {
  const rng = mulberry32(mixSeed(seed, 0, 0xd21f7));
  const kept: Customer[] = [];
  const removed: Customer[] = [];
  const redrawn: Customer[] = [];
  for (const c of previous) {
    const gone = rng() < 0.03 && !(c.index in SPECIAL_CUSTOMERS);
    const redraw = rng() < 0.3;
    const lift = rng() < 0.33;
    if (gone) {
      removed.push(c);
      continue;
    }
    const scores = {} as Record<ProductKey, ProductScore>;
    for (const product of PRODUCTS) {
      const old = c.scores[product];
      if (!redraw || old.fit === null) {
        scores[product] = { ...old };
        continue;
      }
      const intent = lift ? clampScore(72 + 25 * rng()) : drawIntent(rng, old.fit);
      scores[product] = { fit: old.fit, intent, cluster: fileCluster(rng, old.fit, intent) };
    }
    const next: Customer = { ...c, scores, flags: { ...c.flags }, whitespace: { ...c.whitespace } };
    if (redraw) redrawn.push(next);
    kept.push(next);
  }
  const start = nextIndex ?? Math.max(-1, ...previous.map((c) => c.index)) + 1;
  const addCount = Math.max(1, Math.round(previous.length * 0.05));
  const added = [...iterateCustomers(seed, addCount, start)];
  // New customers are interleaved, not appended: downloads are not sorted by arrival.
  const customers = [...kept];
  for (const a of added) customers.splice(Math.floor(rng() * (customers.length + 1)), 0, a);
  return { customers, removed, added, redrawn };
}

// ---------------------------------------------------------------------------------------------------------
// Agreements

export interface Agreement {
  customer: Customer;
  licenseProgram: string;
  agreementId: string;
  /** ISO yyyy-mm-dd */
  endDate: string;
  expirationType: 'Renewal' | 'Expiration';
  expiringRevenue: number;
  revSumDivisionName: string;
}

const LICENSE_PROGRAMS = [
  ['Enterprise Agreement', 25],
  ['Open Value', 20],
  ['CSP', 45],
  ['MPSA', 10],
] as const;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 0–3 agreements per customer (specials always ≥1), stable across snapshots (derived from customer index). */
export function agreementsFor(seed: number, c: Customer): Agreement[] {
  const rng = mulberry32(mixSeed(seed, c.index, 0xa9ee));
  const r = rng();
  let count = r < 0.38 ? 0 : r < 0.75 ? 1 : r < 0.93 ? 2 : 3;
  if (count === 0 && c.index in SPECIAL_CUSTOMERS) count = 1;
  const start = Date.UTC(2026, 0, 1);
  const days = Math.round((Date.UTC(2027, 11, 31) - start) / 86_400_000);
  const out: Agreement[] = [];
  for (let k = 0; k < count; k++) {
    const program = weighted(rng, LICENSE_PROGRAMS);
    const serial = 10_000_000 + (((c.index * 3 + k) * 7919) % 89_999_999);
    const agreementId =
      program === 'Enterprise Agreement'
        ? String(serial)
        : program === 'Open Value'
          ? `V${String(serial).slice(1)}`
          : program === 'MPSA'
            ? `0${serial}1`
            : `${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${(c.index * 3 + k).toString(16).padStart(12, '0')}`;
    const scale = program === 'CSP' ? 60 : program === 'Open Value' ? 120 : 260;
    out.push({
      customer: c,
      licenseProgram: program,
      agreementId,
      endDate: isoDate(start + randInt(rng, 0, days) * 86_400_000),
      expirationType: rng() < 0.75 ? 'Renewal' : 'Expiration',
      expiringRevenue: rng() < 0.03 ? 0 : round2(c.orgSize * scale * (0.3 + rng()) + 250),
      revSumDivisionName: pick(rng, ['Modern Work', 'Modern Work', 'Azure', 'Business Applications']),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Cell formatting

export type CellValue = string | number | boolean | null | Money;
/** A currency amount; formatted per file (`$1,234.50`, `1.234,50`, or a plain number in XLSX). */
export class Money {
  constructor(readonly amount: number) {}
}

export interface FormatOptions {
  booleans: 'YesNo' | '10';
  money: 'usd' | 'nl';
}

function groupThousands(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

export function formatUsd(amount: number): string {
  const [i, d] = Math.abs(amount).toFixed(2).split('.') as [string, string];
  return `${amount < 0 ? '-' : ''}$${groupThousands(i, ',')}.${d}`;
}

export function formatNl(amount: number): string {
  const [i, d] = Math.abs(amount).toFixed(2).split('.') as [string, string];
  return `${amount < 0 ? '-' : ''}${groupThousands(i, '.')},${d}`;
}

export function formatCell(v: CellValue, o: FormatOptions): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return o.booleans === 'YesNo' ? (v ? 'Yes' : 'No') : v ? '1' : '0';
  if (typeof v === 'number') return String(v);
  if (v instanceof Money)
    return v.amount === 0 ? '0' : o.money === 'usd' ? formatUsd(v.amount) : formatNl(v.amount);
  return v;
}

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
export type DateStyle = 'M/D/YYYY' | 'D-M-YYYY';

export function formatDate(iso: string, style: DateStyle): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return style === 'M/D/YYYY' ? `${m}/${d}/${y}` : `${d}-${m}-${y}`;
}

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

// ---------------------------------------------------------------------------------------------------------
// Delimited writer (streaming, back-pressure, encodings)

export type TextEncoding = 'utf8' | 'utf8-bom' | 'utf16le-bom' | 'windows-1252';
/**
 * none: never quote (Insights TSV; a value containing the delimiter or a line break is an error);
 * rfc4180: quote when the value contains the delimiter, a double quote, CR or LF;
 * excel-text: Excel's "Unicode text" save — like rfc4180 but also quotes values containing a comma.
 */
export type QuoteStyle = 'none' | 'rfc4180' | 'excel-text';

export interface DelimitedOptions {
  delimiter: string;
  eol: '\n' | '\r\n';
  encoding: TextEncoding;
  quote: QuoteStyle;
}

/** A row to write; a tagged row has its physical start line reported back. */
export type OutRow = readonly string[] | { readonly cells: readonly string[]; readonly tag: string };

export interface DelimitedResult {
  /** Records written (header, title, blank and footer lines included). */
  records: number;
  /** Physical lines (an embedded line break adds one). */
  lines: number;
  bytes: number;
  /** tag → 1-based physical line on which the tagged record starts. */
  tagLines: Map<string, number>;
}

const CP1252_EXTRA: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87,
  0x02c6: 0x88, 0x2030: 0x89, 0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91,
  0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95, 0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98,
  0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
}; // prettier-ignore

/** Encodes to windows-1252; characters it cannot represent become '?' (as Excel does). */
export function encodeWindows1252(s: string, strict = false): Buffer {
  const out = Buffer.alloc(s.length);
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0x3f;
    const byte = cp < 0x80 || (cp >= 0xa0 && cp <= 0xff) ? cp : CP1252_EXTRA[cp];
    if (byte === undefined && strict) throw new Error(`not representable in windows-1252: ${ch}`);
    out[n++] = byte ?? 0x3f;
  }
  return out.subarray(0, n);
}

function encode(s: string, enc: TextEncoding): Buffer {
  if (enc === 'utf16le-bom') return Buffer.from(s, 'utf16le');
  if (enc === 'windows-1252') return encodeWindows1252(s, true);
  return Buffer.from(s, 'utf8');
}

function quoteCell(v: string, o: DelimitedOptions): string {
  if (o.quote === 'none') {
    if (v.includes(o.delimiter) || v.includes('\n') || v.includes('\r')) {
      throw new Error(`value cannot be written unquoted: ${JSON.stringify(v)}`);
    }
    return v;
  }
  const needs =
    v.includes(o.delimiter) ||
    v.includes('"') ||
    v.includes('\n') ||
    v.includes('\r') ||
    (o.quote === 'excel-text' && v.includes(','));
  return needs ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Streams rows to `path` with back-pressure; memory use is bounded by the 64 KiB chunk size. */
export async function writeDelimited(
  path: string,
  rows: Iterable<OutRow>,
  o: DelimitedOptions,
): Promise<DelimitedResult> {
  const ws = createWriteStream(path);
  const errored = once(ws, 'error').then(([e]) => Promise.reject(e as Error));
  errored.catch(() => undefined);
  const tagLines = new Map<string, number>();
  let records = 0;
  let line = 1;
  let bytes = 0;
  let chunk = '';
  const flush = async (): Promise<void> => {
    if (!chunk) return;
    const buf = encode(chunk, o.encoding);
    chunk = '';
    bytes += buf.length;
    if (!ws.write(buf)) await Promise.race([once(ws, 'drain'), errored]);
  };
  const bom =
    o.encoding === 'utf8-bom'
      ? Buffer.from([0xef, 0xbb, 0xbf])
      : o.encoding === 'utf16le-bom'
        ? Buffer.from([0xff, 0xfe])
        : null;
  if (bom) {
    ws.write(bom);
    bytes += bom.length;
  }
  for (const row of rows) {
    const cells = 'cells' in row ? row.cells : (row as readonly string[]);
    if ('tag' in row) tagLines.set(row.tag, line);
    const text = cells.map((c) => quoteCell(c, o)).join(o.delimiter);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
    chunk += text + o.eol;
    line++;
    records++;
    if (chunk.length >= 65_536) await flush();
  }
  await flush();
  ws.end();
  await Promise.race([finished(ws), errored]);
  return { records, lines: line - 1, bytes, tagLines };
}

function formatRow(columns: readonly Column[], c: Customer, f: FormatOptions): string[] {
  return columns.map(([, value]) => formatCell(value(c), f));
}

/**
 * The benchmark file: a wide M365 + Surface (+ O365) "Download reports" TSV for n customers — UTF-8 without BOM,
 * LF, 44 columns, no quoting, no quirks. Streams with back-pressure: memory stays flat for n = 500,000.
 */
export async function writeM365Tsv(path: string, n: number, seed = 20261020): Promise<void> {
  const fmt: FormatOptions = { booleans: 'YesNo', money: 'usd' };
  function* rows(): Generator<OutRow> {
    yield M365_COLUMNS.map(([h]) => h);
    for (const c of iterateCustomers(seed, n)) yield formatRow(M365_COLUMNS, c, fmt);
  }
  await writeDelimited(path, rows(), { delimiter: '\t', eol: '\n', encoding: 'utf8', quote: 'none' });
}

// ---------------------------------------------------------------------------------------------------------
// XLSX (small, in memory; zip timestamps normalised for byte-for-byte reproducibility)

/** Sets every zip entry's DOS modification time/date (local headers and central directory) to `date`. */
export function normaliseZipTimestamps(zip: Buffer, date: Date): Buffer {
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const dosDate = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  let eocd = -1;
  for (let i = zip.length - 22; i >= 0; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const entries = zip.readUInt16LE(eocd + 10);
  let pos = zip.readUInt32LE(eocd + 16);
  for (let e = 0; e < entries; e++) {
    if (zip.readUInt32LE(pos) !== 0x02014b50) throw new Error('bad central directory');
    zip.writeUInt16LE(dosTime, pos + 12);
    zip.writeUInt16LE(dosDate, pos + 14);
    const local = zip.readUInt32LE(pos + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('bad local header');
    zip.writeUInt16LE(dosTime, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    pos += 46 + zip.readUInt16LE(pos + 28) + zip.readUInt16LE(pos + 30) + zip.readUInt16LE(pos + 32);
  }
  return zip;
}

export interface XlsxRow {
  values: CellValue[];
  tag?: string;
}

export interface XlsxSheetSpec {
  name: string;
  titleRows: string[];
  header: string[];
  rows: XlsxRow[];
  /** Header names whose numbers get a currency number format. */
  moneyColumns?: string[];
}

/** Writes a workbook; returns tag → 1-based sheet row number. */
export async function writeXlsx(
  path: string,
  sheets: XlsxSheetSpec[],
  asOf: Date,
  booleans: FormatOptions['booleans'] = 'YesNo',
): Promise<Map<string, { sheet: string; row: number }>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Microsoft Partner Center';
  wb.lastModifiedBy = 'Microsoft Partner Center';
  wb.created = asOf;
  wb.modified = asOf;
  const tags = new Map<string, { sheet: string; row: number }>();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    for (const [i, t] of spec.titleRows.entries()) {
      const r = ws.addRow([t]);
      if (i === 0) r.font = { bold: true, size: 14 };
    }
    const headerRow = ws.addRow(spec.header);
    headerRow.font = { bold: true };
    const moneyIdx = new Set((spec.moneyColumns ?? []).map((h) => spec.header.indexOf(h)));
    for (const row of spec.rows) {
      const values = row.values.map((v) =>
        v instanceof Money
          ? v.amount
          : typeof v === 'boolean'
            ? booleans === 'YesNo'
              ? v
                ? 'Yes'
                : 'No'
              : v
                ? 1
                : 0
            : v,
      );
      const r = ws.addRow(values);
      if (row.tag) tags.set(row.tag, { sheet: spec.name, row: r.number });
      for (const i of moneyIdx) if (i >= 0) r.getCell(i + 1).numFmt = '"$"#,##0.00';
    }
    ws.columns.forEach((col) => {
      col.width = 16;
    });
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  await writeFile(path, normaliseZipTimestamps(buf, asOf));
  return tags;
}

// ---------------------------------------------------------------------------------------------------------
// The committed sample set

export const SAMPLE_SEED = 20261020;
export const SAMPLE_SIZE = 250;

export interface Quirk {
  /** Physical line (text files) or "Sheet!row" (XLSX), 1-based. */
  where: string;
  customerId: string;
  description: string;
}

export interface SampleFile {
  file: string;
  snapshot: string;
  report: string;
  format: string;
  dataRows: number;
  bytes: number;
  notes: string[];
  quirks: Quirk[];
}

export interface SampleSet {
  files: SampleFile[];
  october: Customer[];
  november: DriftResult;
  movedIntoActNow: { product: ProductKey; customerId: string; from: ClusterName | '' }[];
}

/** Inclusion of a customer in a per-report subset; specials (index < 30) are in every file. */
function inSubset(seed: number, c: Customer, salt: number, share: number): boolean {
  return c.index < 30 || mixSeed(seed, c.index, salt) / 4294967296 < share;
}

function quirkCustomer(seed: number, k: number): Customer {
  return makeCustomer(seed, 9_000_000 + k);
}

const set = (cells: string[], header: readonly string[], name: string, value: string): void => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  cells[i] = value;
};

/** Writes every sample file into outDir and returns their description (for README.md). */
export async function writeSampleSet(
  outDir: string,
  seed = SAMPLE_SEED,
  n = SAMPLE_SIZE,
): Promise<SampleSet> {
  const october = generateCustomers(seed, n);
  const november = driftSnapshot(october, seed);
  const nov = november.customers;
  const files: SampleFile[] = [];
  const usd: FormatOptions = { booleans: 'YesNo', money: 'usd' };
  const byId = new Map(october.map((c) => [c.customerId, c]));
  const movedIntoActNow: SampleSet['movedIntoActNow'] = [];
  for (const c of nov) {
    const before = byId.get(c.customerId);
    if (!before) continue;
    for (const product of PRODUCTS) {
      if (c.scores[product].cluster === 'Act Now' && before.scores[product].cluster !== 'Act Now') {
        movedIntoActNow.push({ product, customerId: c.customerId, from: before.scores[product].cluster });
      }
    }
  }

  const tsvOpts = (enc: TextEncoding, eol: '\n' | '\r\n'): DelimitedOptions => ({
    delimiter: '\t',
    eol,
    encoding: enc,
    quote: 'none',
  });
  const describe = (tag: string, res: DelimitedResult, customerId: string, description: string): Quirk => ({
    where: `line ${res.tagLines.get(tag) ?? '?'}`,
    customerId,
    description,
  });

  // 1. M365 October TSV --------------------------------------------------------------------------------
  {
    const file = 'CloudAscent_M365_Propensity_2026-10-20.tsv';
    const header = M365_COLUMNS.map(([h]) => h);
    const rows: OutRow[] = [header];
    const pending: { tag: string; id: string; text: string }[] = [];
    october.forEach((c, i) => {
      const cells = formatRow(M365_COLUMNS, c, usd);
      if (i === 60) {
        set(cells, header, 'M365Fit', 'abc');
        pending.push({ tag: 'abc', id: c.customerId, text: 'M365Fit is "abc" (invalid score → null)' });
        rows.push({ cells, tag: 'abc' });
      } else if (i === 75) {
        set(cells, header, 'SurfaceIntent', '140');
        pending.push({ tag: '140', id: c.customerId, text: 'SurfaceIntent is 140 (out of range → null)' });
        rows.push({ cells, tag: '140' });
      } else if (c.index in SPECIAL_CUSTOMERS) {
        rows.push({ cells, tag: `special-${c.index}` });
      } else rows.push(cells);
      if (i === 40) {
        const q = formatRow(M365_COLUMNS, quirkCustomer(seed, 1), usd);
        set(q, header, 'CustomerID', '');
        pending.push({
          tag: 'noid',
          id: '',
          text: `row without CustomerID (AccountName "${q[4]}") — reject`,
        });
        rows.push({ cells: q, tag: 'noid' });
      }
    });
    const res = await writeDelimited(join(outDir, file), rows, tsvOpts('utf8', '\n'));
    files.push({
      file,
      snapshot: '2026-10-20',
      report: 'Microsoft 365 + Surface (+ O365)',
      format: 'TSV, UTF-8 without BOM, LF, no quoting (a `"` inside a value is literal)',
      dataRows: res.records - 1,
      bytes: res.bytes,
      notes: [`${header.length} columns; booleans Yes/No; ${october.length} customers + 1 invalid row.`],
      quirks: [
        ...pending.map((q) => describe(q.tag, res, q.id, q.text)),
        ...specialQuirks(october, (c) => `line ${res.tagLines.get(`special-${c.index}`) ?? '?'}`),
      ],
    });
  }

  // 2. M365 November TSV (BOM, CRLF) -------------------------------------------------------------------
  {
    const file = 'CloudAscent_M365_Propensity_2026-11-20.tsv';
    const header = M365_COLUMNS.map(([h]) => h);
    const rows: OutRow[] = [header];
    const quirks: { tag: string; id: string; text: string }[] = [];
    nov.forEach((c, i) => {
      const cells = formatRow(M365_COLUMNS, c, usd);
      if (i === 130) {
        cells.push('EXTRA-FIELD');
        quirks.push({
          tag: 'extra',
          id: c.customerId,
          text: `ragged row: ${cells.length} fields (one extra trailing field "EXTRA-FIELD")`,
        });
        rows.push({ cells, tag: 'extra' });
      } else if (i === 150) {
        const cut = cells.slice(0, 20);
        quirks.push({
          tag: 'short',
          id: c.customerId,
          text: `too few fields: only the first 20 of ${header.length} (ends after IsNonprofit)`,
        });
        rows.push({ cells: cut, tag: 'short' });
      } else rows.push(cells);
    });
    const res = await writeDelimited(join(outDir, file), rows, tsvOpts('utf8-bom', '\r\n'));
    files.push({
      file,
      snapshot: '2026-11-20',
      report: 'Microsoft 365 + Surface (+ O365)',
      format: 'TSV, UTF-8 **with BOM**, CRLF, no quoting',
      dataRows: res.records - 1,
      bytes: res.bytes,
      notes: [
        `Same columns as October. Drift vs October: ${november.removed.length} customers gone, ${november.added.length} new (interleaved), intent re-drawn for ${november.redrawn.length}; fit unchanged.`,
      ],
      quirks: quirks.map((q) => describe(q.tag, res, q.id, q.text)),
    });
  }

  // 3. D365 October CSV (RFC 4180) ---------------------------------------------------------------------
  const d365Oct = october.filter((c) => inSubset(seed, c, 0xd365, 0.8));
  const notesCustomer = d365Oct[38];
  if (!notesCustomer) throw new Error('sample too small');
  const d365Notes = 'Head office moved,\nnew address: Keizersgracht 1, "unit 2"';
  {
    const file = 'CLASD365Propensity_20261020.csv';
    const fmt: FormatOptions = { booleans: '10', money: 'usd' };
    const header = D365_COLUMNS.map(([h]) => h);
    const rows: OutRow[] = [header];
    const quirks: { tag: string; id: string; text: string }[] = [];
    d365Oct.forEach((c, i) => {
      const cc = c === notesCustomer ? { ...c, notes: d365Notes } : c;
      const cells = formatRow(D365_COLUMNS, cc, fmt);
      if (c === notesCustomer) {
        quirks.push({
          tag: 'notes',
          id: c.customerId,
          text: 'Notes field (unknown column) with an embedded newline, comma and quotes: the record spans 2 physical lines',
        });
        rows.push({ cells, tag: 'notes' });
      } else if (i === 33) {
        cells.push('unexpected');
        quirks.push({
          tag: 'extra',
          id: c.customerId,
          text: `ragged row: ${cells.length} fields (extra trailing field "unexpected")`,
        });
        rows.push({ cells, tag: 'extra' });
      } else if (i === 44) {
        quirks.push({
          tag: 'short',
          id: c.customerId,
          text: `too few fields: only the first 35 of ${header.length} (ends after D365FOIntent)`,
        });
        rows.push({ cells: cells.slice(0, 35), tag: 'short' });
      } else if (c.index in SPECIAL_CUSTOMERS) {
        rows.push({ cells, tag: `special-${c.index}` });
      } else rows.push(cells);
      if (i === 55) {
        const q = formatRow(D365_COLUMNS, quirkCustomer(seed, 2), fmt);
        set(q, header, 'CustomerID', '');
        quirks.push({ tag: 'noid', id: '', text: `row without CustomerID (AccountName "${q[4]}") — reject` });
        rows.push({ cells: q, tag: 'noid' });
      }
    });
    const res = await writeDelimited(join(outDir, file), rows, {
      delimiter: ',',
      eol: '\r\n',
      encoding: 'utf8',
      quote: 'rfc4180',
    });
    const ws = d365Oct.flatMap((c) =>
      (['D365BC', 'D365FO', 'D365CE', 'PowerApps'] as const).map((p) => c.whitespace[p]),
    );
    files.push({
      file,
      snapshot: '2026-10-20',
      report: 'Dynamics 365 (BC, FO, CE, Power Apps)',
      format:
        'CSV (comma), RFC 4180 quoting, UTF-8 without BOM, CRLF records (the embedded newline inside the quoted Notes value is a bare LF)',
      dataRows: res.records - 1,
      bytes: res.bytes,
      notes: [
        `${header.length} columns; flags and booleans as 1/0; a subset (~80%) of the October customers.`,
        `Whitespace revenue columns \`<Product>WhitespaceRevenue\`: \`$1,234.50\` style (${ws.filter((x) => x !== null && x !== undefined && x > 0).length} values), empty (${ws.filter((x) => x === null).length}), \`0\` (${ws.filter((x) => x === 0).length}).`,
        'Account names with commas and double quotes are quoted (`"Tailspin Toys, Inc."`, `"Coho Winery ""The Cellar"" Ltd"`).',
      ],
      quirks: [
        ...quirks.map((q) => describe(q.tag, res, q.id, q.text)),
        ...specialQuirks(d365Oct, (c) => `line ${res.tagLines.get(`special-${c.index}`) ?? '?'}`),
      ],
    });
  }

  // 4. D365 November CSV (Dutch Excel: ; decimal comma, windows-1252, title/blank rows, totals, note) ---
  {
    const file = 'CLASD365Propensity_20261120.csv';
    const fmt: FormatOptions = { booleans: '10', money: 'nl' };
    const d365Nov = nov.filter((c) => inSubset(seed, c, 0xd365, 0.8));
    const header = D365_COLUMNS.map(([h]) => D365_NL_HEADER_DRIFT[h] ?? h);
    const width = header.length;
    const pad = (cells: string[]): string[] => [...cells, ...Array<string>(width - cells.length).fill('')];
    const rows: OutRow[] = [
      { cells: pad(['CloudAscent – Dynamics 365 propensity']), tag: 'title' },
      pad(['Exported 20-11-2026']),
      { cells: pad([]), tag: 'blank' },
      { cells: header, tag: 'header' },
    ];
    for (const c of d365Nov) {
      const cc = c.customerId === notesCustomer.customerId ? { ...c, notes: d365Notes } : c;
      rows.push(
        c.index in SPECIAL_CUSTOMERS || cc.notes
          ? { cells: formatRow(D365_COLUMNS, cc, fmt), tag: `special-${c.index}` }
          : formatRow(D365_COLUMNS, cc, fmt),
      );
    }
    const totals = pad(['Total']);
    for (const p of ['D365BC', 'D365FO', 'D365CE', 'PowerApps'] as const) {
      const sum = d365Nov.reduce((s, c) => s + (c.whitespace[p] ?? 0), 0);
      totals[D365_COLUMNS.findIndex(([h]) => h === `${p}WhitespaceRevenue`)] = formatNl(round2(sum));
    }
    rows.push({ cells: totals, tag: 'totals' });
    rows.push({ cells: pad(['Data provided by Microsoft Partner Center']), tag: 'note' });
    const res = await writeDelimited(join(outDir, file), rows, {
      delimiter: ';',
      eol: '\r\n',
      encoding: 'windows-1252',
      quote: 'rfc4180',
    });
    const l = (t: string): string => `line ${res.tagLines.get(t) ?? '?'}`;
    const notesLine = res.tagLines.get(`special-${notesCustomer.index}`);
    files.push({
      file,
      snapshot: '2026-11-20',
      report: 'Dynamics 365 (BC, FO, CE, Power Apps)',
      format:
        'CSV re-saved by Dutch (nl-NL) Excel: **semicolon** delimiter, **decimal comma**, **windows-1252**, CRLF, quoting only where needed (`;`, `"`, line break)',
      dataRows: d365Nov.length,
      bytes: res.bytes,
      notes: [
        'Every line is padded with `;` to the header width, as Excel does (title, blank, totals and note lines too).',
        `Header drift vs October: ${Object.entries(D365_NL_HEADER_DRIFT)
          .map(([a, b]) => `\`${a}\` → \`${b}\``)
          .join(', ')}.`,
        'Revenue as `1.234,50` (no currency symbol); `0` stays `0`; empty stays empty. Booleans/flags 1/0.',
        'Accents are single bytes (é = 0xE9, ü = 0xFC, Ø = 0xD8); the en dash in the title is 0x96 and ’ is 0x92 (differ from ISO-8859-1).',
      ],
      quirks: [
        {
          where: l('title'),
          customerId: '',
          description: 'title row "CloudAscent – Dynamics 365 propensity"; line 2 "Exported 20-11-2026"',
        },
        { where: l('blank'), customerId: '', description: 'blank row (only semicolons) above the header' },
        { where: l('header'), customerId: '', description: 'header row (the 4th line)' },
        {
          where: l('totals'),
          customerId: '',
          description: '"Total" row with the sums of the 4 whitespace revenue columns — not a customer, skip',
        },
        {
          where: l('note'),
          customerId: '',
          description: '"Data provided by Microsoft Partner Center" note line — skip',
        },
        ...(notesLine === undefined
          ? []
          : [
              {
                where: `line ${notesLine}`,
                customerId: notesCustomer.customerId,
                description:
                  'Notes value with an embedded newline (bare LF), comma and quotes — one record, 2 physical lines',
              },
            ]),
        ...specialQuirks(d365Nov, (c) => `line ${res.tagLines.get(`special-${c.index}`) ?? '?'}`),
      ],
    });
  }

  // 5. Azure XLSX, October and November -------------------------------------------------------------------
  for (const [snapshot, customers, older] of [
    ['2026-10', october, true],
    ['2026-11', nov, false],
  ] as const) {
    const file = `CLASAzurePropensity_${snapshot}.xlsx`;
    const asOf = new Date(`${snapshot}-20T00:00:00Z`);
    const columns = azureColumns(older);
    const header = columns.map(([h]) => h);
    const subset = customers.filter((c) => inSubset(seed, c, 0xa2e, 0.85));
    const rows: XlsxRow[] = [];
    const quirks: { tag: string; id: string; text: string }[] = [];
    subset.forEach((c, i) => {
      const values = columns.map(([, f]) => f(c));
      if (!older && i === 125) {
        values[header.indexOf('AzureFit')] = 140;
        quirks.push({
          tag: '140',
          id: c.customerId,
          text: 'AzureFit is the number 140 (out of range → null)',
        });
        rows.push({ values, tag: '140' });
      } else if (!older && i === 135) {
        values[header.indexOf('AzureIntent')] = 'abc';
        quirks.push({ tag: 'abc', id: c.customerId, text: 'AzureIntent is the text "abc" (invalid → null)' });
        rows.push({ values, tag: 'abc' });
      } else rows.push({ values });
      if (!older && i === 145) {
        const q = quirkCustomer(seed, 3);
        const qv = columns.map(([, f]) => f(q));
        qv[header.indexOf('CustomerID')] = null;
        quirks.push({
          tag: 'noid',
          id: '',
          text: `row without CustomerID (empty cell; AccountName "${q.accountName}") — reject`,
        });
        rows.push({ values: qv, tag: 'noid' });
      }
    });
    const label = snapshot === '2026-10' ? '20 October 2026' : '20 November 2026';
    const tags = await writeXlsx(
      join(outDir, file),
      [
        {
          name: 'Propensity model',
          titleRows: [
            'CloudAscent – Azure propensity model',
            `Partner: ${PARTNER.name} (MPN ID ${PARTNER.mpnId}) · data as of ${label}`,
          ],
          header,
          rows,
          moneyColumns: ['Azure Whitespace Revenue'],
        },
        {
          name: 'About',
          titleRows: [],
          header: ['Item', 'Value'],
          rows: [
            ['Report', 'CloudAscent Azure propensity'],
            ['Partner', PARTNER.name],
            ['MPN ID', PARTNER.mpnId],
            ['Data as of', `${snapshot}-20`],
            ['Source', 'Partner Center Insights – CloudAscent workbook'],
            ['Note', 'Synthetic sample data; all companies are fictitious.'],
          ].map((values) => ({ values })),
        },
      ],
      asOf,
    );
    const st = await stat(join(outDir, file));
    const wsCount = subset.map((c) => c.whitespace.Azure);
    files.push({
      file,
      snapshot: `${snapshot}-20`,
      report: 'Azure',
      format:
        'XLSX "CloudAscent workbook": tab "Propensity model" (rows 1–2 titles, row 3 header, data from row 4) + tab "About" (2 columns, header row 1)',
      dataRows: rows.length,
      bytes: st.size,
      notes: [
        `${header.length} columns${older ? ' incl. the older `TopUnmanagedComputeBase`, `TopUnmanagedUserBase` (Yes/No) after `Transactedinthelast36months`' : ' (no TopUnmanaged* columns)'}.`,
        'CustomerID, DUNSNumber, PostalCode are text cells (leading zeros kept); OrgSize, scores, workload counts are numbers; Yes/No columns are text; `Azure_…` flags are numbers 1/0.',
        `\`Azure Whitespace Revenue\` is a number with format \`"$"#,##0.00\`; ${wsCount.filter((x) => x === null).length} blank cells. \`Existing Workloads\`/\`RecommendedWorkloads\` are comma-separated lists (may be empty).`,
        'Zip entry timestamps and document properties are fixed, so the file is byte-for-byte reproducible.',
      ],
      quirks: quirks.map((q) => {
        const t = tags.get(q.tag);
        return { where: t ? `${t.sheet}!row ${t.row}` : '?', customerId: q.id, description: q.text };
      }),
    });
  }

  // 6. Surface November, "Unicode text" (UTF-16 LE BOM, tab, CRLF) ----------------------------------------
  {
    const file = 'Surface_Propensity_2026-11-20.txt';
    const subset = nov.filter((c) => inSubset(seed, c, 0x5f, 0.7));
    const rows: OutRow[] = [SURFACE_COLUMNS.map(([h]) => h)];
    for (const c of subset) {
      const cells = formatRow(SURFACE_COLUMNS, c, usd);
      rows.push(c.index in SPECIAL_CUSTOMERS ? { cells, tag: `special-${c.index}` } : cells);
    }
    const res = await writeDelimited(join(outDir, file), rows, {
      delimiter: '\t',
      eol: '\r\n',
      encoding: 'utf16le-bom',
      quote: 'excel-text',
    });
    files.push({
      file,
      snapshot: '2026-11-20',
      report: 'Surface',
      format: 'Excel "Unicode text": **UTF-16 LE with BOM** (FF FE), tab-separated, CRLF',
      dataRows: res.records - 1,
      bytes: res.bytes,
      notes: [
        'Headers `SurfaceCluster`, `Surface Fit`, `Surface Intent` (with spaces) + `MW_Windows 10 EOS`; booleans Yes/No.',
        'Excel quotes values containing `"`, a comma, a tab or a line break: `"Tailspin Toys, Inc."`, `"Coho Winery ""The Cellar"" Ltd"`, `"+SUM(1,2)"`.',
      ],
      quirks: specialQuirks(subset, (c) => `line ${res.tagLines.get(`special-${c.index}`) ?? '?'}`),
    });
  }

  // 7. Agreement renewals, October and November -------------------------------------------------------------
  for (const [snapshot, customers, style, enc, eol] of [
    ['2026-10-20', october, 'M/D/YYYY', 'utf8', '\r\n'],
    ['2026-11-20', nov, 'D-M-YYYY', 'utf8-bom', '\n'],
  ] as const) {
    const file = `CLASAgreementRenewalsPropensity_${snapshot}.csv`;
    const agreements = customers.flatMap((c) => agreementsFor(seed, c));
    const header = AGREEMENT_COLUMNS.map(([h]) => h);
    const fmt: FormatOptions = { booleans: 'YesNo', money: 'usd' };
    const rows: OutRow[] = [header];
    const quirks: Quirk[] = [];
    let noidTag = false;
    agreements.forEach((a, i) => {
      rows.push(AGREEMENT_COLUMNS.map(([, f]) => formatCell(f(a, style), fmt)));
      if (snapshot === '2026-11-20' && i === 70) {
        const q = quirkCustomer(seed, 4);
        const qa = agreementsFor(seed, { ...q, index: 5 })[0];
        if (!qa) throw new Error('no agreement');
        const cells = AGREEMENT_COLUMNS.map(([, f]) => formatCell(f({ ...qa, customer: q }, style), fmt));
        set(cells, header, 'CustomerID', '');
        set(cells, header, 'Agreement ID', '99999999');
        rows.push({ cells, tag: 'noid' });
        noidTag = true;
      }
    });
    const res = await writeDelimited(join(outDir, file), rows, {
      delimiter: ',',
      eol,
      encoding: enc,
      quote: 'rfc4180',
    });
    if (noidTag) {
      quirks.push({
        where: `line ${res.tagLines.get('noid') ?? '?'}`,
        customerId: '',
        description: 'agreement row without CustomerID (Agreement ID 99999999) — reject',
      });
    }
    const dates = agreements.map((a) => a.endDate);
    const inFy27 = dates.filter((d) => d >= '2026-07-01' && d <= '2027-06-30').length;
    const ambiguous = agreements.filter((a) => Number(a.endDate.slice(8)) <= 12).length;
    files.push({
      file,
      snapshot,
      report: 'Agreement renewals',
      format: `CSV (comma), RFC 4180 quoting, UTF-8 ${enc === 'utf8-bom' ? '**with BOM**' : 'without BOM'}, ${eol === '\n' ? 'LF' : 'CRLF'}`,
      dataRows: res.records - 1,
      bytes: res.bytes,
      notes: [
        `One row per agreement (${agreements.length} agreements for ${new Set(agreements.map((a) => a.customer.customerId)).size} customers; 1–3 each).`,
        `\`Agreement End Date\` as \`${style}\` without leading zeros (${style === 'M/D/YYYY' ? 'US' : 'day first'}); ${agreements.length - ambiguous} dates have day > 12, ${ambiguous} are ambiguous on their own. End dates span 2026-01..2027-12: ${dates.filter((d) => d < '2026-07-01').length} before FY27, ${inFy27} in FY27 (2026-07-01..2027-06-30), ${dates.filter((d) => d > '2027-06-30').length} in FY28; ${dates.filter((d) => d < '2026-11-25').length} already ended before 2026-11-25.`,
        '`Expiring Revenue` as `$12,345.67` (quoted, since it contains a comma when ≥ 1,000); `$0.00` is written as `0`. `Agreement ID`: EA 8 digits, Open Value `V…`, MPSA 10 digits with a leading zero, CSP GUID.',
        'Cluster columns only (`AzureCluster`, `M365Cluster`, `D365BCCluster`), no scores.',
      ],
      quirks,
    });
  }

  return { files, october, november, movedIntoActNow };
}

function specialQuirks(customers: readonly Customer[], where: (c: Customer) => string): Quirk[] {
  return customers
    .filter((c) => c.index in SPECIAL_CUSTOMERS)
    .map((c) => ({
      where: where(c),
      customerId: c.customerId,
      description: (FORMULA_INJECTION_INDICES as readonly number[]).includes(c.index)
        ? `formula-injection AccountName \`${c.accountName}\``
        : `AccountName \`${c.accountName}\` (non-ASCII / comma / quotes)`,
    }));
}

/** README.md for the sample folder. */
export function renderSampleReadme(s: SampleSet, seed = SAMPLE_SEED): string {
  const out: string[] = [];
  out.push('# CloudAscent sample downloads (synthetic)');
  out.push('');
  out.push(
    `Generated by \`npx tsx scripts/generate-sample.ts\` (library \`scripts/sample/generate.ts\`, seed ${seed}). Do not edit by hand: regenerate. Output is byte-for-byte reproducible. All companies, IDs and figures are fictitious; partner "${PARTNER.name}", MPNID ${PARTNER.mpnId}.`,
  );
  out.push('');
  out.push('Two monthly snapshots: **2026-10-20** and **2026-11-20**. November is October with drift:');
  out.push(
    `${s.november.removed.length} customers gone (${s.november.removed.map((c) => c.customerId).join(', ')}), ${s.november.added.length} new (${s.november.added.map((c) => c.customerId).join(', ')}), intent re-drawn for ${s.november.redrawn.length} (fit is unchanged: fit is quarterly, intent monthly).`,
  );
  out.push(
    `${s.movedIntoActNow.length} (customer, product) pairs moved into Act Now (file cluster) between the snapshots, e.g. ${s.movedIntoActNow
      .filter((m) => m.product === 'M365')
      .slice(0, 5)
      .map((m) => `${m.customerId} (M365, from ${m.from || 'blank'})`)
      .join(', ')}.`,
  );
  out.push('');
  out.push(
    `Everywhere: CustomerID is a string — 9-digit numbers (about 10% start with 0; ${s.october
      .filter((c) => c.customerId.startsWith('000'))
      .map((c) => `\`${c.customerId}\``)
      .join(' and ')} start with 000) or GUIDs; never parse it as a number.`,
  );
  out.push(
    'Fit/Intent are 0–100 and correlated; the file cluster follows the default matrix of domain.md except for ~3% deliberate disagreements; ~2% of product triples are entirely blank and ~1% have a blank intent with a cluster.',
  );
  out.push(
    'Line numbers below are 1-based physical lines (an embedded newline adds a line); XLSX positions are sheet!row.',
  );
  out.push('');
  out.push('| file | snapshot | report | format | data rows | bytes |');
  out.push('| --- | --- | --- | --- | --- | --- |');
  for (const f of s.files) {
    out.push(`| \`${f.file}\` | ${f.snapshot} | ${f.report} | ${f.format} | ${f.dataRows} | ${f.bytes} |`);
  }
  out.push('');
  for (const f of s.files) {
    out.push(`## ${f.file}`);
    out.push('');
    out.push(`- Snapshot ${f.snapshot}; ${f.report}; ${f.format}.`);
    for (const n of f.notes) out.push(`- ${n}`);
    if (f.quirks.length) {
      out.push('');
      out.push('| where | CustomerID | quirk |');
      out.push('| --- | --- | --- |');
      for (const q of f.quirks)
        out.push(
          `| ${q.where} | ${q.customerId ? `\`${q.customerId}\`` : '—'} | ${q.description.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`,
        );
    }
    out.push('');
  }
  return out.join('\n');
}
