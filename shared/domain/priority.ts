/**
 * Whom to call first: a customer's priority (0–100) and its reasons, one plain sentence per
 * contribution with the figures that produced it, largest first (domain.md, "Priority").
 * The rule is a default a partner tunes: every weight and day window is a setting.
 */
import { z } from 'zod';
import { CLUSTERS, type Cluster } from './matrix';

export const PriorityWeights = z
  .object({
    /** Points for the best current cluster over the customer's products. */
    cluster: z
      .object({
        'Act Now': z.number().int().min(0).max(100),
        Evaluate: z.number().int().min(0).max(100),
        Nurture: z.number().int().min(0).max(100),
        Educate: z.number().int().min(0).max(100),
      })
      .strict(),
    movedIntoActNow: z.number().int().min(0).max(100),
    /** An open agreement ending within `soonDays` of the as-of date, or within `laterDays`. */
    agreementSoon: z.number().int().min(0).max(100),
    agreementLater: z.number().int().min(0).max(100),
    soonDays: z.number().int().min(1).max(3650),
    laterDays: z.number().int().min(1).max(3650),
    eos: z.number().int().min(0).max(100),
    /** Points for the top 1 % of whitespace revenue in Act Now and Evaluate products, linear below. */
    whitespace: z.number().int().min(0).max(100),
  })
  .strict()
  .refine((w) => w.laterDays > w.soonDays, { message: 'the later window must be longer than the soon one' });
export type PriorityWeights = z.infer<typeof PriorityWeights>;

export const DEFAULT_PRIORITY_WEIGHTS: PriorityWeights = {
  cluster: { 'Act Now': 40, Evaluate: 25, Nurture: 10, Educate: 0 },
  movedIntoActNow: 15,
  agreementSoon: 20,
  agreementLater: 10,
  soonDays: 90,
  laterDays: 180,
  eos: 10,
  whitespace: 15,
};

/** What the rule looks at, for one customer as of one date. */
export interface PriorityFacts {
  products: { product: string; cluster: string | null; fit: number | null; intent: number | null }[];
  /** Products that moved into Act Now, with the date of the previous snapshot they moved from. */
  moved: { product: string; since: string }[];
  /** Open agreements (ending on or after the as-of date). */
  agreements: {
    agreementId: string | null;
    licenseProgram: string | null;
    endDate: string;
    expiringRevenue: number | null;
  }[];
  /** Names of the end-of-service flags set for the customer. */
  eos: string[];
  /** Whitespace revenue of its Act Now and Evaluate products, and its percentile rank among all current customers (0–1). */
  whitespace: { revenue: number; rank: number } | null;
}

export interface Priority {
  priority: number;
  why: string[];
}

const DAY_MS = 86_400_000;

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY_MS);
}

/** "15 Jan 2027": the date as the reasons write it, the same in every locale of the machine. */
export function reasonDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}`;
}

/** "$18,400" or "$18,400.50": to the cent, without ".00". */
export function reasonMoney(v: number): string {
  const cents = Math.round(v * 100);
  return (cents / 100).toLocaleString('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: cents % 100 === 0 ? 0 : 2,
    maximumFractionDigits: 2,
  });
}

/** "MW_Windows 10 EOS" → "Windows 10"; "Azure_Windows Server OR SQL Server: EOS 2012" → "Windows Server OR SQL Server 2012". */
export function eosProduct(flag: string): string {
  const bare = flag
    .replace(/^(MW|Azure|D365|M365)_/i, '')
    .replace(/:?\s*\bEOS\b\s*/i, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return bare || flag;
}

function scores(fit: number | null, intent: number | null): string {
  if (fit === null && intent === null) return 'no scores';
  return `Fit ${fit ?? '–'}, Intent ${intent ?? '–'}`;
}

const isCluster = (c: string | null): c is Cluster =>
  c !== null && (CLUSTERS as readonly string[]).includes(c);

/** The best current cluster over a customer's products (Act Now > Evaluate > Nurture > Educate). */
export function bestCluster(clusters: (string | null)[]): Cluster | null {
  let best: number = CLUSTERS.length;
  for (const c of clusters) if (isCluster(c)) best = Math.min(best, CLUSTERS.indexOf(c));
  return best < CLUSTERS.length ? CLUSTERS[best]! : null;
}

/** One contribution: its points, and its reason, written only when asked (the call list scores every customer but words a page). */
interface Part {
  points: number;
  text: () => string;
}

function partsOf(facts: PriorityFacts, asOf: string, w: PriorityWeights): Part[] {
  const parts: Part[] = [];

  const best = bestCluster(facts.products.map((p) => p.cluster));
  if (best) {
    parts.push({
      points: w.cluster[best],
      text: () => {
        // The products at the best cluster, strongest scores first.
        const at = facts.products
          .filter((p) => p.cluster === best)
          .sort((a, b) => (b.fit ?? -1) + (b.intent ?? -1) - ((a.fit ?? -1) + (a.intent ?? -1)));
        const first = at[0]!;
        const more = at.length > 1 ? ` and ${at.length - 1} more product${at.length > 2 ? 's' : ''}` : '';
        return `${best} for ${first.product} (${scores(first.fit, first.intent)})${more}`;
      },
    });
  }

  if (facts.moved.length) {
    parts.push({
      points: w.movedIntoActNow,
      text: () => {
        const byDate = [...facts.moved].sort((a, b) => (a.since < b.since ? 1 : -1));
        const text = byDate.map((m) => `${m.product} since ${reasonDate(m.since)}`).join(', ');
        return `moved into Act Now for ${text}`;
      },
    });
  }

  // The nearest open agreement decides the window; its reason names it with its figures.
  let next: (PriorityFacts['agreements'][number] & { days: number }) | undefined;
  for (const a of facts.agreements) {
    const days = daysBetween(asOf, a.endDate);
    if (days < 0 || days > w.laterDays) continue;
    if (
      !next ||
      days < next.days ||
      (days === next.days && (a.expiringRevenue ?? 0) > (next.expiringRevenue ?? 0))
    )
      next = { ...a, days };
  }
  if (next) {
    const n = next;
    parts.push({
      points: n.days <= w.soonDays ? w.agreementSoon : w.agreementLater,
      text: () => {
        const name = [n.licenseProgram, n.agreementId].filter(Boolean).join(' ') || 'An agreement';
        const days = n.days === 1 ? '1 day' : `${n.days} days`;
        const revenue = n.expiringRevenue !== null ? `: ${reasonMoney(n.expiringRevenue)} expiring` : '';
        return `${name} ends ${reasonDate(n.endDate)} (${days})${revenue}`;
      },
    });
  }

  if (facts.eos.length) {
    parts.push({
      points: w.eos,
      text: () => `${[...new Set(facts.eos.map(eosProduct))].join(', ')} past end of service`,
    });
  }

  const ws = facts.whitespace;
  if (ws && ws.revenue > 0) {
    // Top 1 % earn the full weight; below it the points fall linearly with the rank.
    const points = Math.round(w.whitespace * Math.min(1, ws.rank / 0.99) * 10) / 10;
    parts.push({
      points,
      text: () => {
        const top = Math.max(1, Math.ceil((1 - ws.rank) * 100 - 1e-9));
        return `${reasonMoney(ws.revenue)} whitespace in Act Now and Evaluate products (top ${top} %)`;
      },
    });
  }
  // Largest first; a stable sort keeps the order above among equal points.
  return parts.filter((p) => p.points > 0).sort((a, b) => b.points - a.points);
}

const total = (parts: Part[]): number => Math.min(100, Math.round(parts.reduce((s, p) => s + p.points, 0)));

export function priorityOf(facts: PriorityFacts, asOf: string, w: PriorityWeights): Priority {
  const kept = partsOf(facts, asOf, w);
  return { priority: total(kept), why: kept.map((p) => p.text()) };
}

/** The priority alone, as priorityOf computes it, without writing its reasons. */
export function priorityScore(facts: PriorityFacts, asOf: string, w: PriorityWeights): number {
  return total(partsOf(facts, asOf, w));
}

/**
 * Percentile ranks of values among all of them: the share of values strictly below each one
 * (ties share a rank), so the largest of n distinct values ranks (n-1)/n.
 */
export function percentileRanks(values: readonly number[]): number[] {
  const n = values.length;
  if (!n) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const below = new Map<number, number>();
  sorted.forEach((v, i) => {
    if (!below.has(v)) below.set(v, i);
  });
  return values.map((v) => below.get(v)! / n);
}
