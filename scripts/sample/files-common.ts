/**
 * What every sample file writer shares: the set's seed and size, the description of a file and its
 * quirks (for README.md), the customers in a report's subset, and the quirk helpers.
 */
import type { FormatOptions } from './cells';
import { makeCustomer, type Customer, type DriftResult } from './customers';
import type { DelimitedOptions, DelimitedResult, TextEncoding } from './delimited';
import { FORMULA_INJECTION_INDICES, SPECIAL_CUSTOMERS, type ClusterName, type ProductKey } from './domain';
import { mixSeed } from './rng';

export const SAMPLE_SEED = 20261020;
export const SAMPLE_SIZE = 250;

export interface Quirk {
  /** Physical line (text files) or "Sheet!row" (XLSX), 1-based. */
  where: string;
  customerId: string;
  description: string;
}

export interface SampleFile {
  file: string;
  snapshot: string;
  report: string;
  format: string;
  dataRows: number;
  bytes: number;
  notes: string[];
  quirks: Quirk[];
}

export interface SampleSet {
  files: SampleFile[];
  october: Customer[];
  november: DriftResult;
  movedIntoActNow: { product: ProductKey; customerId: string; from: ClusterName | '' }[];
}

/** What a file writer is given: where to write, the seed, and both snapshots' customers. */
export interface SampleContext {
  outDir: string;
  seed: number;
  october: Customer[];
  november: DriftResult;
}

export const usd: FormatOptions = { booleans: 'YesNo', money: 'usd' };

/** Inclusion of a customer in a per-report subset; specials (index < 30) are in every file. */
export function inSubset(seed: number, c: Customer, salt: number, share: number): boolean {
  return c.index < 30 || mixSeed(seed, c.index, salt) / 4294967296 < share;
}

/** A customer outside the population, for rows that must not be anyone (e.g. a row without CustomerID). */
export function quirkCustomer(seed: number, k: number): Customer {
  return makeCustomer(seed, 9_000_000 + k);
}

/** Overwrites the cell of column `name`. */
export const set = (cells: string[], header: readonly string[], name: string, value: string): void => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  cells[i] = value;
};

export const tsvOpts = (enc: TextEncoding, eol: '\n' | '\r\n'): DelimitedOptions => ({
  delimiter: '\t',
  eol,
  encoding: enc,
  quote: 'none',
});

/** A quirk on the line where the record tagged `tag` starts. */
export const describe = (
  tag: string,
  res: DelimitedResult,
  customerId: string,
  description: string,
): Quirk => ({
  where: `line ${res.tagLines.get(tag) ?? '?'}`,
  customerId,
  description,
});

/** The fixed customers' names as quirks, where `where` says they are. */
export function specialQuirks(customers: readonly Customer[], where: (c: Customer) => string): Quirk[] {
  return customers
    .filter((c) => c.index in SPECIAL_CUSTOMERS)
    .map((c) => ({
      where: where(c),
      customerId: c.customerId,
      description: (FORMULA_INJECTION_INDICES as readonly number[]).includes(c.index)
        ? `formula-injection AccountName \`${c.accountName}\``
        : `AccountName \`${c.accountName}\` (non-ASCII / comma / quotes)`,
    }));
}
