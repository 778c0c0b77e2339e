/**
 * The priority's reasons in words, per language: the one place their sentences are written
 * (shared/domain/priority.ts gives each reason as a kind and its figures). English is the
 * contract's (the CLI, the API's default, the differential reference); the renderer asks for its
 * own language. Dates and amounts follow the language (en "15 Jan 2027", "$18,400"; nl
 * "15 jan 2027", "US$ 18.400"); cluster names are the glossary's (terms.ts).
 * `nl` is typed as a record of `en`'s keys, so a key missing from either fails to compile.
 */
import { priorityReasons, type PriorityFacts, type PriorityWeights, type Reason } from '../domain/priority';
import { FORMAT_TAG, type Locale } from './locales';
import { clusterName } from './terms';
import { translator, type Catalog } from './translate';

const en = {
  scores: 'Fit {fit}, Intent {intent}',
  noScores: 'no scores',
  cluster:
    '{cluster} for {product} ({scores}){more, plural, =0 {} one { and {moreText} more product} other { and {moreText} more products}}',
  moved: 'moved into {actNow} for {list}',
  movedItem: '{product} since {date}',
  agreement:
    '{name} ends {date} ({days, plural, one {{daysText} day} other {{daysText} days}}){revenue, select, none {} other {: {revenue} expiring}}',
  anAgreement: 'An agreement',
  eos: '{products} past end of service',
  whitespace: '{money} whitespace in {actNow} and {evaluate} products (top {top} %)',
} satisfies Catalog;

export type ReasonKey = keyof typeof en;

const nl: Record<ReasonKey, string> = {
  scores: 'Fit {fit}, Intentie {intent}',
  noScores: 'geen scores',
  cluster:
    '{cluster} voor {product} ({scores}){more, plural, =0 {} one { en nog {moreText} product} other { en nog {moreText} producten}}',
  moved: 'naar {actNow} voor {list}',
  movedItem: '{product} sinds {date}',
  agreement:
    '{name} eindigt op {date} ({days, plural, one {{daysText} dag} other {{daysText} dagen}}){revenue, select, none {} other {: {revenue} verlopende omzet}}',
  anAgreement: 'Een overeenkomst',
  eos: '{products}: einde ondersteuning bereikt',
  whitespace: '{money} whitespace-omzet in producten met {actNow} of {evaluate} (top {top} %)',
};

export const REASON_MESSAGES: Record<Locale, Record<ReasonKey, string>> = { en, nl };

/** Dates as the reasons write them: day, short month, year ("15 Jan 2027", "15 jan 2027"). */
const DATE_TAG: Record<Locale, string> = { en: 'en-GB', nl: FORMAT_TAG.nl };

interface Words {
  t: (key: ReasonKey, values?: Record<string, string | number>) => string;
  date: Intl.DateTimeFormat;
  /** Whole and fractional figures (scores, days) without grouping, as the files give them. */
  figure: Intl.NumberFormat;
  moneyWhole: Intl.NumberFormat;
  moneyCents: Intl.NumberFormat;
}

const words = new Map<Locale, Words>();

function wordsOf(lang: Locale): Words {
  let w = words.get(lang);
  if (!w) {
    const { t } = translator(lang, REASON_MESSAGES[lang]);
    const money = (digits: number) =>
      new Intl.NumberFormat(FORMAT_TAG[lang], {
        style: 'currency',
        currency: 'USD',
        minimumFractionDigits: digits,
        maximumFractionDigits: 2,
      });
    w = {
      t,
      date: new Intl.DateTimeFormat(DATE_TAG[lang], {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      }),
      figure: new Intl.NumberFormat(FORMAT_TAG[lang], { useGrouping: false, maximumFractionDigits: 20 }),
      moneyWhole: money(0),
      moneyCents: money(2),
    };
    words.set(lang, w);
  }
  return w;
}

/** "15 Jan 2027" / "15 jan 2027": an ISO date as the reasons write it, whatever the machine's locale. */
export function reasonDate(iso: string, lang: Locale = 'en'): string {
  return wordsOf(lang).date.format(new Date(`${iso}T00:00:00Z`));
}

/** "$18,400" or "$18,400.50" / "US$ 18.400" or "US$ 18.400,50": to the cent, without ".00". */
export function reasonMoney(v: number, lang: Locale = 'en'): string {
  const cents = Math.round(v * 100);
  const w = wordsOf(lang);
  return (cents % 100 === 0 ? w.moneyWhole : w.moneyCents).format(cents / 100);
}

/** One reason as a plain sentence in `lang`. */
export function reasonText(r: Reason, lang: Locale = 'en'): string {
  const w = wordsOf(lang);
  const n = (v: number) => w.figure.format(v);
  switch (r.kind) {
    case 'cluster':
      return w.t('cluster', {
        cluster: clusterName(lang, r.cluster),
        product: r.product,
        scores:
          r.fit === null && r.intent === null
            ? w.t('noScores')
            : w.t('scores', {
                fit: r.fit === null ? '–' : n(r.fit),
                intent: r.intent === null ? '–' : n(r.intent),
              }),
        more: r.more,
        moreText: n(r.more),
      });
    case 'moved':
      return w.t('moved', {
        actNow: clusterName(lang, 'Act Now'),
        list: r.moves
          .map((m) => w.t('movedItem', { product: m.product, date: reasonDate(m.since, lang) }))
          .join(', '),
      });
    case 'agreement':
      return w.t('agreement', {
        name: r.name ?? w.t('anAgreement'),
        date: reasonDate(r.endDate, lang),
        days: r.days,
        daysText: n(r.days),
        revenue: r.revenue === null ? 'none' : reasonMoney(r.revenue, lang),
      });
    case 'eos':
      return w.t('eos', { products: r.products.join(', ') });
    case 'whitespace':
      return w.t('whitespace', {
        money: reasonMoney(r.revenue, lang),
        actNow: clusterName(lang, 'Act Now'),
        evaluate: clusterName(lang, 'Evaluate'),
        top: n(r.top),
      });
  }
}

export interface Priority {
  priority: number;
  why: string[];
}

/** A customer's priority and its reasons worded in `lang` (English: the contract's `why`). */
export function priorityOf(
  facts: PriorityFacts,
  asOf: string,
  w: PriorityWeights,
  lang: Locale = 'en',
): Priority {
  const { priority, reasons } = priorityReasons(facts, asOf, w);
  return { priority, why: reasons.map((r) => reasonText(r, lang)) };
}
