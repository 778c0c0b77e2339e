/**
 * A grid's layout — its column order and the widths set by hand or by a saved view — in the
 * URL (`order=a,b,c&widths=a:220,b:90`), in saved views (ViewState `columns` and `widths`) and
 * in the grid, one translation each way. Columns without a kept width are sized to their
 * content. Every key is checked against the grid's own columns and every width is bounded, so
 * a hand-edited link or an old view can only ask for a layout the grid has.
 */
import type { ColDef, ColumnState, GridApi } from 'ag-grid-community';
import { COLUMN_WIDTH, type ViewState } from '../../../shared/api';

/** The URL parameters a layout lives in (kept when the filters change). */
export const LAYOUT_PARAMS = ['order', 'widths'] as const;

export interface Layout {
  /** Every column of the grid, in the order shown. */
  order: string[];
  /** Widths kept by hand or by a view, by column. */
  widths: Record<string, number>;
}

const clampWidth = (w: number) => Math.min(COLUMN_WIDTH.max, Math.max(COLUMN_WIDTH.min, Math.round(w)));

/** `keys` (the grid's columns in their default order) rearranged: the listed ones first, the others after, as they come. */
function ordered(listed: readonly string[], keys: readonly string[]): string[] {
  const known = new Set(keys);
  const out = [...new Set(listed.filter((k) => known.has(k)))];
  for (const k of keys) if (!out.includes(k)) out.push(k);
  return out;
}

export function layoutFromParams(p: URLSearchParams, keys: readonly string[]): Layout {
  const known = new Set(keys);
  const widths: Record<string, number> = {};
  for (const part of (p.get('widths') ?? '').split(',')) {
    const [k, w] = part.split(':');
    const n = Number(w);
    if (k && known.has(k) && w && Number.isFinite(n)) widths[k] = clampWidth(n);
  }
  return { order: ordered((p.get('order') ?? '').split(','), keys), widths };
}

/** Writes a layout into `p`: the order only when it is not the default one, widths only when some are kept. */
export function layoutToParams(l: Layout, keys: readonly string[], p: URLSearchParams): URLSearchParams {
  const order = ordered(l.order, keys);
  if (order.every((k, i) => k === keys[i])) p.delete('order');
  else p.set('order', order.join(','));
  const widths = Object.entries(l.widths).filter(([k]) => keys.includes(k));
  if (widths.length) p.set('widths', widths.map(([k, w]) => `${k}:${clampWidth(w)}`).join(','));
  else p.delete('widths');
  return p;
}

/** A saved view's layout: its visible columns first in their order, then the hidden ones. */
export function layoutOfView(state: ViewState, keys: readonly string[]): Layout {
  const known = new Set(keys);
  const widths: Record<string, number> = {};
  for (const [k, w] of Object.entries(state.widths ?? {}))
    if (known.has(k) && Number.isFinite(w)) widths[k] = clampWidth(w);
  return { order: ordered(state.columns ?? [], keys), widths };
}

/** The column definitions in the layout's order, each kept width as its starting width. */
export function arrange<T>(defs: ColDef<T>[], l: Layout): ColDef<T>[] {
  const at = new Map(l.order.map((k, i) => [k, i]));
  return [...defs]
    .sort((a, b) => (at.get(a.colId!) ?? 0) - (at.get(b.colId!) ?? 0))
    .map((d) => {
      const width = l.widths[d.colId!];
      return width === undefined ? d : { ...d, width, flex: undefined };
    });
}

/** The grid's columns as shown now: their order, the visible ones, and the width of each visible one that is not flexible. */
export function gridLayout(api: GridApi): {
  order: string[];
  visible: string[];
  widths: Record<string, number>;
} {
  const state = api.getColumnState();
  const visible = state.filter((c) => !c.hide);
  return {
    order: state.map((c) => c.colId),
    visible: visible.map((c) => c.colId),
    widths: Object.fromEntries(
      visible.filter((c) => !c.flex && c.width !== undefined).map((c) => [c.colId, clampWidth(c.width!)]),
    ),
  };
}

/**
 * A saved view's part of the grid's layout (ViewState `columns` and `widths`): the visible
 * columns in their order, and the widths of those whose width is kept (`kept`: set by hand or by
 * a view); the others are sized to their content again when the view opens.
 */
export function viewLayout(api: GridApi, kept: Layout['widths']): Pick<ViewState, 'columns' | 'widths'> {
  const { visible, widths } = gridLayout(api);
  const keep = Object.entries(widths).filter(([k]) => kept[k] !== undefined);
  return { columns: visible, ...(keep.length ? { widths: Object.fromEntries(keep) } : {}) };
}

/** Applies a layout the grid does not show yet: the order, and each kept width that differs. */
export function applyLayout(api: GridApi, l: Layout): void {
  const now = gridLayout(api);
  const state: ColumnState[] = api.getColumnState();
  const width = new Map(state.map((c) => [c.colId, c.width]));
  const sameOrder = l.order.every((k, i) => k === now.order[i]);
  const resized = Object.entries(l.widths).filter(([k, w]) => width.get(k) !== w);
  if (sameOrder && !resized.length) return;
  api.applyColumnState({
    state: sameOrder
      ? resized.map(([colId, w]) => ({ colId, width: w, flex: null }))
      : l.order.map((colId) =>
          l.widths[colId] !== undefined ? { colId, width: l.widths[colId], flex: null } : { colId },
        ),
    applyOrder: !sameOrder,
  });
}
