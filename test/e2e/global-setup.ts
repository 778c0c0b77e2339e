/** Builds the renderer once per e2e run, so the browser tests always see the current sources. */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
