/**
 * The workspaces this process has opened (openCache records each), so that an export can refuse
 * to write over any of them. No dependencies: the Electron main process uses it too, and must
 * not load better-sqlite3.
 */
import path from 'node:path';

/** Every workspace opened by this process, most recent last. */
const held: string[] = [];

export function holdWorkspace(file: string): void {
  const f = path.resolve(file);
  const i = held.indexOf(f);
  if (i >= 0) held.splice(i, 1);
  held.push(f);
}

/** The persisted row store beside a workspace (written by main/query/store/sidecar.ts). */
export const sidecarPath = (workspace: string): string => `${workspace}.store`;

/** A workspace file with the companions SQLite keeps beside it, and our row store's sidecar. */
export function withCompanions(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`, sidecarPath(file)];
}

/** The SQLite files this process has opened as workspaces, with their -wal, -shm and -journal. */
export function heldFiles(): string[] {
  return held.flatMap(withCompanions);
}

/** The workspace opened last by this process, for messages about errors that do not name one. */
export function lastWorkspace(): string | null {
  return held.at(-1) ?? null;
}
