import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { userDataDir } from './cache/db';

/** The repository (or, packaged, the app) root: main/ sits right below it. */
export const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RENDERER_DIST = path.join(APP_ROOT, 'dist', 'renderer');
export const SAMPLE_DIR = path.join(APP_ROOT, 'resources', 'sample');
export const SAMPLE_DB = () => path.join(userDataDir(), 'sample.sqlite');
