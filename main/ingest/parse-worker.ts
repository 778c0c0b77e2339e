/**
 * The worker thread of an import (started by ./parse-thread.ts): reads, decodes, parses and
 * maps the file (./mapped-source.ts) and posts the mapped batches as transferable buffers
 * (./batch-codec.ts), while the importing thread binds and steps statements: both cores work.
 * At most MAX_QUEUED batches are in flight; the next waits for the importing thread to take
 * one, so a slow disk write never piles parsed rows up in memory.
 */
import { parentPort } from 'node:worker_threads';
import { encodeBatch, transferables } from './batch-codec';
import { IngestError } from './errors';
import { openMapped, type MappedSource } from './mapped-source';
import type { FromParser, ToParser } from './parse-thread';

/** Batches posted and not yet taken by the importing thread. */
export const MAX_QUEUED = 4;

const port = parentPort!;
const abort = new AbortController();
let credit = MAX_QUEUED;
let wake: (() => void) | null = null;

function post(m: FromParser, transfer: ArrayBuffer[] = []): void {
  port.postMessage(m, transfer);
}

port.on('message', (m: ToParser) => {
  if (m.type === 'start') void run(m);
  else if (m.type === 'taken') credit++;
  else abort.abort();
  wake?.();
  wake = null;
});

async function run(m: Extract<ToParser, { type: 'start' }>): Promise<void> {
  let source: MappedSource | null = null;
  try {
    source = await openMapped(m.file, m.sniff, m.settings, abort.signal);
    post({ type: 'header', header: source.header });
    for (;;) {
      while (credit === 0 && !abort.signal.aborted) await new Promise<void>((r) => (wake = r));
      if (abort.signal.aborted) break;
      const next = await source.batches.next();
      if (next.done) break;
      const batch = encodeBatch(next.value);
      credit--;
      post({ type: 'batch', batch, bytesRead: source.bytesRead() }, transferables(batch));
    }
    post({ type: 'end', bytesRead: source.bytesRead() });
  } catch (e) {
    post({
      type: 'error',
      ingest: e instanceof IngestError,
      message: e instanceof Error ? e.message : String(e),
      problem: e instanceof IngestError ? (e.problem ?? null) : null,
      stack: e instanceof Error ? (e.stack ?? null) : null,
    });
  } finally {
    await source?.close().catch(() => {});
    port.close();
  }
}
