import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { checkSignal, IngestError, toIngestError } from './errors';

/**
 * Opens a download for reading, refusing anything but a regular file before any byte is read:
 * a device (`/dev/zero` never ends), a FIFO or socket (a read waits forever), a folder. The
 * path is stat'ed first (following links), opened without blocking (a FIFO swapped in meanwhile
 * must not hold a thread until a writer comes), and the open descriptor is checked again.
 */
export async function openRegular(path: string): Promise<FileHandle> {
  let handle: FileHandle | undefined;
  try {
    checkRegular(await stat(path));
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    checkRegular(await handle.stat());
    return handle;
  } catch (err) {
    await handle?.close().catch(() => {});
    throw toIngestError(err);
  }
}

function checkRegular(st: { isFile(): boolean; isDirectory(): boolean }): void {
  if (st.isDirectory()) throw new IngestError({ kind: 'isFolder' });
  if (!st.isFile()) throw new IngestError({ kind: 'notRegularFile' });
}

/**
 * The bytes of an open file from `start`, in chunks, checking the signal before each read so a
 * cancel stops the read within one chunk. Each chunk is a fresh buffer (callers may keep it).
 */
export async function* readChunks(
  handle: FileHandle,
  opts: { chunk: number; start?: number; end?: number; signal?: AbortSignal | undefined },
): AsyncGenerator<Buffer> {
  let pos = opts.start ?? 0;
  const end = opts.end ?? Infinity;
  while (pos < end) {
    checkSignal(opts.signal);
    const want = Math.min(opts.chunk, end - pos);
    const buf = Buffer.allocUnsafe(want);
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(buf, 0, want, pos));
    } catch (err) {
      throw toIngestError(err);
    }
    if (bytesRead === 0) return;
    pos += bytesRead;
    yield bytesRead === want ? buf : buf.subarray(0, bytesRead);
  }
}
