/** Builds the renderer once per e2e run, so the browser tests always see the current sources. */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  // Vitest sets NODE_ENV=test, which would bundle React's development build: test what ships.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'vite.config.ts', mode: 'production', logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = env;
  }
}
