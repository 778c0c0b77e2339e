import fs from 'node:fs';
import path from 'node:path';

/**
 * File names taken for downloads when the app picks files itself (a folder, a drop, the command
 * line). The importer decides the format from the bytes, never from this.
 */
export const IMPORTABLE = /\.(tsv|csv|txt|xlsx)$/i;

/** The downloads in a folder, by name. */
export function downloadsIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => IMPORTABLE.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}
