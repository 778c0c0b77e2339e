/** Customers: one fully determined by (seed, index), a population, and next month's drift. */
import {
  CLUSTERS,
  PRODUCTS,
  SPECIAL_CUSTOMERS,
  ALL_FLAGS,
  clusterFor,
  type ClusterName,
  type ProductKey,
} from './domain';
import { clampScore, gauss, hex, mixSeed, mulberry32, pick, round2, weighted, type Rng } from './rng';
import { BRANDS, COUNTRIES, EXISTING_WORKLOADS, FY_OFFERS, INDUSTRIES, RECOMMENDED_WORKLOADS } from './world';

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
