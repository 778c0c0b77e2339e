/**
 * How a sheet is laid out: column widths fitted to what the columns hold, and the print setup
 * every sheet gets (sheet-writer.ts applies both).
 */
import type ExcelJS from 'exceljs';
import type { Kind } from './styles';

/** Rows of a table held back to fit its column widths: enough to see typical values, few enough to stay flat. */
export const WIDTH_SAMPLE = 200;
const MIN_WIDTH = 6;
export const MAX_WIDTH = 60;

/** How wide a value shows in a column of this kind, in characters (Excel's width unit, roughly). */
export function shownLength(v: unknown, kind: Kind | 'free'): number {
  if (v === null || v === undefined) return 0;
  if (v instanceof Date) return 10;
  if (typeof v === 'number') {
    const digits = String(Math.trunc(Math.abs(v))).length;
    const grouped = digits + Math.floor((digits - 1) / 3) + (v < 0 ? 1 : 0);
    if (kind === 'money') return grouped + 8; // "US$ " and ",00"
    if (kind === 'score') return digits;
    return kind === 'free' ? grouped + 8 : grouped;
  }
  return typeof v === 'string' ? v.length : JSON.stringify(v).length;
}

/** A width that shows the longest of these lengths whole (bold headers run wider; the filter arrow needs room). */
export function fitted(header: number, longest: number, floor?: number): number {
  const w = Math.max(Math.ceil(header * 1.15) + 3, Math.ceil(longest * 1.1) + 2, floor ?? 0, MIN_WIDTH);
  return Math.min(MAX_WIDTH, w);
}

/** The print setup of every sheet: landscape A4, one page wide (as many pages tall as needed), row 1 on every page. */
export const PAGE_SETUP: Partial<ExcelJS.PageSetup> = {
  orientation: 'landscape',
  paperSize: 9,
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  printTitlesRow: '1:1',
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
};
