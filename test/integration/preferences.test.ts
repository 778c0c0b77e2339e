/**
 * The user's preferences (the UI's language): one JSON file in the user-data folder, the same
 * whichever workspace is open, written atomically, validated at the door, and a damaged file
 * read as "nothing chosen" and replaced by the next choice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Service } from '../../main/service';
import { dispatch } from '../../main/service/dispatch';
import { SAMPLE_DIR, tempDir } from './helpers';

const open: Service[] = [];
function service(dir: string, db = 'cache.sqlite'): Service {
  const s = new Service({
    dbPath: path.join(dir, db),
    sampleDbPath: path.join(dir, 'sample.sqlite'),
    sampleDir: SAMPLE_DIR,
    rowStore: false,
    preferencesPath: path.join(dir, 'user', 'preferences.json'),
  });
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe('preferences', () => {
  it('has none at first, keeps a chosen language in the user-data file, across workspaces and restarts', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'user', 'preferences.json');
    const a = service(dir);
    expect(await a.preferences()).toEqual({});
    expect(fs.existsSync(file)).toBe(false);
    expect(await a.setPreferences({ language: 'nl' })).toEqual({ language: 'nl' });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ language: 'nl' });
    // Nothing but the file itself is left in its folder (the temp file was renamed over it).
    expect(fs.readdirSync(path.dirname(file))).toEqual(['preferences.json']);
    // Another workspace, another service on the same user: the same language.
    a.openWorkspace(path.join(dir, 'other.sqlite'));
    expect(await a.preferences()).toEqual({ language: 'nl' });
    const b = service(dir, 'third.sqlite');
    expect(await b.preferences()).toEqual({ language: 'nl' });
    await b.setPreferences({ language: 'en' });
    expect(await a.preferences()).toEqual({ language: 'en' });
  });

  it('refuses an unknown language at the door with one line, and changes nothing', async () => {
    const dir = tempDir();
    const s = service(dir);
    await s.setPreferences({ language: 'nl' });
    const r = await dispatch(s, 'setPreferences', { language: 'fr' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.status).toBe(400);
      expect(r.error).toMatch(/^setPreferences: language: /);
      expect(r.error).not.toContain('\n');
    }
    expect((await dispatch(s, 'setPreferences', { language: 'en', extra: 1 })).ok).toBe(false);
    expect(await s.preferences()).toEqual({ language: 'nl' });
    expect(await dispatch(s, 'preferences', {})).toEqual({ ok: true, value: { language: 'nl' } });
  });

  it('reads a damaged or foreign file as nothing chosen, and the next choice replaces it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'user', 'preferences.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const s = service(dir);
    for (const bad of ['{"language": "nl"', '[1,2]', '{"language": "klingon"}', '"nl"', '']) {
      fs.writeFileSync(file, bad);
      expect(await s.preferences(), bad).toEqual({});
    }
    // A newer version's extra field does not hide a valid language.
    fs.writeFileSync(file, JSON.stringify({ language: 'nl', theme: 'dark' }));
    expect(await s.preferences()).toEqual({ language: 'nl' });
    fs.writeFileSync(file, 'garbage');
    expect(await s.setPreferences({ language: 'nl' })).toEqual({ language: 'nl' });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ language: 'nl' });
  });

  it('says in one line which file it could not write', async () => {
    const dir = tempDir();
    // The preferences' folder is a file: nothing can be written below it.
    fs.writeFileSync(path.join(dir, 'user'), 'not a folder');
    const s = service(dir);
    const r = await dispatch(s, 'setPreferences', { language: 'nl' });
    expect(r).toMatchObject({ ok: false, status: 400 });
    if (!r.ok) expect(r.error).toMatch(/^preferences: cannot write .*preferences\.json \(E[A-Z]+\)$/);
  });
});
