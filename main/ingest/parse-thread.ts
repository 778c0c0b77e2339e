/**
 * The importing thread's side of ./parse-worker.ts: starts the worker, hands it the file, and
 * presents what it posts as a MappedSource, as if the file were read here. The worker's entry
 * is a file the door names (`useParseWorker`): the CLI's build ships it as JavaScript next to
 * its own, the sources run it through tsx (bin/parse-worker-dev.mjs). Without one, imports map
 * in the importing thread, as the desktop build does.
 */
import { Worker } from 'node:worker_threads';
import type { MatrixSettings } from '../../shared/domain/matrix';
import type { EstimateTable } from '../../shared/domain/whitespace';
import type { Problem } from '../../shared/i18n/problems';
import { decodeBatch, type EncodedBatch } from './batch-codec';
import { IngestError, ReadCancelled } from './errors';
import type { MappedRecord } from './map-record';
import type { MappedSource, SourceHeader } from './mapped-source';
import type { FileSniff } from './sniff';

export type ToParser =
  | {
      type: 'start';
      file: string;
      sniff: FileSniff;
      settings: { matrix: MatrixSettings; estimates: EstimateTable };
    }
  | { type: 'taken' }
  | { type: 'cancel' };

export type FromParser =
  | { type: 'header'; header: SourceHeader }
  | { type: 'batch'; batch: EncodedBatch; bytesRead: number }
  | { type: 'end'; bytesRead: number }
  | { type: 'error'; ingest: boolean; message: string; problem: Problem | null; stack: string | null };

/**
 * Files smaller than this map in the importing thread: a worker's start (≈ 30–50 ms on a quiet
 * machine, loading its modules) costs more than mapping a few megabytes (≈ 50 ms per MB).
 */
export const PARSE_WORKER_MIN_BYTES = 4 * 1024 * 1024;

let workerEntry: URL | null = null;
let workerMinBytes = PARSE_WORKER_MIN_BYTES;

/** Names the worker's entry file (null: map in the importing thread), and the smallest file it takes. */
export function useParseWorker(entry: URL | null, minBytes = PARSE_WORKER_MIN_BYTES): void {
  workerEntry = entry;
  workerMinBytes = minBytes;
}

/** The worker's entry for a file of this size, or null to map in the importing thread. */
export function parseWorkerFor(fileBytes: number): URL | null {
  return fileBytes >= workerMinBytes ? workerEntry : null;
}

/** Opens a file's mapped records on a worker thread: the same contract as openMapped. */
export async function openMappedInWorker(
  entry: URL,
  file: string,
  sniff: FileSniff,
  settings: { matrix: MatrixSettings; estimates: EstimateTable },
  signal?: AbortSignal,
): Promise<MappedSource> {
  const worker = new Worker(entry);
  const queue: FromParser[] = [];
  let waiting: ((m: FromParser) => void) | null = null;
  let failure: Error | null = null;
  let bytesRead = 0;
  let closed = false;
  const deliver = (m: FromParser) => {
    if (waiting) {
      const w = waiting;
      waiting = null;
      w(m);
    } else queue.push(m);
  };
  worker.on('message', deliver);
  worker.on('error', (e: Error) => {
    failure = e;
    deliver({ type: 'error', ingest: false, message: e.message, problem: null, stack: e.stack ?? null });
  });
  worker.on('exit', () => {
    if (!closed)
      deliver({
        type: 'error',
        ingest: false,
        message: 'the reading thread stopped',
        problem: null,
        stack: null,
      });
  });
  const onAbort = () => {
    worker.postMessage({ type: 'cancel' } satisfies ToParser);
    const cancelled = new ReadCancelled();
    deliver({
      type: 'error',
      ingest: true,
      message: cancelled.message,
      problem: cancelled.problem!,
      stack: null,
    });
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const close = async () => {
    if (closed) return;
    closed = true;
    signal?.removeEventListener('abort', onAbort);
    await worker.terminate();
  };
  const next = (): Promise<FromParser> => {
    const m = queue.shift();
    if (m) return Promise.resolve(m);
    return new Promise((r) => (waiting = r));
  };
  /** Throws what the worker reported, as the error the same failure raises in this thread. */
  const raise = (m: Extract<FromParser, { type: 'error' }>): never => {
    if (signal?.aborted) throw new ReadCancelled();
    if (m.ingest) throw new IngestError(m.problem ?? m.message);
    const e = failure ?? new Error(m.message);
    if (m.stack) e.stack = m.stack;
    throw e;
  };
  try {
    if (signal?.aborted) throw new ReadCancelled();
    worker.postMessage({ type: 'start', file, sniff, settings } satisfies ToParser);
    const first = await next();
    if (first.type === 'error') raise(first);
    if (first.type !== 'header') throw new Error(`internal: the reading thread began with ${first.type}`);
    async function* batches(): AsyncGenerator<MappedRecord[]> {
      for (;;) {
        const m = await next();
        if (m.type === 'error') raise(m);
        if (m.type === 'end') {
          bytesRead = m.bytesRead;
          return;
        }
        if (m.type !== 'batch') throw new Error(`internal: the reading thread sent ${m.type}`);
        bytesRead = m.bytesRead;
        worker.postMessage({ type: 'taken' } satisfies ToParser);
        yield decodeBatch(m.batch);
      }
    }
    return { header: first.header, batches: batches(), bytesRead: () => bytesRead, close };
  } catch (e) {
    await close();
    throw e;
  }
}
