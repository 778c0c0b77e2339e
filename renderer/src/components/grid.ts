/** AG Grid Community: modules registered once, one calm theme (Theming API, no external fonts). */
import { AllCommunityModule, ModuleRegistry, themeQuartz, type ColDef } from 'ag-grid-community';
import { t } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { HEADER_FONT, headerWords, textWidth } from './grid-measure';

export { textWidth } from './grid-measure';

ModuleRegistry.registerModules([AllCommunityModule]);

/** A cell's and a header's horizontal padding in gridTheme (AG Grid's: twice the spacing). */
export const CELL_PADDING = 12;

export const gridTheme = themeQuartz.withParams({
  cellHorizontalPadding: CELL_PADDING,
  fontFamily: 'inherit',
  fontSize: 13,
  headerFontSize: 12,
  headerFontWeight: 600,
  rowHeight: 32,
  headerHeight: 36,
  spacing: 6,
  accentColor: '#2F6FB5',
  borderColor: '#dfe3e8',
  headerBackgroundColor: '#f5f7fa',
  oddRowBackgroundColor: '#fbfcfd',
  wrapperBorderRadius: 6,
});

/**
 * The call list's grid: narrower padding and rows of two lines (account names, segments and
 * reasons wrap), so its eight columns fit 1280 px beside the filters in English and Dutch.
 */
export const CALL_LIST_PADDING = 6;
export const callListTheme = gridTheme.withParams({
  cellHorizontalPadding: CALL_LIST_PADDING,
  rowHeight: 44,
});

/**
 * How every grid over the cache pages: AG Grid's infinite row model, blocks of 100, at most 40
 * kept, so the renderer never holds the table. Columns are virtualised too: rendering only the
 * visible ones measured 179 → 103 ms from a filter change to painted rows (500k customers).
 */
export const INFINITE_GRID = {
  theme: gridTheme,
  rowModelType: 'infinite',
  cacheBlockSize: 100,
  maxBlocksInCache: 40,
  animateRows: false,
} as const;

/**
 * Columns sized to their cells' content (grid-measure.ts measures their text on a canvas),
 * within a sane width so that one long account name or sentence does not take the whole grid,
 * with `spare` pixels beyond the padding (as AG Grid's autoSizePadding was). The header is left
 * out: it wraps between its words instead (withHeaderRoom), so a long name such as "Whitespace
 * revenue" does not widen a column of short figures.
 */
export const CONTENT_WIDTH = { defaultMinWidth: 48, defaultMaxWidth: 320, spare: 4 } as const;

/**
 * Column definitions whose headers wrap (between words and after hyphens, the sort arrow onto
 * the next line when it has no room: styles.css) and never cut a word: each column at least its
 * header's longest word wide, with the cell padding of its grid's theme. Their height is not
 * measured by AG Grid (autoHeaderHeight observes every rendered header): the grid's one header
 * height is worked out from the names' lines at the columns' widths (grid-measure.ts
 * fitHeaderHeight, use-grid-layout.ts).
 */
export function withHeaderRoom<T>(defs: ColDef<T>[], padding = CELL_PADDING): ColDef<T>[] {
  return defs.map((d) => {
    const words = headerWords(d.headerName ?? '');
    const longest = Math.max(0, ...words.map((w) => textWidth(w, HEADER_FONT)));
    return {
      ...d,
      wrapHeaderText: true,
      minWidth: Math.max(d.minWidth ?? 0, Math.ceil(longest) + 2 * padding + 2),
    };
  });
}

/** AG Grid's "no rows" overlay is an HTML string: the message goes in as text, escaped. */
export function noRowsTemplate(text: string): string {
  const span = document.createElement('span');
  span.textContent = text;
  return span.outerHTML;
}

/** AG Grid's own words that our grids show or announce, in the reader's language. */
const AG_GRID_TEXTS = [
  'loadingOoo',
  // The row range AG Grid writes into its own labels ("1 to 100 of 260").
  'to',
  'of',
  'ariaSortableColumn',
  'ariaSortableColumnWithCellSelection',
  'ariaMenuColumn',
  'ariaLabelColumnMenu',
  'ariaColumnFiltered',
  'ariaSkeletonCellLoading',
  'ariaSkeletonCellLoadingFailed',
  'ariaDeferSkeletonCellLoading',
] as const;

export function gridLocaleText(): Record<string, string> {
  return Object.fromEntries(AG_GRID_TEXTS.map((k) => [k, t(`agGrid.${k}` as MessageKey)]));
}
