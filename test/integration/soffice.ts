/**
 * LibreOffice, headless, for the tests that open our files in it: where soffice is ($SOFFICE,
 * else the usual places), why it is missing, and one conversion run. Without it those tests are
 * skipped with the reason, except under CI=true, where a missing soffice fails the run
 * (.ci/run installs Debian's libreoffice-calc).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';

/** LibreOffice takes seconds to start, more on a busy machine. */
export const SOFFICE_TIMEOUT = 180_000;

function findSoffice(): string | null {
  const fromEnv = process.env.SOFFICE;
  if (fromEnv) return fs.existsSync(fromEnv) ? fromEnv : null;
  const usual = [
    '/usr/bin/soffice',
    '/usr/lib/libreoffice/program/soffice',
    '/opt/libreoffice/program/soffice',
    '/usr/local/bin/soffice',
    '/Applications/LibreOffice.app/Contents/MacOS/soffice',
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'soffice')),
  ];
  return usual.find((p) => fs.existsSync(p)) ?? null;
}

export const SOFFICE = findSoffice();
const REASON = process.env.SOFFICE
  ? `SOFFICE=${process.env.SOFFICE} does not exist`
  : 'soffice not found ($SOFFICE, /usr/bin, /usr/lib/libreoffice/program, /opt/libreoffice/program, PATH)';

/**
 * Says why `what` is skipped when soffice is missing: a failing test under CI=true, a log line
 * elsewhere. Called at a test file's top level.
 */
export function reportMissingSoffice(what: string): void {
  if (SOFFICE) return;
  if (process.env.CI === 'true')
    describe(what, () => {
      it('needs soffice under CI', () => {
        throw new Error(`${REASON}; install Debian's libreoffice-calc`);
      });
    });
  else console.log(`${what} skipped: ${REASON}`);
}

/** One soffice run over `files`, with a profile of its own (a user's running LibreOffice is never touched). */
export function soffice(profile: string, outDir: string, args: string[], files: string[]): void {
  execFileSync(
    SOFFICE!,
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--norestore',
      ...args,
      '--outdir',
      outDir,
      ...files,
    ],
    { timeout: SOFFICE_TIMEOUT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}
