/**
 * The persisted row store: a file beside the workspace (`<workspace>.store`), written after a
 * build (temp file + rename, so a reader sees the old file or the new one, never half of one)
 * and read when the workspace opens. Tied to the one data-version key (./key.ts): a copy of
 * other data, settings, app version, schema or format is refused, as is a damaged or cut one
 * (./persist.ts), and the store is built again as without it. No migration: the workspace file
 * is not touched, and deleting the sidecar only costs the next open a build.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DB } from '../../cache/db';
import { sidecarPath } from '../../cache/held';
import { rowStoreKey } from './key';
import type { StoreParts } from './parts';
import { decodeStore, encodeStore } from './persist';
import { valueOf } from './search';

export { sidecarPath };

/** Rows checked against the workspace on read: a copy whose rowids name other rows is refused. */
const SPOT_CHECKS = 64;

export type SidecarRead = { parts: StoreParts; bytes: number } | { refused: string };

/**
 * The persisted store of `db`'s current data, if its sidecar holds one. `db` is read inside one
 * read transaction, so the key and the spot checks see the same data.
 */
export async function readSidecar(workspace: string, db: DB): Promise<SidecarRead> {
  let file: Buffer;
  try {
    file = await fs.promises.readFile(sidecarPath(workspace));
  } catch (e) {
    return { refused: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'none' : (e as Error).message };
  }
  db.exec('BEGIN');
  try {
    const decoded = await decodeStore(file, rowStoreKey(db));
    if ('refused' in decoded) return decoded;
    const wrong = spotCheck(db, decoded.parts);
    return wrong ? { refused: wrong } : { parts: decoded.parts, bytes: file.length };
  } finally {
    db.exec('COMMIT');
  }
}

/**
 * Rows spread over the store, read back by rowid: each must exist with the product and customer
 * ID the store holds for it. The key already names the data; this catches a workspace whose rows
 * were renumbered or replaced under the same key (a file restored or copied over another).
 */
function spotCheck(db: DB, parts: StoreParts): string | null {
  const n = parts.rowids.length;
  const stmt = db.prepare('SELECT product, customer_id AS customerId FROM propensity WHERE rowid = ?');
  const { product, customerId } = parts.columns;
  const ids = parts.haystacks.customerId;
  for (let k = 0; k < Math.min(n, SPOT_CHECKS); k++) {
    const i = Math.floor((k * n) / Math.min(n, SPOT_CHECKS));
    const row = stmt.get(parts.rowids[i]!) as { product: string; customerId: string } | undefined;
    const code = customerId.codes[parts.customerOf[i]!]!;
    if (
      !row ||
      product.dict![product.codes[i]!] !== row.product ||
      valueOf(ids, code) !== String(row.customerId)
    )
      return 'its rows differ from the workspace';
  }
  return null;
}

/** Writes the store beside the workspace: a temp file in the same folder, renamed over the old copy. */
export async function writeSidecar(workspace: string, parts: StoreParts): Promise<{ bytes: number }> {
  const target = sidecarPath(workspace);
  const dir = path.dirname(target);
  const temp = path.join(
    dir,
    `.${path.basename(target)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`,
  );
  removeDeadTemps(dir, path.basename(target));
  const chunks = encodeStore(parts);
  const fh = await fs.promises.open(temp, 'wx', 0o600);
  let bytes = 0;
  try {
    for (const chunk of chunks)
      for (let at = 0; at < chunk.length;) {
        const { bytesWritten } = await fh.write(chunk, at, chunk.length - at);
        at += bytesWritten;
        bytes += bytesWritten;
      }
    await fh.close();
    await fs.promises.rename(temp, target);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    throw e;
  }
  return { bytes };
}

/** Temp files of writers that were killed before their rename (their pid is gone). */
function removeDeadTemps(dir: string, base: string): void {
  const prefix = `.${base}.tmp-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || alive(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
