/**
 * Plain-DOM cell renderers for the big grids: cheaper than a React root per cell, and a
 * filter or sort change repaints a screenful of them at once.
 */
import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import { chipColors } from './chip-colors';
import { fmtMoney, fmtMoneyShort } from '../format';
import { clusterLabel, t } from '../i18n';

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
}

/** Whitespace revenue; the workbench's estimates are marked "≈", in italics, with a title. */
export class RevenueRenderer extends Base {
  protected render(p: ICellRendererParams): void {
    const v = p.value as number | null;
    // A propensity row says whitespaceEstimated; a customer (the call list) says estimated.
    const d = p.data as { whitespaceEstimated?: boolean; estimated?: boolean } | undefined;
    const estimated = !!(d?.whitespaceEstimated ?? d?.estimated);
    this.gui.className = estimated ? 'estimate' : '';
    this.gui.title = estimated ? t('grid.estimated') : '';
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
          const name = clusterLabel(cluster);
          const chip = chipElement(cluster, t('grid.productCluster', { product, cluster: name }));
          if (chip) chip.textContent = `${product} ${name}`;
          return chip;
        })
        .filter((x): x is HTMLElement => !!x),
    );
  }
}

/** A call-list customer's products in Act Now, then Evaluate: one short chip each, in the cluster's colour. */
export class CustomerChipsRenderer extends Base {
  protected render(p: ICellRendererParams): void {
    const products =
      (p.data as { products?: Record<string, { cluster: string | null }> } | undefined)?.products ?? {};
    this.gui.className = 'chips compact';
    this.gui.replaceChildren(
      ...Object.entries(products)
        .filter(([, { cluster }]) => cluster === 'Act Now' || cluster === 'Evaluate')
        .sort(([a, x], [b, y]) =>
          x.cluster === y.cluster ? a.localeCompare(b) : x.cluster === 'Act Now' ? -1 : 1,
        )
        .map(([product, { cluster }]) => {
          const chip =
            chipElement(
              cluster ?? 'none',
              t('grid.productCluster', {
                product,
                cluster: cluster ? clusterLabel(cluster) : t('grid.noCluster'),
              }),
            ) ?? document.createElement('span');
          chip.classList.add('chip');
          chip.textContent = product;
          // The colour says the cluster; the text says it too, for a screen reader.
          const said = document.createElement('span');
          said.className = 'sr-only';
          said.textContent = ` (${clusterLabel(cluster)})`;
          chip.append(said);
          return chip;
        }),
    );
  }
}

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
}
