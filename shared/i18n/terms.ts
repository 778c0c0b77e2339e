/**
 * Domain terms as partners read them in Partner Center, per language (sources in docs/glossary.md).
 * The English names are the stored values and the filter values; these are only their display.
 */
import type { Band, Cluster } from '../domain/matrix';
import type { Locale } from './locales';

export const CLUSTER_NAMES: Record<Locale, Record<Cluster, string>> = {
  en: { 'Act Now': 'Act Now', Evaluate: 'Evaluate', Nurture: 'Nurture', Educate: 'Educate' },
  // Partner Center's Dutch CloudAscent page: "Nu actie ondernemen", "Evalueren", "Nurture", "Opleiden".
  nl: { 'Act Now': 'Nu actie ondernemen', Evaluate: 'Evalueren', Nurture: 'Nurture', Educate: 'Opleiden' },
};

export const BAND_NAMES: Record<Locale, Record<Band, string>> = {
  en: { High: 'High', Medium: 'Medium', Low: 'Low', 'Very Low': 'Very Low' },
  nl: { High: 'Hoog', Medium: 'Gemiddeld', Low: 'Laag', 'Very Low': 'Zeer laag' },
};

/** A stored cluster value in the reader's language; anything else (blank, unknown) as it is. */
export function clusterName(locale: Locale, value: string | null | undefined): string {
  if (value == null) return '';
  return (CLUSTER_NAMES[locale] as Record<string, string>)[value] ?? value;
}
