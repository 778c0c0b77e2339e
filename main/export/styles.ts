/**
 * Cell styles and cell values of the workbook.
 *
 * Styling is shared style objects assigned per cell: exceljs memoises a style by object
 * identity (WeakMap), so a shared object costs a lookup, whereas column styles are copied into
 * a new object per cell and re-serialised each time. Never build a style per cell.
 */
import type ExcelJS from 'exceljs';
import { CLUSTER_COLORS } from '../../shared/domain/colors';
import { isIsoDate } from '../../shared/domain/fiscal';
import { CLUSTERS } from '../../shared/domain/matrix';

export type Style = Partial<ExcelJS.Style>;

const FMT = { int: '#,##0', score: '0', money: '#,##0.00', date: 'yyyy-mm-dd' } as const;

export const S = {
  text: {} as Style,
  int: { numFmt: FMT.int } as Style,
  score: { numFmt: FMT.score } as Style,
  money: { numFmt: FMT.money } as Style,
  date: { numFmt: FMT.date } as Style,
  header: {
    font: { bold: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E9EE' } },
    border: { bottom: { style: 'thin', color: { argb: 'FF9AA0A6' } } },
  } as Style,
  bold: { font: { bold: true } } as Style,
  boldMoney: { font: { bold: true }, numFmt: FMT.money } as Style,
  boldInt: { font: { bold: true }, numFmt: FMT.int } as Style,
  title: { font: { bold: true, size: 14 } } as Style,
  note: { font: { italic: true, color: { argb: 'FF5F6368' } } } as Style,
};

function clusterStyle(numFmt?: string): Record<string, Style> {
  return Object.fromEntries(
    CLUSTERS.map((c) => [
      c,
      {
        ...(numFmt ? { numFmt } : {}),
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: CLUSTER_COLORS[c].argb } },
        font: { color: { argb: CLUSTER_COLORS[c].textArgb } },
      },
    ]),
  );
}
/** Per cluster name its fill and font colour: for text, counts and money. */
export const CLUSTER_TEXT = clusterStyle();
export const CLUSTER_INT = clusterStyle(FMT.int);
export const CLUSTER_MONEY = clusterStyle(FMT.money);

/** How a table column's cells are styled; 'cluster' cells are coloured by their value. */
export type Kind = 'text' | 'int' | 'score' | 'money' | 'date' | 'cluster';

/** One column of a table tab: its header, width, cell style and the value of a row. */
export interface Column<R> {
  header: string;
  width: number;
  kind: Kind;
  value: (r: R) => unknown;
}

/** ISO date → a JS Date at UTC midnight (exceljs writes it as that calendar day). Memoised. */
const dates = new Map<string, Date>();
export function excelDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  let d = dates.get(iso);
  if (!d) {
    if (!isIsoDate(iso)) return null;
    d = new Date(`${iso}T00:00:00.000Z`);
    if (dates.size > 10_000) dates.clear();
    dates.set(iso, d);
  }
  return d;
}

export const yesNo = (b: boolean | number | null | undefined) =>
  b === null || b === undefined ? null : b ? 'Yes' : 'No';

export const money = (v: number | null | undefined) => (v === null || v === undefined ? null : v);

/** Whole cents as a number with two decimals in words: 1234567 → "12,345.67". */
export const centsText = (cents: number) =>
  (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
