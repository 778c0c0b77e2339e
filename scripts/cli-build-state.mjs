// Is the CLI's built JavaScript (dist/cli/, scripts/build-cli.mjs) the build of the sources as
// they are now? Kept apart from the build script so that bin/ascent.mjs can ask without loading
// esbuild. The build writes a manifest of every file esbuild read (path, mtime, size); the build
// is current when each of them is unchanged. An edit to a source file changes its mtime; a new
// source file is only reached through an edited one.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_DIR = path.join(ROOT, 'dist', 'cli');
/** The build's entries (scripts/build-cli.mjs): bin/ascent.mjs loads them. */
export const CLI_ENTRY = path.join(CLI_DIR, 'ascent.mjs');
export const CLI_MANIFEST = path.join(CLI_DIR, 'inputs.json');

/** [path relative to ROOT, mtimeMs, size] of a file, or null when it is gone. */
export function fileStamp(rel, root = ROOT) {
  const st = fs.statSync(path.join(root, rel), { throwIfNoEntry: false });
  return st ? [rel, st.mtimeMs, st.size] : null;
}

/** True when dist/cli holds the build of the current sources; false when missing or stale. */
export function cliBuildIsCurrent(root = ROOT) {
  const dir = path.join(root, 'dist', 'cli');
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8'));
  } catch {
    return false;
  }
  if (
    !Array.isArray(manifest?.inputs) ||
    manifest.inputs.length === 0 ||
    !fs.existsSync(path.join(dir, 'ascent.mjs'))
  )
    return false;
  for (const [rel, mtimeMs, size] of manifest.inputs) {
    const now = fileStamp(rel, root);
    if (!now || now[1] !== mtimeMs || now[2] !== size) return false;
  }
  return true;
}
