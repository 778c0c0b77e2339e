/**
 * Whom to call first: a customer's priority (0–100) and its reasons, one per contribution with
 * the figures that produced it, largest first (domain.md, "Priority"); shared/i18n/reasons.ts
 * words them (`priorityOf`).
 * The rule is a default a partner tunes: every weight and day window is a setting.
 */
import { z } from 'zod';
import { CLUSTERS, type Cluster } from './matrix';

/** The bounds of a weight's points and of a window's days (the Settings screen says them). */
export const MAX_POINTS = 100;
export const MAX_DAYS = 3650;
const points = z.number().int().min(0).max(MAX_POINTS);
const days = z.number().int().min(1).max(MAX_DAYS);

export const PriorityWeights = z
  .object({
    /** Points for the best current cluster over the customer's products. */
    cluster: z
      .object({
        'Act Now': points,
        Evaluate: points,
        Nurture: points,
        Educate: points,
      })
      .strict(),
    movedIntoActNow: points,
    /** An open agreement ending within `soonDays` of the as-of date, or within `laterDays`. */
    agreementSoon: points,
    agreementLater: points,
    soonDays: days,
    laterDays: days,
    eos: points,
    /** Points for the top 1 % of whitespace revenue in Act Now and Evaluate products, linear below. */
    whitespace: points,
  })
  .strict()
  .superRefine((w, ctx) => {
    if (w.laterDays <= w.soonDays)
      ctx.addIssue({
        code: 'custom',
        path: ['laterDays'],
        message: `the later window (${w.laterDays} days) must be longer than the soon one (${w.soonDays} days)`,
      });
  });
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

/**
 * One reason: its kind and the figures that produced it. shared/i18n/reasons.ts words it in a
 * language (the one place of the sentences); a page's rows are worded, never the whole book.
 */
export type Reason =
  /** The best cluster: its strongest product (by Fit + Intent) and how many more are at it. */
  | {
      kind: 'cluster';
      cluster: Cluster;
      product: string;
      fit: number | null;
      intent: number | null;
      more: number;
    }
  /** Products that moved into Act Now, each with the previous snapshot's date, latest first. */
  | { kind: 'moved'; moves: { product: string; since: string }[] }
  /** The nearest open agreement in a window: its name (program and ID, if any) and figures. */
  | { kind: 'agreement'; name: string | null; endDate: string; days: number; revenue: number | null }
  /** The products of the end-of-service flags, each once. */
  | { kind: 'eos'; products: string[] }
  /** Whitespace revenue in Act Now and Evaluate products and its top percentage among all customers. */
  | { kind: 'whitespace'; revenue: number; top: number };

const DAY_MS = 86_400_000;

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY_MS);
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

const isCluster = (c: string | null): c is Cluster =>
  c !== null && (CLUSTERS as readonly string[]).includes(c);

/** The best current cluster over a customer's products (Act Now > Evaluate > Nurture > Educate). */
export function bestCluster(clusters: (string | null)[]): Cluster | null {
  let best: number = CLUSTERS.length;
  for (const c of clusters) if (isCluster(c)) best = Math.min(best, CLUSTERS.indexOf(c));
  return best < CLUSTERS.length ? CLUSTERS[best]! : null;
}

/** One contribution: its points, and its reason, made only when asked (the call list scores every customer but words a page). */
interface Part {
  points: number;
  reason: () => Reason;
}

function partsOf(facts: PriorityFacts, asOf: string, w: PriorityWeights): Part[] {
  const parts: Part[] = [];

  const best = bestCluster(facts.products.map((p) => p.cluster));
  if (best) {
    parts.push({
      points: w.cluster[best],
      reason: () => {
        // The products at the best cluster, strongest scores first.
        const at = facts.products
          .filter((p) => p.cluster === best)
          .sort((a, b) => (b.fit ?? -1) + (b.intent ?? -1) - ((a.fit ?? -1) + (a.intent ?? -1)));
        const first = at[0]!;
        return {
          kind: 'cluster',
          cluster: best,
          product: first.product,
          fit: first.fit,
          intent: first.intent,
          more: at.length - 1,
        };
      },
    });
  }

  if (facts.moved.length) {
    parts.push({
      points: w.movedIntoActNow,
      reason: () => ({ kind: 'moved', moves: [...facts.moved].sort((a, b) => (a.since < b.since ? 1 : -1)) }),
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
      reason: () => ({
        kind: 'agreement',
        name: [n.licenseProgram, n.agreementId].filter(Boolean).join(' ') || null,
        endDate: n.endDate,
        days: n.days,
        revenue: n.expiringRevenue,
      }),
    });
  }

  if (facts.eos.length) {
    parts.push({
      points: w.eos,
      reason: () => ({ kind: 'eos', products: [...new Set(facts.eos.map(eosProduct))] }),
    });
  }

  const ws = facts.whitespace;
  if (ws && ws.revenue > 0) {
    // Top 1 % earn the full weight; below it the points fall linearly with the rank.
    const points = Math.round(w.whitespace * Math.min(1, ws.rank / 0.99) * 10) / 10;
    parts.push({
      points,
      reason: () => ({
        kind: 'whitespace',
        revenue: ws.revenue,
        top: Math.max(1, Math.ceil((1 - ws.rank) * 100 - 1e-9)),
      }),
    });
  }
  // Largest first; a stable sort keeps the order above among equal points.
  return parts.filter((p) => p.points > 0).sort((a, b) => b.points - a.points);
}

const total = (parts: Part[]): number => Math.min(100, Math.round(parts.reduce((s, p) => s + p.points, 0)));

/** The priority and its reasons (kinds and figures), largest first. */
export function priorityReasons(
  facts: PriorityFacts,
  asOf: string,
  w: PriorityWeights,
): { priority: number; reasons: Reason[] } {
  const kept = partsOf(facts, asOf, w);
  return { priority: total(kept), reasons: kept.map((p) => p.reason()) };
}

/** The priority alone, as priorityReasons computes it, without making its reasons. */
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
