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
import type { Locale } from '../../shared/i18n/locales';

export type Style = Partial<ExcelJS.Style>;

/**
 * Number formats: the separators are Excel's, shown in the reader's locale. Money is USD (the
 * files' currency) in each language's way of writing it: "$1,234.56", "US$ 1.234,56".
 */
const CURRENCY: Record<Locale, string> = { en: '"$"#,##0.00', nl: '"US$ "#,##0.00' };
const FMT = { int: '#,##0', score: '0', date: 'yyyy-mm-dd' } as const;

function stylesOf(lang: Locale) {
  const money = CURRENCY[lang];
  return {
    text: {} as Style,
    int: { numFmt: FMT.int } as Style,
    score: { numFmt: FMT.score } as Style,
    money: { numFmt: money } as Style,
    date: { numFmt: FMT.date } as Style,
    header: {
      font: { bold: true },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E9EE' } },
      border: { bottom: { style: 'thin', color: { argb: 'FF9AA0A6' } } },
      alignment: { wrapText: false },
    } as Style,
    bold: { font: { bold: true } } as Style,
    boldMoney: { font: { bold: true }, numFmt: money } as Style,
    boldInt: { font: { bold: true }, numFmt: FMT.int } as Style,
    title: { font: { bold: true, size: 14 } } as Style,
    note: { font: { italic: true, color: { argb: 'FF5F6368' } } } as Style,
    noteMoney: { font: { italic: true, color: { argb: 'FF5F6368' } }, numFmt: money } as Style,
    /** Per stored cluster name its fill and font colour: for text, counts and money. */
    clusterText: clusterStyle(),
    clusterInt: clusterStyle(FMT.int),
    clusterMoney: clusterStyle(money),
  };
}
export type Styles = ReturnType<typeof stylesOf>;

/** The styles of one language: built once, so that every cell shares the same objects. */
const BY_LANG: Record<Locale, Styles> = { en: stylesOf('en'), nl: stylesOf('nl') };
export function stylesFor(lang: Locale = 'en'): Styles {
  return BY_LANG[lang];
}
/** The English styles (the bench's bare writer and older callers). */
export const S = BY_LANG.en;

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

/** How a table column's cells are styled; 'cluster' cells are coloured by their value. */
export type Kind = 'text' | 'int' | 'score' | 'money' | 'date' | 'cluster';

/**
 * One column of a table tab: its header (in the export's language), cell style and the value of a
 * row. Widths are fitted to the header and the first rows' values (sheet-writer.ts); `width` is a
 * floor for columns whose first rows may be shorter than what follows.
 */
export interface Column<R> {
  header: string;
  width?: number;
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
