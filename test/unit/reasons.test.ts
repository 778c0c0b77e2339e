/**
 * The priority's reasons in Dutch and English (shared/i18n/reasons.ts): words, figures, dates and
 * amounts per language. Dutch amounts are "US$", a no-break space, then the figure (\u00a0).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRIORITY_WEIGHTS as W,
  priorityReasons,
  type PriorityFacts,
  type Reason,
} from '../../shared/domain/priority';
import { LOCALES } from '../../shared/i18n/locales';
import { REASON_MESSAGES, priorityOf, reasonDate, reasonMoney, reasonText } from '../../shared/i18n/reasons';

const AS_OF = '2026-12-02';
const none: PriorityFacts = { products: [], moved: [], agreements: [], eos: [], whitespace: null };
const agreement = (endDate: string, expiringRevenue: number | null = 18_400, name = true) => ({
  ...none,
  agreements: [
    {
      agreementId: name ? '6-1234' : null,
      licenseProgram: name ? 'EA' : null,
      endDate,
      expiringRevenue,
    },
  ],
});
const nl = (facts: PriorityFacts) => priorityOf(facts, AS_OF, W, 'nl');

describe('reasons in Dutch', () => {
  it('words an agreement at the window boundaries: 90 days soon, 91 later, 1 day, ended', () => {
    // 2026-12-02 + 90 days = 2027-03-02.
    expect(nl(agreement('2027-03-02'))).toEqual({
      priority: 20,
      why: ['EA 6-1234 eindigt op 2 mrt 2027 (90 dagen): US$\u00a018.400 verlopende omzet'],
    });
    expect(nl(agreement('2027-03-03'))).toEqual({
      priority: 10,
      why: ['EA 6-1234 eindigt op 3 mrt 2027 (91 dagen): US$\u00a018.400 verlopende omzet'],
    });
    expect(nl(agreement('2027-05-31')).priority).toBe(10); // 180 days
    expect(nl(agreement('2027-06-01'))).toEqual({ priority: 0, why: [] }); // 181
    expect(nl(agreement('2026-12-03', null)).why).toEqual(['EA 6-1234 eindigt op 3 dec 2026 (1 dag)']);
    expect(nl(agreement(AS_OF, 1234.5, false)).why).toEqual([
      'Een overeenkomst eindigt op 2 dec 2026 (0 dagen): US$\u00a01.234,50 verlopende omzet',
    ]);
    // The same reasons in English, the contract's words.
    expect(priorityOf(agreement(AS_OF, 1234.5, false), AS_OF, W).why).toEqual([
      'An agreement ends 2 Dec 2026 (0 days): $1,234.50 expiring',
    ]);
  });

  it('formats amounts to the cent without ",00", grouped as the language groups', () => {
    expect(reasonMoney(18_400, 'nl')).toBe('US$\u00a018.400');
    expect(reasonMoney(18_400.5, 'nl')).toBe('US$\u00a018.400,50');
    expect(reasonMoney(0.004, 'nl')).toBe('US$\u00a00');
    expect(reasonMoney(1_234_567.891, 'nl')).toBe('US$\u00a01.234.567,89');
    expect(reasonMoney(18_400)).toBe('$18,400');
    expect(reasonMoney(18_400.5, 'en')).toBe('$18,400.50');
    expect(reasonDate('2027-01-15', 'nl')).toBe('15 jan 2027');
    expect(reasonDate('2027-01-15')).toBe('15 Jan 2027');
  });

  it('names the best cluster as Partner Center does in Dutch, with its scores and how many more', () => {
    const products = [
      { product: 'M365', cluster: 'Act Now', fit: 60, intent: 60 },
      { product: 'Azure', cluster: 'Act Now', fit: 82.5, intent: 77 },
    ];
    expect(nl({ ...none, products: products.slice(1) }).why).toEqual([
      'Nu actie ondernemen voor Azure (Fit 82,5, Intentie 77)',
    ]);
    expect(nl({ ...none, products }).why).toEqual([
      'Nu actie ondernemen voor Azure (Fit 82,5, Intentie 77) en nog 1 product',
    ]);
    expect(
      nl({ ...none, products: [...products, { product: 'O365', cluster: 'Act Now', fit: 1, intent: 1 }] })
        .why,
    ).toEqual(['Nu actie ondernemen voor Azure (Fit 82,5, Intentie 77) en nog 2 producten']);
    expect(
      nl({ ...none, products: [{ product: 'D365BC', cluster: 'Nurture', fit: null, intent: null }] }),
    ).toEqual({
      priority: 10,
      why: ['Nurture voor D365BC (geen scores)'],
    });
    expect(
      nl({ ...none, products: [{ product: 'D365BC', cluster: 'Evaluate', fit: null, intent: 40 }] }).why,
    ).toEqual(['Evalueren voor D365BC (Fit –, Intentie 40)']);
  });

  it('words movement, end of service and whitespace, largest first, with the same points as English', () => {
    const facts: PriorityFacts = {
      products: [{ product: 'M365', cluster: 'Act Now', fit: 91, intent: 88 }],
      moved: [
        { product: 'M365', since: '2026-10-25' },
        { product: 'Azure', since: '2026-11-20' },
      ],
      agreements: agreement('2027-01-15').agreements,
      eos: ['Azure_Windows Server OR SQL Server: EOS 2012', 'MW_Windows 10 EOS'],
      whitespace: { revenue: 42_000, rank: 0.995 },
    };
    const dutch = nl(facts);
    expect(dutch).toEqual({
      priority: 100,
      why: [
        'Nu actie ondernemen voor M365 (Fit 91, Intentie 88)',
        'EA 6-1234 eindigt op 15 jan 2027 (44 dagen): US$\u00a018.400 verlopende omzet',
        'naar Nu actie ondernemen voor Azure sinds 20 nov 2026, M365 sinds 25 okt 2026',
        'US$\u00a042.000 whitespace-omzet in producten met Nu actie ondernemen of Evalueren (top 1 %)',
        'Windows Server OR SQL Server 2012, Windows 10: einde ondersteuning bereikt',
      ],
    });
    expect(priorityOf(facts, AS_OF, W).priority).toBe(dutch.priority);
    // Below the top 1 %: the share is worded with the language's own figures.
    expect(nl({ ...none, whitespace: { revenue: 100, rank: 0.495 } }).why).toEqual([
      'US$\u00a0100 whitespace-omzet in producten met Nu actie ondernemen of Evalueren (top 51 %)',
    ]);
  });

  it('has the same messages in every language, each formatting every reason kind without a placeholder left', () => {
    const keys = Object.keys(REASON_MESSAGES.en).sort();
    for (const l of LOCALES) expect(Object.keys(REASON_MESSAGES[l]).sort(), l).toEqual(keys);
    const reasons: Reason[] = [
      { kind: 'cluster', cluster: 'Educate', product: 'M365', fit: 3, intent: null, more: 0 },
      { kind: 'moved', moves: [{ product: 'M365', since: '2026-10-25' }] },
      { kind: 'agreement', name: null, endDate: '2027-01-15', days: 3650, revenue: null },
      { kind: 'eos', products: ['Windows 10'] },
      { kind: 'whitespace', revenue: 1, top: 100 },
    ];
    for (const l of LOCALES)
      for (const r of reasons) {
        const text = reasonText(r, l);
        expect(text.trim(), `${l} ${r.kind}`).not.toBe('');
        expect(text, `${l} ${r.kind}`).not.toMatch(/[{}]/);
      }
    // Days are not grouped: as many as the window allows, written as the files write figures.
    expect(reasonText(reasons[2]!, 'nl')).toBe('Een overeenkomst eindigt op 15 jan 2027 (3650 dagen)');
    expect(priorityReasons(agreement('2027-01-15'), AS_OF, W).reasons).toEqual([
      { kind: 'agreement', name: 'EA 6-1234', endDate: '2027-01-15', days: 44, revenue: 18_400 },
    ]);
  });
});
