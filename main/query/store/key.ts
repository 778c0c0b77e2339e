/**
 * Which data a row store holds: the one data-version key of the rows (query/current.ts
 * dataVersionKey 'rows': the app version, the workspace's data generation, the digest of the
 * settings rows depend on, the current imports),
 * the schema version, and the store's own format (its column table), so that a persisted copy
 * written by a build with other columns or another layout is never read as this one.
 */
import { createHash } from 'node:crypto';
import type { DB } from '../../cache/db';
import { dataVersionKey } from '../current';
import { STORE_COLUMNS } from './columns';

/** Bumped when the persisted layout (./persist.ts) changes. */
const LAYOUT = 2;

export const STORE_FORMAT = `store${LAYOUT}:${createHash('sha256')
  .update(JSON.stringify(STORE_COLUMNS))
  .digest('hex')
  .slice(0, 12)}`;

export function rowStoreKey(db: DB, asOf?: string): string {
  const schema = db.pragma('user_version', { simple: true }) as number;
  return `${dataVersionKey(db, asOf, 'rows')};u${schema};${STORE_FORMAT}`;
}
