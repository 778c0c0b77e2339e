/** What an export is asked for and what it answers: shared by the workbook, its tabs and the CSV list. */
import type { Filters } from '../../shared/filters';

export const TAB_NAMES = [
  'Summary',
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
  /** Propensity rows in scope that were written (the "Propensity model" tab(s), or the CSV lines). */
  rows: number;
}
