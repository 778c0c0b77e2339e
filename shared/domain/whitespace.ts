import type { Family, Product } from './products';
import { PRODUCT_INFO } from './products';

/**
 * Default whitespace revenue estimate (domain.md): yearly revenue = OrgSize × share × price.
 * Used only when the file carries no value; every such value is marked as an estimate.
 */
export interface EstimateRule {
  /** Share of employees that would use the product, 0..1. */
  share: number;
  /** Price per unit in USD, paid per month, per year or once. */
  price: number;
  period: 'month' | 'year' | 'once';
}

export type EstimateTable = Record<Product, EstimateRule>;

export const DEFAULT_ESTIMATES: EstimateTable = {
  M365: { share: 1, price: 22, period: 'month' },
  O365: { share: 1, price: 12.5, period: 'month' },
  Surface: { share: 0.1, price: 1200, period: 'once' },
  // Azure: the file's Azure potential where present, else 100 per employee per year.
  Azure: { share: 1, price: 100, period: 'year' },
  D365BC: { share: 0.15, price: 80, period: 'month' },
  D365FO: { share: 0.05, price: 210, period: 'month' },
  D365CE: { share: 0.1, price: 105, period: 'month' },
  PowerApps: { share: 0.2, price: 20, period: 'month' },
};

/** Money rounded to the cent without binary-float drift (2.675 → 2.68). */
export function roundCents(v: number): number {
  return Math.round((v + Number.EPSILON * Math.abs(v)) * 100) / 100;
}

export function estimateWhitespace(
  product: Product,
  orgSize: number | null,
  azurePotential: number | null,
  table: EstimateTable = DEFAULT_ESTIMATES,
): number | null {
  if (product === 'Azure' && azurePotential !== null) return roundCents(azurePotential);
  if (orgSize === null || orgSize <= 0) return null;
  const r = table[product];
  const units = Math.round(orgSize * r.share * 1e6) / 1e6;
  return roundCents(units * r.price * (r.period === 'month' ? 12 : 1));
}

/**
 * A row's whitespace revenue: the file's value wherever it carries one; else, for a whitespace
 * row, the estimate, marked as one (null, unmarked, when there is nothing to estimate from).
 */
export function whitespaceRevenue(
  product: Product,
  fileValue: number | null,
  whitespace: boolean,
  orgSize: number | null,
  azurePotential: number | null,
  table: EstimateTable = DEFAULT_ESTIMATES,
): { revenue: number | null; estimated: boolean } {
  if (fileValue !== null || !whitespace) return { revenue: fileValue, estimated: false };
  const revenue = estimateWhitespace(product, orgSize, azurePotential, table);
  return { revenue, estimated: revenue !== null };
}

export type Owns = Partial<Record<Family, boolean | null>>;

/**
 * Whitespace: the customer does not own the product family (Has M365/Azure/D365 = No), or,
 * where the file does not say, is a net-new prospect (no transaction in the last 36 months).
 */
export function isWhitespace(product: Product, owns: Owns, transacted36: boolean | null = null): boolean {
  const has = owns[PRODUCT_INFO[product].family];
  if (has === false) return true;
  if (has === true) return false;
  return transacted36 === false;
}
