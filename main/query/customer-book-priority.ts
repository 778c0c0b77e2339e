/**
 * The call list's priority in the book's build (customer-book.ts buildBook): what it is computed
 * from that the row store does not hold (the open agreements, read from SQL), each customer's
 * whitespace rank, and the rule's points per customer. Like customer-book-build.ts, each loop is
 * a function of its own that the engine optimises, run over customers [from, to) in slices.
 */
import type { DB } from '../cache/db';
import { CLUSTERS } from '../../shared/domain/matrix';
import { fiscalYearOf } from '../../shared/domain/fiscal';
import { type PriorityFacts, type PriorityWeights, priorityScore } from '../../shared/domain/priority';
import { placeholders, type ImportRef } from './current';
import type { Value } from './customer-rank';
import type { Steps } from './turns';

const DAY_MS = 86_400_000;
/** An ISO date as a day number (days since 1970-01-01). */
export const dayOf = (iso: string): number => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
/** An amount in whole cents (0 for none), as sums are kept exact. */
export const cents = (v: Value | undefined): number => (typeof v === 'number' ? Math.round(v * 100) : 0);

/** Open agreements (not ended on the as-of date): for the priority, the filters, this fiscal year's. */
export interface OpenAgreements {
  byCustomer: Map<number, PriorityFacts['agreements']>;
  /** The first end in the fiscal year (a day number; NaN: none), and the revenue expiring in it (cents). */
  nextEnd: Float64Array;
  expiring: Float64Array;
  /** End days, customer i's at [start[i], start[i+1]). */
  start: Uint32Array;
  end: Int32Array;
}

export function* openAgreements(
  db: DB,
  imports: ImportRef[],
  agreementCustomer: Map<string, number>,
  asOf: string,
  n: number,
): Steps<OpenAgreements> {
  const fy = fiscalYearOf(asOf);
  const agreementIds = imports.filter((c) => c.report === 'agreements').map((c) => c.id);
  const byCustomer = new Map<number, PriorityFacts['agreements']>();
  const nextEnd = new Float64Array(n).fill(NaN);
  const expiring = new Float64Array(n).fill(NaN);
  let seen = 0;
  for (const [customerId, agreementId, licenseProgram, endDate, amount] of db
    .prepare(
      `SELECT a.customer_id, a.agreement_id, a.license_program, a.end_date, a.expiring_revenue FROM agreements a
       WHERE a.import_id IN (${placeholders(agreementIds.length)}) AND a.end_date IS NOT NULL AND a.end_date >= ?
       ORDER BY a.import_id, a.line`,
    )
    .raw()
    .iterate(...agreementIds, asOf) as IterableIterator<
    [string, string | null, string | null, string, number | null]
  >) {
    const c = agreementCustomer.get(customerId);
    if (c === undefined) continue;
    const list = byCustomer.get(c) ?? [];
    if (!list.length) byCustomer.set(c, list);
    list.push({ agreementId, licenseProgram, endDate, expiringRevenue: amount });
    if (endDate >= fy.start && endDate <= fy.end) {
      const day = dayOf(endDate);
      if (!(day >= nextEnd[c]!)) nextEnd[c] = day;
      if (amount !== null) expiring[c] = (Number.isNaN(expiring[c]!) ? 0 : expiring[c]!) + cents(amount);
    }
    if ((++seen & 1023) === 0) yield;
  }
  const start = new Uint32Array(n + 1);
  for (const [c, list] of byCustomer) start[c + 1] = list.length;
  for (let i = 1; i <= n; i++) start[i]! += start[i - 1]!;
  const end = new Int32Array(start[n]!);
  for (const [c, list] of byCustomer) list.forEach((a, k) => (end[start[c]! + k] = dayOf(a.endDate)));
  return { byCustomer, nextEnd, expiring, start, end };
}

/**
 * How many customers have less whitespace in Act Now and Evaluate (percentileRanks × n), for
 * customers [from, to), given all the amounts `sorted`.
 */
export function whitespaceBelow(
  hot: Float64Array,
  sorted: Float64Array,
  below: Uint32Array,
  from: number,
  to: number,
): void {
  const n = hot.length;
  for (let i = from; i < to; i++) {
    const v = hot[i]!;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    below[i] = lo;
  }
}

/** What the priority of customers is computed from. */
export interface PriorityInputs {
  best: Uint8Array;
  moved: Uint8Array;
  eos: Uint8Array;
  hot: Float64Array;
  below: Uint32Array;
  agreements: Map<number, PriorityFacts['agreements']>;
  asOf: string;
  weights: PriorityWeights;
}

/**
 * The rule's points alone (the reasons are worded per page) for customers [from, to). The rule
 * reads only the best cluster of the products and whether any moved, so one stands for them.
 * Customers without open agreements whose facts are alike score alike: their score is kept by
 * those facts (best cluster, movement, end of service, whitespace rank, which names the amount).
 */
export function priorities(
  p: PriorityInputs,
  out: Uint8Array,
  memo: Map<number, number>,
  from: number,
  to: number,
): void {
  const n = out.length;
  const atBest = CLUSTERS.map((cluster) => [{ product: '', cluster, fit: null, intent: null }]);
  const someMoved = [{ product: '', since: '' }];
  const facts: PriorityFacts = { products: [], moved: [], agreements: [], eos: [], whitespace: null };
  const whitespace = { revenue: 0, rank: 0 };
  for (let c = from; c < to; c++) {
    const open = p.agreements.get(c);
    const key = open ? -1 : ((p.best[c]! * 2 + p.moved[c]!) * 2 + p.eos[c]!) * (n + 1) + p.below[c]!;
    const kept = key < 0 ? undefined : memo.get(key);
    if (kept !== undefined) {
      out[c] = kept;
      continue;
    }
    facts.products = p.best[c]! < CLUSTERS.length ? atBest[p.best[c]!]! : [];
    facts.moved = p.moved[c] ? someMoved : [];
    facts.agreements = open ?? [];
    facts.eos = p.eos[c] ? ['eos'] : [];
    whitespace.revenue = p.hot[c]! / 100;
    whitespace.rank = p.below[c]! / n;
    facts.whitespace = whitespace;
    out[c] = priorityScore(facts, p.asOf, p.weights);
    if (key >= 0) memo.set(key, out[c]!);
  }
}
