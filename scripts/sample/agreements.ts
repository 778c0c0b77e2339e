/** Agreement renewals: 0–3 agreements per customer, stable across snapshots. */
import type { Customer } from './customers';
import { SPECIAL_CUSTOMERS } from './domain';
import { hex, mixSeed, mulberry32, pick, randInt, round2, weighted } from './rng';

export interface Agreement {
  customer: Customer;
  licenseProgram: string;
  agreementId: string;
  /** ISO yyyy-mm-dd */
  endDate: string;
  expirationType: 'Renewal' | 'Expiration';
  expiringRevenue: number;
  revSumDivisionName: string;
}

const LICENSE_PROGRAMS = [
  ['Enterprise Agreement', 25],
  ['Open Value', 20],
  ['CSP', 45],
  ['MPSA', 10],
] as const;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 0–3 agreements per customer (specials always ≥1), stable across snapshots (derived from customer index). */
export function agreementsFor(seed: number, c: Customer): Agreement[] {
  const rng = mulberry32(mixSeed(seed, c.index, 0xa9ee));
  const r = rng();
  let count = r < 0.38 ? 0 : r < 0.75 ? 1 : r < 0.93 ? 2 : 3;
  if (count === 0 && c.index in SPECIAL_CUSTOMERS) count = 1;
  const start = Date.UTC(2026, 0, 1);
  const days = Math.round((Date.UTC(2027, 11, 31) - start) / 86_400_000);
  const out: Agreement[] = [];
  for (let k = 0; k < count; k++) {
    const program = weighted(rng, LICENSE_PROGRAMS);
    const serial = 10_000_000 + (((c.index * 3 + k) * 7919) % 89_999_999);
    const agreementId =
      program === 'Enterprise Agreement'
        ? String(serial)
        : program === 'Open Value'
          ? `V${String(serial).slice(1)}`
          : program === 'MPSA'
            ? `0${serial}1`
            : `${hex(rng, 8)}-${hex(rng, 4)}-${hex(rng, 4)}-${hex(rng, 4)}-${(c.index * 3 + k).toString(16).padStart(12, '0')}`;
    const scale = program === 'CSP' ? 60 : program === 'Open Value' ? 120 : 260;
    out.push({
      customer: c,
      licenseProgram: program,
      agreementId,
      endDate: isoDate(start + randInt(rng, 0, days) * 86_400_000),
      expirationType: rng() < 0.75 ? 'Renewal' : 'Expiration',
      expiringRevenue: rng() < 0.03 ? 0 : round2(c.orgSize * scale * (0.3 + rng()) + 250),
      revSumDivisionName: pick(rng, ['Modern Work', 'Modern Work', 'Azure', 'Business Applications']),
    });
  }
  return out;
}
