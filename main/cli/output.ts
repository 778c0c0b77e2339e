/**
 * The CLI's stdout and stderr. When the reader of stdout goes away (`ascent rows --csv | head`),
 * the command ends quietly with exit code 0 instead of an EPIPE stack trace: the reader has
 * what it asked for. Other write errors print one line and exit 1.
 */
import type { Io } from './args';

type Out = NodeJS.WriteStream & { errored?: Error | null };

function closed(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET';
}

function fail(e: unknown): never {
  if (closed(e)) process.exit(0);
  try {
    process.stderr.write(`ascent: cannot write the output: ${(e as Error).message.split('\n')[0]}\n`);
  } catch {
    // stderr is gone too
  }
  process.exit(1);
}

/** Installs the handlers on stdout (and a quiet one on stderr) and returns the Io to use. */
export function processIo(stdout: Out = process.stdout, stderr: Out = process.stderr): Io {
  stdout.on('error', fail);
  stderr.on('error', () => undefined);
  return {
    out: (s) => {
      // Pipes are written synchronously on Linux and macOS: a failed write is known at once,
      // so a long listing stops here rather than running on to its end.
      if (stdout.errored) fail(stdout.errored);
      stdout.write(s);
      if (stdout.errored) fail(stdout.errored);
    },
    err: (s) => {
      if (!stderr.errored) stderr.write(s);
    },
  };
}
