/**
 * The user's preferences (today: the UI's language), in one small JSON file in the user-data
 * folder: the same for every workspace, and for the desktop app and browser mode alike (browser
 * mode's origin changes with every launch, so the page's own storage would forget them).
 * Written atomically (a temp file in the same folder, flushed, then renamed over the old one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Preferences } from '../../shared/api';
import { ServiceError } from './errors';

/** The file is a few dozen bytes; anything much larger is not ours. */
const MAX_BYTES = 64 * 1024;

export class PreferencesStore {
  constructor(readonly file: string) {}

  /**
   * The stored preferences. No file yet: none. A file that is not a valid preferences document
   * (damaged, edited by hand, from a newer version) is read field by field: what is valid is
   * kept, the rest ignored, and the file itself is left as it is until the next change.
   */
  read(): Preferences {
    let text: string;
    try {
      const st = fs.statSync(this.file);
      if (!st.isFile() || st.size > MAX_BYTES) return {};
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return {};
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return {};
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return {};
    const out: Preferences = {};
    const language = Preferences.shape.language.safeParse((doc as Record<string, unknown>).language);
    if (language.success && language.data) out.language = language.data;
    return out;
  }

  /** Merges `change` into the stored preferences and writes them; answers the result. */
  write(change: Preferences): Preferences {
    const next: Preferences = { ...this.read(), ...change };
    const dir = path.dirname(this.file);
    const tmp = path.join(dir, `.${path.basename(this.file)}.${process.pid}.${Date.now()}.tmp`);
    try {
      fs.mkdirSync(dir, { recursive: true });
      const fd = fs.openSync(tmp, 'wx', 0o600);
      try {
        fs.writeFileSync(fd, `${JSON.stringify(next, null, 2)}\n`);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, this.file);
    } catch (e) {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        /* the folder itself is what failed: there is no temp file to remove */
      }
      const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new ServiceError(`preferences: cannot write ${this.file} (${reason})`);
    }
    return next;
  }
}
