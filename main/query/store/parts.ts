/**
 * What a row store is made of: the arrays the build produces, the persisted copy holds, and the
 * store (./row-store.ts) answers from. Nothing here is computed lazily; caches over these live
 * in the store.
 */
import type { Column } from './coding';
import type { SearchedField, StoreField } from './columns';
import type { Haystack } from './search';

/** The flags of the current imports: which customer records have each flag. */
export interface Flags {
  /** Flag id → 1 per customer record that has it. */
  byId: Map<number, Uint8Array>;
  idByName: Map<string, number>;
  eosIds: number[];
}

export interface StoreParts {
  /** The data it holds (./key.ts rowStoreKey). */
  key: string;
  /** Row i's rowid. Rows and customer records are in the tie-break order (customer, product, import). */
  rowids: Uint32Array | Float64Array;
  /** Row i's customer record. */
  customerOf: Uint32Array;
  /** How many customer records (import × customer). */
  customers: number;
  columns: Record<StoreField, Column>;
  haystacks: Record<SearchedField, Haystack>;
  flags: Flags;
}
