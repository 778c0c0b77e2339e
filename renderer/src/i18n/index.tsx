/**
 * The renderer's language: react-intl's provider over the catalogs (en.ts, nl.ts), the choice
 * (the user's stored preference, else the browser's languages) and its switch. Views use `useT`;
 * the grids' plain-DOM cell renderers, which live outside React, use `t`. A language switch
 * remounts the app below the provider (keyed by the language), so nothing keeps an old string.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createIntl, createIntlCache, IntlProvider, useIntl, type IntlShape } from 'react-intl';
import {
  CLUSTER_NAMES,
  BAND_NAMES,
  COLUMN_NAMES,
  FORMAT_TAG,
  pickLocale,
  type Locale,
} from '../../../shared/i18n';
import type { LabelledField } from '../../../shared/i18n';
import { errorLine } from '../../../shared/i18n/problems';
import { issueLine } from '../../../shared/i18n/issues';
import type { Band } from '../../../shared/domain/matrix';
import { reportName } from '../../../shared/domain/products';
import { api, setAnswerLanguage, setClientWording } from '../api-client';
import { setFormatLocale } from '../format';
import { en, type Catalog, type MessageKey } from './en';
import { nl } from './nl';

export type { MessageKey } from './en';
export const CATALOGS: Record<Locale, Catalog> = { en, nl };

export type Values = Record<string, string | number | Date | null | undefined>;
export type T = (key: MessageKey, values?: Values) => string;

const cache = createIntlCache();
let active: IntlShape = makeIntl('en');
let activeLocale: Locale = 'en';
let activated = false;

function makeIntl(locale: Locale): IntlShape {
  return createIntl(
    { locale: FORMAT_TAG[locale], messages: CATALOGS[locale], defaultLocale: 'en-US' },
    cache,
  );
}

/** Makes `locale` the one plain code (cell renderers, formatters) speaks; the provider calls it. */
function activate(locale: Locale): void {
  if (activated && locale === activeLocale) return;
  activated = true;
  activeLocale = locale;
  active = makeIntl(locale);
  setFormatLocale(FORMAT_TAG[locale]);
  setAnswerLanguage(locale);
  document.documentElement.lang = locale;
}

/**
 * Messages without values, formatted once per language: formatMessage merges its formats and
 * serialises them into a cache key on every call, and a grid's cells (Yes/No, an estimate's
 * title) and a view's labels ask for the same few messages at each filter change.
 */
const plainMessages = new WeakMap<IntlShape, Map<MessageKey, string>>();

function format(intl: IntlShape, key: MessageKey, values: Values | undefined): string {
  if (values) return intl.formatMessage({ id: key }, values as Record<string, string | number | Date>);
  let plain = plainMessages.get(intl);
  if (!plain) plainMessages.set(intl, (plain = new Map<MessageKey, string>()));
  let text = plain.get(key);
  if (text === undefined) plain.set(key, (text = intl.formatMessage({ id: key })));
  return text;
}

/** A message in the current language, for code outside React (the grids' cell renderers). */
export function t(key: MessageKey, values?: Values): string {
  return format(active, key, values);
}

// The request door's own refusals (server gone, no token), in the language of the moment.
setClientWording((reason, detail) =>
  t(reason === 'unreachable' ? 'errors.unreachable' : 'errors.unauthorised', { detail }),
);

export function currentLocale(): Locale {
  return activeLocale;
}

/** The current language's name of a stored cluster value (the value itself when unknown). */
export function clusterLabel(value: string | null | undefined): string {
  if (value == null) return '';
  return (CLUSTER_NAMES[activeLocale] as Record<string, string>)[value] ?? value;
}
export function bandLabel(band: Band): string {
  return BAND_NAMES[activeLocale][band];
}
/**
 * A report's name: the propensity reports are named after their products (proper names in
 * every language); the agreement renewals report in the reader's language.
 */
export function reportLabel(code: string): string {
  return code === 'agreements' ? t('report.agreements') : reportName(code);
}
/** A field's name as the grids and the exports call it. */
export function columnLabel(field: LabelledField): string {
  return COLUMN_NAMES[activeLocale][field];
}

/**
 * A refusal or failure of the service (an import's, a job's) in the current language: its
 * problem worded by shared/i18n/problems.ts, numbers in the UI's format; without one (an
 * unexpected error) the service's English line as it came.
 */
export function failureText(error: string | null | undefined, problem?: unknown): string {
  return errorLine(error, problem, activeLocale);
}

/**
 * An imported row's issue in the current language: its kind worded by shared/i18n/issues.ts,
 * numbers in the UI's format; without one (a message no template says) the stored English.
 */
export function issueText(i: { message: string; issue?: unknown }): string {
  return issueLine(i.message, i.issue, activeLocale);
}

/** The messages of the current language, for components. */
export function useT(): T {
  const intl = useIntl();
  return useCallback((key: MessageKey, values?: Values) => format(intl, key, values), [intl]);
}

interface LanguageState {
  locale: Locale;
  /** Whether the user chose it (else it follows the browser). */
  chosen: boolean;
  /** Stores the choice for the user (every workspace) and switches to it. */
  choose: (locale: Locale) => Promise<void>;
}
const Language = createContext<LanguageState>({
  locale: 'en',
  chosen: false,
  choose: () => Promise.resolve(),
});
export function useLanguage(): LanguageState {
  return useContext(Language);
}

/**
 * Asks the service for the user's language once; until a choice is stored, the browser's (or
 * OS's) preferred languages decide on every start. Renders nothing until the answer is in (one
 * local request), so no screen flashes in the wrong language.
 */
export function LanguageProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<{ locale: Locale; chosen: boolean } | null>(null);
  useEffect(() => {
    let live = true;
    const browser = pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
    api.preferences({}).then(
      (p) =>
        live &&
        setState(p.language ? { locale: p.language, chosen: true } : { locale: browser, chosen: false }),
      // The preferences are a convenience: without them the browser's language still works.
      () => live && setState({ locale: browser, chosen: false }),
    );
    return () => {
      live = false;
    };
  }, []);
  const choose = useCallback(async (locale: Locale) => {
    const p = await api.setPreferences({ language: locale });
    setState({ locale: p.language ?? locale, chosen: true });
  }, []);
  const value = useMemo(
    () => (state ? { locale: state.locale, chosen: state.chosen, choose } : null),
    [state, choose],
  );
  if (!value) return null;
  activate(value.locale);
  return (
    <Language.Provider value={value}>
      <IntlProvider locale={FORMAT_TAG[value.locale]} messages={CATALOGS[value.locale]} defaultLocale="en-US">
        <Keyed key={value.locale}>{children}</Keyed>
      </IntlProvider>
    </Language.Provider>
  );
}

function Keyed({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
