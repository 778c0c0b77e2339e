/**
 * Plain-DOM cell renderers for the big grids: cheaper than a React root per cell, and a
 * filter or sort change repaints a screenful of them at once.
 */
import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import { clusterColor } from '../../../shared/domain/colors';
import { fmtMoney } from '../format';

export function chipElement(cluster: string | null | undefined, title?: string): HTMLElement | null {
  if (!cluster) return null;
  const span = document.createElement('span');
  span.className = 'chip';
  span.textContent = cluster;
  span.title = title ?? cluster;
  const c = clusterColor(cluster);
  if (c) {
    span.style.background = c.css;
    span.style.color = c.textCss;
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
}

/** Whitespace revenue; the workbench's estimates are marked "≈", in italics, with a title. */
export class RevenueRenderer extends Base {
  protected render(p: ICellRendererParams): void {
    const v = p.value as number | null;
    const estimated = !!(p.data as { whitespaceEstimated?: boolean } | undefined)?.whitespaceEstimated;
    this.gui.className = estimated ? 'estimate' : '';
    this.gui.title = estimated
      ? 'Estimated by the workbench: the download has no figure for this customer'
      : '';
    this.gui.textContent = v == null ? '' : `${estimated ? '≈ ' : ''}${fmtMoney(v)}`;
  }
}

/** The customer's current cluster per product, as chips. */
export class ClustersRenderer extends Base {
  protected render(p: ICellRendererParams): void {
    const c = (p.data as { clusters?: Record<string, string> } | undefined)?.clusters ?? {};
    this.gui.className = 'chips';
    this.gui.replaceChildren(
      ...Object.entries(c)
        .map(([product, cluster]) => {
          const chip = chipElement(cluster, `${product}: ${cluster}`);
          if (chip) chip.textContent = `${product} ${cluster}`;
          return chip;
        })
        .filter((x): x is HTMLElement => !!x),
    );
  }
}
