import type { Cluster } from './matrix';

/** Cluster colours shared by the UI and the Excel export: one source of truth. */
export interface ClusterColor {
  /** CSS hex, for the UI: "#1B7F3B". */
  css: string;
  /** Excel ARGB fill: "FF1B7F3B". */
  argb: string;
  /** Text colour on that fill, CSS hex. */
  textCss: string;
  /** Text colour on that fill, Excel ARGB. */
  textArgb: string;
}

const WHITE = { textCss: '#FFFFFF', textArgb: 'FFFFFFFF' };
const BLACK = { textCss: '#000000', textArgb: 'FF000000' };

export const CLUSTER_COLORS: Record<Cluster, ClusterColor> = {
  'Act Now': { css: '#1B7F3B', argb: 'FF1B7F3B', ...WHITE },
  Evaluate: { css: '#2F6FB5', argb: 'FF2F6FB5', ...WHITE },
  Nurture: { css: '#E3A21A', argb: 'FFE3A21A', ...BLACK },
  Educate: { css: '#8A8F98', argb: 'FF8A8F98', ...WHITE },
};

export function clusterColor(cluster: string | null | undefined): ClusterColor | null {
  return cluster && Object.prototype.hasOwnProperty.call(CLUSTER_COLORS, cluster)
    ? CLUSTER_COLORS[cluster as Cluster]
    : null;
}
