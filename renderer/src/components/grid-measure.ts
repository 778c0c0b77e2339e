/**
 * A grid's header height and its columns' widths worked out from text measured on a canvas, not
 * from the grid's DOM: AG Grid's auto header height observes and measures every header cell it
 * renders, and its content auto-sizing clones and lays out every rendered cell of a column
 * (91–144 ms when Propensity first opened, 500k customers). Here a header's lines are counted at
 * its column's width and the grid gets one fixed header height; a column is as wide as the widest
 * value among the rows in view, measured in the font its cell draws it in.
 */
import type {
  Column,
  GridApi,
  SizeColumnsToContentColumnLimits,
  ValueFormatterParams,
  ValueGetterParams,
} from 'ag-grid-community';

let canvas: CanvasRenderingContext2D | null | undefined;
let family: string | undefined;
/** Widths by font and text: a grid's values repeat (clusters, yes and no, countries). */
const widths = new Map<string, number>();

/** The width of `text` in the page's font at `font` (weight and size), without laying anything out. */
export function textWidth(text: string, font: string): number {
  const key = `${font}\u0000${text}`;
  let w = widths.get(key);
  if (w !== undefined) return w;
  canvas ??= document.createElement('canvas').getContext('2d');
  if (!canvas) return 0;
  // The page's font family, read once: reading it at every call would make the browser work
  // out the page's styles again whenever something had changed them.
  family ??= getComputedStyle(document.body).fontFamily;
  canvas.font = `${font} ${family}`;
  w = canvas.measureText(text).width;
  if (widths.size > 20_000) widths.clear();
  widths.set(key, w);
  return w;
}

/** The header's font (grid.ts gridTheme) and the height of one of its lines (styles.css). */
export const HEADER_FONT = '600 12px';
const HEADER_LINE = 15;
/** The header label's padding above and below (AG Grid's, when a header wraps). */
const LABEL_PADDING = 10;
/** The sort arrow: its padding and icon beside the name; its height on a line of its own. */
const SORT_WIDTH = 22;
const SORT_LINE = 16;
/** The order of a column in a sort of several columns, written after the arrow. */
const SORT_ORDER_WIDTH = 12;
/** gridTheme's headerHeight: the least a header row is high. */
export const MIN_HEADER_HEIGHT = 36;

/** A header name's words, with the places the browser may break it: between words and after hyphens. */
export function headerWords(name: string): string[] {
  return name.split(/\s+|(?<=-)/).filter(Boolean);
}

/** The lines `name` takes at `room` pixels, broken as the browser breaks it (greedy, between words). */
export function headerLines(name: string, room: number): string[] {
  const lines: string[] = [];
  let line = '';
  // Each word with what separates it from the next one: a space, or nothing after a hyphen.
  const parts = name.split(/(\s+)/).flatMap((p) => (/^\s+$/.test(p) ? [' '] : p.split(/(?<=-)/)));
  let gap = '';
  for (const part of parts) {
    if (part === ' ') {
      gap = ' ';
      continue;
    }
    const next = line ? `${line}${gap}${part}` : part;
    if (line && textWidth(next, HEADER_FONT) > room) {
      lines.push(line);
      line = part;
    } else line = next;
    gap = '';
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The height a header needs at `width` (the column's, with `padding` either side): its lines,
 * and the sort arrow beside the last one, or on a line of its own when it does not fit there.
 */
export function headerHeight(
  name: string,
  width: number,
  padding: number,
  sort: 'none' | 'one' | 'several' = 'none',
): number {
  const room = width - 2 * padding;
  const lines = headerLines(name, room);
  let height = Math.max(1, lines.length) * HEADER_LINE;
  if (sort !== 'none') {
    const arrow = SORT_WIDTH + (sort === 'several' ? SORT_ORDER_WIDTH : 0);
    // A name on one line keeps its own width and the arrow fits beside it; a wrapped name fills
    // the line, and the arrow goes under it.
    const beside = lines.length <= 1 && textWidth(lines[0] ?? '', HEADER_FONT) + arrow <= room;
    height = beside ? Math.max(height, SORT_LINE) : height + SORT_LINE;
  }
  return height + LABEL_PADDING;
}

/**
 * Sets the grid's header height to what its displayed columns' headers need at their widths
 * (at least the theme's); asked again after a resize, a sort or a column shown or hidden.
 */
export function fitHeaderHeight(api: GridApi, padding: number): void {
  const cols = api.getAllDisplayedColumns();
  const sorted = cols.filter((c) => c.getSort()).length;
  let height = MIN_HEADER_HEIGHT;
  for (const c of cols) {
    const name = api.getDisplayNameForColumn(c, 'header');
    const sort = !c.getSort() ? 'none' : sorted > 1 ? 'several' : 'one';
    height = Math.max(height, Math.ceil(headerHeight(name, c.getActualWidth(), padding, sort)));
  }
  if (api.getGridOption('headerHeight') !== height) api.setGridOption('headerHeight', height);
}

/** The cell's font (gridTheme): what a value without a measure of its own is drawn in. */
export const CELL_FONT = '400 13px';

/**
 * How wide a cell's content is, when it is more than its formatted value (`text`) in the cell's
 * font (a chip, an estimate in italics, a bar): a cell renderer's static `contentWidth`
 * (cellRenderers.ts).
 */
export type ContentWidth = (data: unknown, text: string) => number;

/** Rows AG Grid renders beyond those in view (its rowBuffer), which its auto-sizing measured too. */
const ROW_BUFFER = 10;

/** The data of the rows the grid renders now: those in view and the few beyond them. */
export function renderedRows(api: GridApi): unknown[] {
  const rows: unknown[] = [];
  const last = api.getLastDisplayedRowIndex() + ROW_BUFFER;
  for (let i = Math.max(0, api.getFirstDisplayedRowIndex()); i <= last; i++) {
    const data: unknown = api.getDisplayedRowAtIndex(i)?.data;
    if (data) rows.push(data);
  }
  return rows;
}

/** Of a first page of rows (the grid at its top), those the grid will render. */
export function firstRowsInView(api: GridApi, rows: unknown[]): unknown[] {
  const { top, bottom } = api.getVerticalPixelRange();
  const rowHeight = api.getSizesForCurrentTheme().rowHeight;
  return rows.slice(0, Math.ceil((bottom - top) / rowHeight) + ROW_BUFFER);
}

/** What a cell shows of `data` as text: its value (its getter's or its field's), formatted as the column formats it. */
function cellText(api: GridApi, col: Column, data: unknown): string {
  const def = col.getColDef();
  const base = { data, node: null, colDef: def, column: col, api, context: undefined };
  const record = data as Record<string, unknown>;
  const value: unknown =
    typeof def.valueGetter === 'function'
      ? def.valueGetter({ ...base, getValue: (f: string) => record[f] } as ValueGetterParams)
      : def.field
        ? record[def.field]
        : undefined;
  if (typeof def.valueFormatter === 'function')
    return def.valueFormatter({ ...base, value } as ValueFormatterParams) ?? '';
  return value == null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Widths for `colIds`: each column as wide as the widest content among `rows` (the rows it shows),
 * with the cell's padding either side and `spare` more, within its limits and its own minimum
 * (the header's longest word, grid.ts withHeaderRoom). Null when there is no row to measure.
 */
export function contentWidths(
  api: GridApi,
  colIds: string[],
  rows: unknown[],
  opts: {
    padding: number;
    spare: number;
    defaultMinWidth: number;
    defaultMaxWidth: number;
    columnLimits?: SizeColumnsToContentColumnLimits[];
  },
): { colId: string; width: number }[] | null {
  if (!rows.length) return null;
  const limits = new Map((opts.columnLimits ?? []).map((l) => [l.colId, l]));
  return colIds.flatMap((colId) => {
    const col: Column | null = api.getColumn(colId);
    if (!col) return [];
    const renderer: unknown = col.getColDef().cellRenderer;
    const measure = (renderer as { contentWidth?: ContentWidth } | undefined)?.contentWidth;
    let widest = 0;
    for (const data of rows) {
      const text = cellText(api, col, data);
      widest = Math.max(widest, measure ? measure(data, text) : textWidth(text, CELL_FONT));
    }
    const limit = limits.get(colId);
    const min = Math.max(limit?.minWidth ?? opts.defaultMinWidth, col.getMinWidth());
    const max = Math.min(limit?.maxWidth ?? opts.defaultMaxWidth, col.getMaxWidth() ?? Infinity);
    // Rounded as AG Grid rounded the measured cell (its offsetWidth), then the spare pixels.
    const width = Math.round(widest + 2 * opts.padding) + opts.spare;
    return [{ colId, width: Math.max(min, Math.min(max, width)) }];
  });
}
