/**
 * The workbook's and the CSV list's words per language: tab names, the Summary's text, notes and
 * totals. Column headers come from columns.ts, cluster and band names from terms.ts. Messages are
 * ICU (plurals through `translator`); amounts and dates are never baked into a message: they go in
 * cells of their own with an Excel number format, so Excel shows them in the reader's locale.
 * `nl` is typed as a record of `en`'s keys, so a key missing from either fails to compile.
 */
import type { Locale } from './locales';
import type { Catalog } from './translate';

const en = {
  'tab.summary': 'Summary',
  'tab.customers': 'Customers',
  'tab.territories': 'Territories',
  'tab.propensity': 'Propensity model',
  'tab.whitespace': 'Whitespace revenue',
  'tab.matrix': 'Matrix',
  'tab.upsell': 'Upsell',
  'tab.eos': 'End of service',
  'tab.agreements': 'Expiring agreements',
  'tab.movement': 'Movement',

  'summary.title': 'Ascent Workbench export',
  'summary.asOf': 'As of',
  'summary.fiscalYear': 'Fiscal year',
  'summary.filters': 'Filters',
  'summary.noFilters': 'None (all customers in the current snapshots)',
  'summary.view': 'Saved view',
  'summary.snapshots': 'Snapshots',
  'summary.none': 'none',
  'summary.customers': 'SMC customers',
  'summary.expiringAgreements': 'Expiring agreements',
  'summary.openExpiringRevenue': 'Open expiring revenue',
  'summary.tabs': 'Rows per tab',
  'summary.tab': 'Tab',
  'summary.rows': 'Rows',
  'summary.customersGrid': 'Customers per product × cluster',
  'summary.revenueGrid': 'Estimated whitespace revenue per product × cluster',
  'summary.product': 'Product',
  'summary.noCluster': '(no cluster)',
  'summary.totalRows': 'Total (customer × product rows)',
  'summary.estimateNote':
    'of the whitespace revenue is estimated by the app (OrgSize × share × price) where the file has no figure; such rows are marked "Estimated: Yes".',

  total: 'Total',
  yes: 'Yes',
  no: 'No',
  open: 'Open',
  ended: 'Ended',
  noTerritory: '(no territory)',
  'totals.agreements': 'Total ({count, plural, one {# agreement} other {# agreements}})',
  'totals.agreementsOpen': 'Open on the as-of date:',
  'totals.opportunities': 'Total ({count, plural, one {# opportunity} other {# opportunities}})',
  'totals.estimated': 'Of which estimated:',
  'totals.territories': 'Total ({count, plural, one {# territory} other {# territories}})',

  'matrix.customers': 'Customers: Fit \\ Intent',
  'matrix.revenue': 'Revenue: Fit \\ Intent',
  'matrix.fit': 'Fit {band}',
  'matrix.unscored':
    '{count, plural, one {# customer} other {# customers}} without a Fit or Intent score {count, plural, one {is} other {are}} not in the grid.',
  'matrix.legend': 'Cells are coloured by cluster:',
  'matrix.revenueNote': 'Revenue: estimated whitespace revenue of the whitespace customers in each cell.',

  'col.customers': 'Customers',
  'col.actNowCustomers': 'Act Now customers',
  'col.evaluateCustomers': 'Evaluate customers',
  'col.eosFlag': 'End of service',
  'col.flagValue': 'Value',
  'col.from': 'From',
  'col.to': 'To',
  'col.previousFit': 'Previous fit',
  'col.previousIntent': 'Previous intent',
  'col.previousSnapshot': 'Previous snapshot',

  'file.all': 'All customers',
} as const satisfies Catalog;

export type WorkbookKey = keyof typeof en;

const nl: Record<WorkbookKey, string> = {
  'tab.summary': 'Samenvatting',
  'tab.customers': 'Klanten',
  'tab.territories': 'Verkoopgebieden',
  'tab.propensity': 'Propensitymodel',
  'tab.whitespace': 'Whitespace-omzet',
  'tab.matrix': 'Matrix',
  'tab.upsell': 'Upsell',
  'tab.eos': 'Einde ondersteuning',
  'tab.agreements': 'Verlopende overeenkomsten',
  'tab.movement': 'Verschuivingen',

  'summary.title': 'Export van Ascent Workbench',
  'summary.asOf': 'Peildatum',
  'summary.fiscalYear': 'Boekjaar',
  'summary.filters': 'Filters',
  'summary.noFilters': 'Geen (alle klanten in de huidige momentopnamen)',
  'summary.view': 'Opgeslagen weergave',
  'summary.snapshots': 'Momentopnamen',
  'summary.none': 'geen',
  'summary.customers': 'SMC-klanten',
  'summary.expiringAgreements': 'Verlopende overeenkomsten',
  'summary.openExpiringRevenue': 'Openstaande verlopende omzet',
  'summary.tabs': 'Rijen per tabblad',
  'summary.tab': 'Tabblad',
  'summary.rows': 'Rijen',
  'summary.customersGrid': 'Klanten per product × cluster',
  'summary.revenueGrid': 'Geschatte whitespace-omzet per product × cluster',
  'summary.product': 'Product',
  'summary.noCluster': '(geen cluster)',
  'summary.totalRows': 'Totaal (rijen klant × product)',
  'summary.estimateNote':
    'van de whitespace-omzet is geschat door de app (organisatiegrootte × aandeel × prijs) waar het bestand geen bedrag heeft; zulke rijen hebben "Geschat: Ja".',

  total: 'Totaal',
  yes: 'Ja',
  no: 'Nee',
  open: 'Open',
  ended: 'Beëindigd',
  noTerritory: '(geen verkoopgebied)',
  'totals.agreements': 'Totaal ({count, plural, one {# overeenkomst} other {# overeenkomsten}})',
  'totals.agreementsOpen': 'Open op de peildatum:',
  'totals.opportunities': 'Totaal ({count, plural, one {# kans} other {# kansen}})',
  'totals.estimated': 'Waarvan geschat:',
  'totals.territories': 'Totaal ({count, plural, one {# verkoopgebied} other {# verkoopgebieden}})',

  'matrix.customers': 'Klanten: Fit \\ Intentie',
  'matrix.revenue': 'Omzet: Fit \\ Intentie',
  'matrix.fit': 'Fit {band}',
  'matrix.unscored':
    '{count, plural, one {# klant} other {# klanten}} zonder Fit- of Intentiescore {count, plural, one {staat} other {staan}} niet in de matrix.',
  'matrix.legend': 'Cellen zijn gekleurd per cluster:',
  'matrix.revenueNote': 'Omzet: geschatte whitespace-omzet van de whitespace-klanten in elke cel.',

  'col.customers': 'Klanten',
  'col.actNowCustomers': 'Klanten Nu actie ondernemen',
  'col.evaluateCustomers': 'Klanten Evalueren',
  'col.eosFlag': 'Einde ondersteuning',
  'col.flagValue': 'Waarde',
  'col.from': 'Van',
  'col.to': 'Naar',
  'col.previousFit': 'Vorige fit',
  'col.previousIntent': 'Vorige intentie',
  'col.previousSnapshot': 'Vorige momentopname',

  'file.all': 'Alle klanten',
};

export const WORKBOOK_MESSAGES: Record<Locale, Record<WorkbookKey, string>> = { en, nl };

/**
 * The "Filters" line's names in Dutch, by registry key, for the filters whose English wording
 * the registry gives (`describe`); a filter not listed here keeps the registry's English wording,
 * so a filter added to the registry is never left out of the line.
 */
export const FILTER_WORDS_NL: Readonly<Record<string, string>> = {
  product: 'Product',
  cluster: 'Cluster',
  country: 'Land',
  area: 'Gebied',
  salesTerritory: 'Verkoopgebied',
  industry: 'Branche',
  vertical: 'Verticale markt',
  subSegment: 'Subsegment',
  cell: 'Cel',
  computedCluster: 'Berekend cluster',
  flag: 'Vlaggen',
  search: 'Zoeken',
  'Whitespace only': 'Alleen whitespace',
  'No whitespace': 'Geen whitespace',
  'Upsell only': 'Alleen upsell',
  'No upsell': 'Geen upsell',
  'With end-of-service flags': 'Met einde-ondersteuningsvlaggen',
  'Without end-of-service flags': 'Zonder einde-ondersteuningsvlaggen',
  'File cluster differs from computed cluster': 'Cluster in bestand wijkt af van berekend cluster',
  'File cluster agrees with computed cluster': 'Cluster in bestand komt overeen met berekend cluster',
  'Moved into Act Now': 'Naar Nu actie ondernemen verschoven',
  'Did not move into Act Now': 'Niet naar Nu actie ondernemen verschoven',
};
