import { z } from 'zod';
import { isIsoDate } from './domain/fiscal';

/** A real calendar date (2026-02-30 and 9999-99-99 are not), in the years the app can name a fiscal year for. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => isIsoDate(s) && s >= '1900-01-01' && s <= '9998-12-31', 'a real date between 1900 and 9998');

/** The calendar date `days` after (or, negative, before) an ISO date: 2026-12-06 + 90 → 2027-03-06. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
