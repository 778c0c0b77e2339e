/**
 * A cluster chip's colours for the screen: the shared palette's fill (shared/domain/colors.ts,
 * also the workbook's), with the text colour of the palette when it reads at WCAG AA (4.5:1)
 * on that fill, else whichever of black and white reads better. (The palette's white on
 * Educate's grey measures 3.2:1.)
 */
import { clusterColor } from '../../../shared/domain/colors';

function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return 0;
  const n = parseInt(m[1]!, 16);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin((n >> 16) & 255) + 0.7152 * lin((n >> 8) & 255) + 0.0722 * lin(n & 255);
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** Worked out once per cluster: a grid's cluster column asks for a screenful at each change. */
const chips = new Map<string, { background: string; color: string } | null>();

export function chipColors(cluster: string | null | undefined): { background: string; color: string } | null {
  if (!cluster) return colorsOf(cluster);
  let c = chips.get(cluster);
  if (c === undefined) chips.set(cluster, (c = colorsOf(cluster)));
  // A copy: callers may spread it into a style or keep it.
  return c && { ...c };
}

function colorsOf(cluster: string | null | undefined): { background: string; color: string } | null {
  const c = clusterColor(cluster);
  if (!c) return null;
  if (contrast(c.css, c.textCss) >= 4.5) return { background: c.css, color: c.textCss };
  const color = contrast(c.css, '#000000') >= contrast(c.css, '#FFFFFF') ? '#000000' : '#FFFFFF';
  return { background: c.css, color };
}
