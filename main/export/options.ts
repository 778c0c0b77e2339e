/** What an export is asked for and what it answers: shared by the workbook, its tabs and the CSV list. */
import type { Filters } from '../../shared/filters';
import type { Locale } from '../../shared/i18n/locales';

/**
 * The tabs by key, in the workbook's order: the Summary, then the call list, then the rest. The
 * keys are English whatever the language (the `tabs` option, JSON); a sheet's name is the
 * language's (shared/i18n/workbook.ts).
 */
export const TAB_NAMES = [
  'Summary',
  'Customers',
  'Territories',
  'Propensity model',
  'Whitespace revenue',
  'Matrix',
  'Upsell',
  'End of service',
  'Expiring agreements',
  'Movement',
] as const;
export type TabName = (typeof TAB_NAMES)[number];

export interface ExportProgress {
  rows: number;
  tab: string;
}

export interface ExportOptions {
  out: string;
  /** ISO date: fiscal year, open/ended agreements. */
  asOf: string;
  filters: Filters;
  /** Tabs to write (default: all); order is always TAB_NAMES order. */
  tabs?: TabName[];
  /** The language of tab names, headers and text (default English). */
  lang?: Locale;
  /** The saved view the scope comes from, named on the Summary. */
  view?: string;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** Data rows per sheet before a numbered continuation sheet; default 1,048,575 (Excel's limit less the header). */
  maxRowsPerSheet?: number;
}

export interface ExportResult {
  file: string;
  format: 'xlsx' | 'csv';
  /** Sheets written, in order, with their data rows (header and totals rows not counted). */
  tabs: { name: string; rows: number }[];
  /**
   * The workbook: propensity rows in scope written (the "Propensity model" tab(s)). The CSV list:
   * its data lines (customers or product rows, as its grain).
   */
  rows: number;
}
