import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRIORITY_WEIGHTS as W,
  PriorityWeights,
  bestCluster,
  eosProduct,
  percentileRanks,
  type PriorityFacts,
} from '../../shared/domain/priority';
import { priorityOf } from '../../shared/i18n/reasons';

const AS_OF = '2026-12-02';
const none: PriorityFacts = { products: [], moved: [], agreements: [], eos: [], whitespace: null };
const agreement = (endDate: string, expiringRevenue: number | null = 18_400) => ({
  ...none,
  agreements: [{ agreementId: '6-1234', licenseProgram: 'EA', endDate, expiringRevenue }],
});

describe('priority (domain.md defaults)', () => {
  it('scores the best cluster and names its products with their scores', () => {
    const p = priorityOf(
      {
        ...none,
        products: [
          { product: 'M365', cluster: 'Evaluate', fit: 90, intent: 90 },
          { product: 'Azure', cluster: 'Act Now', fit: 82, intent: 77 },
        ],
      },
      AS_OF,
      W,
    );
    expect(p).toEqual({ priority: 40, why: ['Act Now for Azure (Fit 82, Intent 77)'] });
    const two = priorityOf(
      {
        ...none,
        products: [
          { product: 'M365', cluster: 'Act Now', fit: 60, intent: 60 },
          { product: 'Azure', cluster: 'Act Now', fit: 82, intent: 77 },
          { product: 'O365', cluster: 'Act Now', fit: 50, intent: 50 },
        ],
      },
      AS_OF,
      W,
    );
    expect(two.why).toEqual(['Act Now for Azure (Fit 82, Intent 77) and 2 more products']);
    expect(bestCluster(['Nurture', null, 'Evaluate'])).toBe('Evaluate');
    expect(bestCluster([null, 'weird'])).toBeNull();
  });

  it('says "no scores" for a cluster without them, and gives Educate nothing', () => {
    const blank = priorityOf(
      { ...none, products: [{ product: 'D365BC', cluster: 'Nurture', fit: null, intent: null }] },
      AS_OF,
      W,
    );
    expect(blank).toEqual({ priority: 10, why: ['Nurture for D365BC (no scores)'] });
    const educate = priorityOf(
      { ...none, products: [{ product: 'M365', cluster: 'Educate', fit: 10, intent: 5 }] },
      AS_OF,
      W,
    );
    expect(educate).toEqual({ priority: 0, why: [] });
  });

  it('gives +20 for an agreement ending within 90 days, +10 at 91–180, nothing after or once ended', () => {
    // 2026-12-02 + 90 days = 2027-03-02.
    expect(priorityOf(agreement('2027-03-02'), AS_OF, W)).toEqual({
      priority: 20,
      why: ['EA 6-1234 ends 2 Mar 2027 (90 days): $18,400 expiring'],
    });
    expect(priorityOf(agreement('2027-03-03'), AS_OF, W).priority).toBe(10);
    expect(priorityOf(agreement('2027-03-03'), AS_OF, W).why[0]).toMatch(/\(91 days\)/);
    expect(priorityOf(agreement('2027-05-31'), AS_OF, W).priority).toBe(10); // 180 days
    expect(priorityOf(agreement('2027-06-01'), AS_OF, W)).toEqual({ priority: 0, why: [] }); // 181
    expect(priorityOf(agreement('2026-12-01'), AS_OF, W)).toEqual({ priority: 0, why: [] }); // ended
    expect(priorityOf(agreement(AS_OF, 1234.5), AS_OF, W).why).toEqual([
      'EA 6-1234 ends 2 Dec 2026 (0 days): $1,234.50 expiring',
    ]);
    expect(priorityOf(agreement('2026-12-03', null), AS_OF, W).why).toEqual([
      'EA 6-1234 ends 3 Dec 2026 (1 day)',
    ]);
  });

  it('adds movement, end of service and whitespace, largest first, capped at 100', () => {
    const p = priorityOf(
      {
        products: [{ product: 'M365', cluster: 'Act Now', fit: 91, intent: 88 }],
        moved: [{ product: 'M365', since: '2026-10-25' }],
        agreements: agreement('2027-01-15').agreements,
        eos: ['Azure_Windows Server OR SQL Server: EOS 2012', 'MW_Windows 10 EOS'],
        whitespace: { revenue: 42_000, rank: 0.995 },
      },
      AS_OF,
      W,
    );
    expect(p.priority).toBe(100); // 40 + 15 + 20 + 10 + 15 = 100
    expect(p.why).toEqual([
      'Act Now for M365 (Fit 91, Intent 88)',
      'EA 6-1234 ends 15 Jan 2027 (44 days): $18,400 expiring',
      'moved into Act Now for M365 since 25 Oct 2026',
      '$42,000 whitespace in Act Now and Evaluate products (top 1 %)',
      'Windows Server OR SQL Server 2012, Windows 10 past end of service',
    ]);
    const heavy = priorityOf(
      { ...none, products: [{ product: 'Azure', cluster: 'Act Now', fit: 1, intent: 1 }], eos: ['x EOS'] },
      AS_OF,
      { ...W, cluster: { ...W.cluster, 'Act Now': 95 } },
    );
    expect(heavy.priority).toBe(100);
  });

  it('scales whitespace points linearly below the top 1 %', () => {
    const at = (rank: number) => priorityOf({ ...none, whitespace: { revenue: 100, rank } }, AS_OF, W);
    expect(at(0.99).priority).toBe(15);
    expect(at(0.495).priority).toBe(8); // 7.5, rounded
    expect(at(0.495).why[0]).toBe('$100 whitespace in Act Now and Evaluate products (top 51 %)');
    expect(priorityOf({ ...none, whitespace: { revenue: 0, rank: 0 } }, AS_OF, W).why).toEqual([]);
    expect(percentileRanks([5, 1, 5, 9])).toEqual([0.25, 0, 0.25, 0.75]);
  });

  it('validates weights', () => {
    expect(PriorityWeights.safeParse(W).success).toBe(true);
    expect(PriorityWeights.safeParse({ ...W, soonDays: 200 }).success).toBe(false);
    // The later window names its field and both figures (the Settings screen and the door say it).
    expect(PriorityWeights.safeParse({ ...W, laterDays: 90 }).error?.issues).toMatchObject([
      {
        path: ['laterDays'],
        message: 'the later window (90 days) must be longer than the soon one (90 days)',
      },
    ]);
    expect(PriorityWeights.safeParse({ ...W, laterDays: 91 }).success).toBe(true);
    expect(PriorityWeights.safeParse({ ...W, eos: -1 }).success).toBe(false);
    expect(eosProduct('MW_Windows 10 EOS')).toBe('Windows 10');
  });
});
