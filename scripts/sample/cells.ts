/** How one value is written in a text file: booleans, money (US or Dutch), dates. */

export type CellValue = string | number | boolean | null | Money;
/** A currency amount; formatted per file (`$1,234.50`, `1.234,50`, or a plain number in XLSX). */
export class Money {
  constructor(readonly amount: number) {}
}

export interface FormatOptions {
  booleans: 'YesNo' | '10';
  money: 'usd' | 'nl';
}

function groupThousands(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

export function formatUsd(amount: number): string {
  const [i, d] = Math.abs(amount).toFixed(2).split('.') as [string, string];
  return `${amount < 0 ? '-' : ''}$${groupThousands(i, ',')}.${d}`;
}

export function formatNl(amount: number): string {
  const [i, d] = Math.abs(amount).toFixed(2).split('.') as [string, string];
  return `${amount < 0 ? '-' : ''}${groupThousands(i, '.')},${d}`;
}

export function formatCell(v: CellValue, o: FormatOptions): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return o.booleans === 'YesNo' ? (v ? 'Yes' : 'No') : v ? '1' : '0';
  if (typeof v === 'number') return String(v);
  if (v instanceof Money)
    return v.amount === 0 ? '0' : o.money === 'usd' ? formatUsd(v.amount) : formatNl(v.amount);
  return v;
}

export type DateStyle = 'M/D/YYYY' | 'D-M-YYYY';

export function formatDate(iso: string, style: DateStyle): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return style === 'M/D/YYYY' ? `${m}/${d}/${y}` : `${d}-${m}-${y}`;
}
