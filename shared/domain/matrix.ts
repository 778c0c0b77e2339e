/** Fit and Intent bands, the 4×4 matrix of segments and the clusters (domain.md). */
export const BANDS = ['High', 'Medium', 'Low', 'Very Low'] as const;
export type Band = (typeof BANDS)[number];

export const CLUSTERS = ['Act Now', 'Evaluate', 'Nurture', 'Educate'] as const;
export type Cluster = (typeof CLUSTERS)[number];

export const CELLS = [
  'A1',
  'A2',
  'A3',
  'A4',
  'B1',
  'B2',
  'B3',
  'B4',
  'C1',
  'C2',
  'C3',
  'C4',
  'D1',
  'D2',
  'D3',
  'D4',
] as const;
export type Cell = (typeof CELLS)[number];

/** Lowest score of each band; a score is in the highest band whose minimum it reaches. */
export interface BandThresholds {
  high: number;
  medium: number;
  low: number;
}

/** Rows: fit band; columns: intent band; both in BANDS order (High first). */
export type CellMap = Record<Band, Record<Band, Cell>>;

export interface MatrixSettings {
  thresholds: BandThresholds;
  cells: CellMap;
  /** Which cluster each cell letter means. */
  clusterOfLetter: Record<'A' | 'B' | 'C' | 'D', Cluster>;
}

export const DEFAULT_THRESHOLDS: BandThresholds = { high: 75, medium: 55, low: 30 };

export const DEFAULT_CELLS: CellMap = {
  High: { High: 'A1', Medium: 'A2', Low: 'B1', 'Very Low': 'B3' },
  Medium: { High: 'A3', Medium: 'A4', Low: 'B2', 'Very Low': 'B4' },
  Low: { High: 'C1', Medium: 'C2', Low: 'D1', 'Very Low': 'D3' },
  'Very Low': { High: 'C3', Medium: 'C4', Low: 'D2', 'Very Low': 'D4' },
};

export const DEFAULT_MATRIX: MatrixSettings = {
  thresholds: DEFAULT_THRESHOLDS,
  cells: DEFAULT_CELLS,
  clusterOfLetter: { A: 'Act Now', B: 'Evaluate', C: 'Nurture', D: 'Educate' },
};

/**
 * The band rule, the one definition: each band but the lowest with the threshold it starts at,
 * highest first; a score below them all is in LOWEST_BAND. bandOf and the SQL that settings
 * changes run (cache/settings.ts) are both written from it.
 */
export const BAND_FLOORS: readonly (readonly [Band, keyof BandThresholds])[] = [
  ['High', 'high'],
  ['Medium', 'medium'],
  ['Low', 'low'],
];
export const LOWEST_BAND: Band = 'Very Low';

export function bandOf(score: number | null, t: BandThresholds = DEFAULT_THRESHOLDS): Band | null {
  if (score === null || !Number.isFinite(score)) return null;
  for (const [band, floor] of BAND_FLOORS) if (score >= t[floor]) return band;
  return LOWEST_BAND;
}

export function cellOf(fit: Band | null, intent: Band | null, cells: CellMap = DEFAULT_CELLS): Cell | null {
  if (!fit || !intent) return null;
  return cells[fit][intent];
}

export function clusterOfCell(cell: Cell | null, m: MatrixSettings = DEFAULT_MATRIX): Cluster | null {
  if (!cell) return null;
  return m.clusterOfLetter[cell[0] as 'A' | 'B' | 'C' | 'D'];
}

export interface Classified {
  fitBand: Band | null;
  intentBand: Band | null;
  cell: Cell | null;
  computedCluster: Cluster | null;
}

export function classify(
  fit: number | null,
  intent: number | null,
  m: MatrixSettings = DEFAULT_MATRIX,
): Classified {
  const fitBand = bandOf(fit, m.thresholds);
  const intentBand = bandOf(intent, m.thresholds);
  const cell = cellOf(fitBand, intentBand, m.cells);
  return { fitBand, intentBand, cell, computedCluster: clusterOfCell(cell, m) };
}

/** Cluster names as files spell them ("Act now", "ActNow", "act-now") → canonical. */
export function normaliseCluster(raw: string | null | undefined): Cluster | null {
  if (raw == null) return null;
  const k = raw.toLowerCase().replace(/[^a-z]/g, '');
  for (const c of CLUSTERS) if (c.toLowerCase().replace(/[^a-z]/g, '') === k) return c;
  return null;
}

export function isCluster(v: string): v is Cluster {
  return (CLUSTERS as readonly string[]).includes(v);
}

/** Checks a settings object before it is stored: bands must be ordered and in range. */
export function validateMatrix(m: MatrixSettings): string | null {
  const { high, medium, low } = m.thresholds;
  for (const v of [high, medium, low])
    if (!Number.isInteger(v) || v < 1 || v > 100) return 'band thresholds must be integers from 1 to 100';
  if (!(high > medium && medium > low)) return 'band thresholds must satisfy High > Medium > Low';
  for (const f of BANDS)
    for (const i of BANDS)
      if (!(CELLS as readonly string[]).includes(m.cells[f]?.[i])) return `cell ${f}×${i} is not a segment`;
  for (const l of ['A', 'B', 'C', 'D'] as const)
    if (!isCluster(m.clusterOfLetter[l])) return `letter ${l} has no cluster`;
  return null;
}
