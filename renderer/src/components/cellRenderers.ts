/**
 * Plain-DOM cell renderers for the big grids: cheaper than a React root per cell, and a
 * filter or sort change repaints a screenful of them at once.
 */
import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import { chipColors } from './chip-colors';
import { fmtMoney, fmtMoneyShort } from '../format';
import { clusterLabel, t } from '../i18n';
import { CALL_LIST_PADDING } from './grid';
import { CELL_FONT, textWidth, type ContentWidth } from './grid-measure';

/*
 * Each renderer's content width for sizing its column without laying a cell out
 * (grid-measure.ts): what it draws, in the fonts and with the padding styles.css gives it.
 */

/** styles.css .chip: its font, and its padding either side. */
const CLUSTER_CHIP_FONT = '600 11.5px';
const CLUSTER_CHIP_CHROME = 2 * 8;
/** An estimate (styles.css .estimate): in italics. */
const ESTIMATE_FONT = 'italic 400 13px';

export function chipElement(cluster: string | null | undefined, title?: string): HTMLElement | null {
  if (!cluster) return null;
  const span = document.createElement('span');
  span.className = 'chip';
  span.textContent = clusterLabel(cluster);
  span.title = title ?? clusterLabel(cluster);
  const c = chipColors(cluster);
  if (c) {
    span.style.background = c.background;
    span.style.color = c.color;
  }
  return span;
}

abstract class Base implements ICellRendererComp {
  protected gui = document.createElement('span');
  init(p: ICellRendererParams): void {
    this.render(p);
  }
  getGui(): HTMLElement {
    return this.gui;
  }
  refresh(p: ICellRendererParams): boolean {
    this.render(p);
    return true;
  }
  protected abstract render(p: ICellRendererParams): void;
}

export class ClusterRenderer extends Base {
  protected render(p: ICellRendererParams): void {
    const chip = chipElement(p.value as string | null);
    this.gui.replaceChildren(...(chip ? [chip] : []));
  }
  static contentWidth: ContentWidth = (_data, cluster) =>
    cluster ? textWidth(clusterLabel(cluster), CLUSTER_CHIP_FONT) + CLUSTER_CHIP_CHROME : 0;
}

const isEstimate = (d: unknown) => {
  const e = d as { whitespaceEstimated?: boolean; estimated?: boolean } | undefined;
  return !!(e?.whitespaceEstimated ?? e?.estimated);
};

/** Whitespace revenue; the workbench's estimates are marked "≈", in italics, with a title. */
export class RevenueRenderer extends Base {
  protected render(p: ICellRendererParams): void {
    const v = p.value as number | null;
    // A propensity row says whitespaceEstimated; a customer (the call list) says estimated.
    const estimated = isEstimate(p.data);
    this.gui.className = estimated ? 'estimate' : '';
    this.gui.title = estimated ? t('grid.estimated') : '';
    this.gui.textContent = v == null ? '' : `${estimated ? '≈ ' : ''}${fmtMoney(v)}`;
  }
  /** `money`: the column's formatted value (fmtMoney). */
  static contentWidth: ContentWidth = (data, money) =>
    !money ? 0 : isEstimate(data) ? textWidth(`≈ ${money}`, ESTIMATE_FONT) : textWidth(money, CELL_FONT);
}

/** The customer's current cluster per product, as chips. */
export class ClustersRenderer extends Base {
  protected render(p: ICellRendererParams): void {
    const c = (p.data as { clusters?: Record<string, string> } | undefined)?.clusters ?? {};
    this.gui.className = 'chips';
    this.gui.replaceChildren(
      ...Object.entries(c)
        .map(([product, cluster]) => {
          const name = clusterLabel(cluster);
          const chip = chipElement(cluster, t('grid.productCluster', { product, cluster: name }));
          if (chip) chip.textContent = `${product} ${name}`;
          return chip;
        })
        .filter((x): x is HTMLElement => !!x),
    );
  }
}

/** The call list's product chips: their font and padding (styles.css .chips.compact) and the gap between them. */
const CHIP_FONT = '600 10.5px';
const CHIP_CHROME = 2 * 5 + 2;
const CHIP_ROWS = 2;

/**
 * A call-list customer's products in Act Now, then Evaluate: one short chip each, in the
 * cluster's colour, on up to two lines of the cell; the chips that do not fit become one "+n"
 * chip that names them, never a chip cut in half.
 */
export class CustomerChipsRenderer extends Base {
  protected render(p: ICellRendererParams): void {
    const chosen = chosenProducts(p.data);
    const said = (product: string, cluster: string | null) =>
      t('grid.productCluster', { product, cluster: cluster ? clusterLabel(cluster) : t('grid.noCluster') });
    const room = p.column ? p.column.getActualWidth() - 2 * CALL_LIST_PADDING - 2 : Infinity;
    const width = (text: string) => textWidth(text, CHIP_FONT) + CHIP_CHROME;
    const shown = fitInLines(
      chosen.map(([product]) => width(product)),
      room,
      CHIP_ROWS,
      (rest) => width(`+${rest}`),
    );
    this.gui.className = 'chips compact';
    const chips = chosen.slice(0, shown).map(([product, { cluster }]) => {
      const chip = chipElement(cluster ?? 'none', said(product, cluster)) ?? document.createElement('span');
      chip.classList.add('chip');
      chip.textContent = product;
      // The colour says the cluster; the text says it too, for a screen reader.
      const sr = document.createElement('span');
      sr.className = 'sr-only';
      sr.textContent = ` (${clusterLabel(cluster)})`;
      chip.append(sr);
      return chip;
    });
    const rest = chosen.slice(shown);
    if (rest.length) {
      const more = document.createElement('span');
      more.className = 'chip more';
      more.textContent = `+${rest.length}`;
      more.title = rest.map(([product, { cluster }]) => said(product, cluster)).join('\n');
      const sr = document.createElement('span');
      sr.className = 'sr-only';
      sr.textContent = ` (${rest.map(([product, { cluster }]) => `${product} ${clusterLabel(cluster)}`).join(', ')})`;
      more.append(sr);
      chips.push(more);
    }
    this.gui.replaceChildren(...chips);
  }
  /** Every chip on one line: the column is as wide as that, within its limit (Customers.tsx). */
  static contentWidth: ContentWidth = (data) =>
    chosenProducts(data).reduce((sum, [product]) => sum + textWidth(product, CHIP_FONT) + CHIP_CHROME, 0);
}

/** A call-list customer's products in Act Now, then Evaluate, by name. */
function chosenProducts(data: unknown): [string, { cluster: string | null }][] {
  const products =
    (data as { products?: Record<string, { cluster: string | null }> } | undefined)?.products ?? {};
  return Object.entries(products)
    .filter(([, { cluster }]) => cluster === 'Act Now' || cluster === 'Evaluate')
    .sort(([a, x], [b, y]) =>
      x.cluster === y.cluster ? a.localeCompare(b) : x.cluster === 'Act Now' ? -1 : 1,
    );
}

/**
 * How many of the items (widths, in order) fit on `lines` lines of width `room`, leaving room
 * on the last line for the marker of the ones left out (its width for how many are left) when
 * not all fit.
 */
export function fitInLines(
  widths: number[],
  room: number,
  lines: number,
  marker: (left: number) => number,
): number {
  const place = (n: number, extra: number): boolean => {
    let line = 1;
    let used = 0;
    for (const w of [...widths.slice(0, n), ...(extra ? [extra] : [])]) {
      if (used + w > room && used > 0) {
        line++;
        used = 0;
      }
      if (line > lines || w > room) return false;
      used += w;
    }
    return true;
  };
  if (place(widths.length, 0)) return widths.length;
  for (let n = widths.length - 1; n >= 0; n--) if (place(n, marker(widths.length - n))) return n;
  return 0;
}

/** A text on at most two lines (the call list's rows), the rest cut with an ellipsis and kept in the tooltip. */
export class TwoLinesRenderer extends Base {
  protected render(p: ICellRendererParams): void {
    this.gui.className = 'two-lines';
    this.gui.textContent = String(p.valueFormatted ?? p.value ?? '');
  }
}

const PRIORITY_FONT = '600 13px';

/** Priority 0–100: a bar and the number. */
export class PriorityRenderer extends Base {
  protected render(p: ICellRendererParams): void {
    const v = typeof p.value === 'number' ? p.value : 0;
    this.gui.className = 'priority';
    const bar = document.createElement('span');
    bar.className = 'priority-bar';
    bar.style.width = `${Math.max(2, v * 0.2)}px`;
    bar.setAttribute('aria-hidden', 'true');
    const n = document.createElement('span');
    n.className = 'priority-n';
    n.textContent = String(v);
    this.gui.replaceChildren(bar, n);
  }
  /** The bar, the gap (styles.css .priority) and the number in its weight. */
  static contentWidth: ContentWidth = (data) => {
    const v = (data as { priority?: number } | undefined)?.priority ?? 0;
    return Math.max(2, v * 0.2) + 4 + textWidth(String(v), PRIORITY_FONT);
  };
}

/** Whitespace revenue, rounded for a narrow column ("$121K"); ≈ marks an estimate in any part. */
export class ShortRevenueRenderer extends Base {
  protected render(p: ICellRendererParams): void {
    const v = p.value as number | null;
    const estimated = !!(p.data as { estimated?: boolean } | undefined)?.estimated;
    this.gui.className = estimated ? 'estimate' : '';
    this.gui.title =
      v == null ? '' : estimated ? t('grid.partlyEstimated', { money: fmtMoney(v) }) : fmtMoney(v);
    this.gui.textContent = v == null ? '' : `${estimated ? '≈ ' : ''}${fmtMoneyShort(v)}`;
  }
  static contentWidth: ContentWidth = (data) => {
    const d = data as { whitespaceRevenue?: number | null; estimated?: boolean } | undefined;
    if (d?.whitespaceRevenue == null) return 0;
    const text = fmtMoneyShort(d.whitespaceRevenue);
    return d.estimated ? textWidth(`≈ ${text}`, ESTIMATE_FONT) : textWidth(text, CELL_FONT);
  };
}
