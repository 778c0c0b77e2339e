/**
 * The reading half of an import, free of SQLite: open the file's records, find the header row,
 * read ahead to decide the hints, and map each record (./map-record). It runs in the importing
 * thread or on a worker thread (./parse-worker.ts, ./parse-thread.ts) alike.
 */
import type { MatrixSettings } from '../../shared/domain/matrix';
import type { ReportKind } from '../../shared/domain/products';
import type { EstimateTable } from '../../shared/domain/whitespace';
import { IngestError } from './errors';
import { knownHeaderCount, mapColumns, reportKind } from './headers';
import { decideHints, mapContext, mapRecord, type MappedRecord } from './map-record';
import { openRecords } from './open';
import type { RawRecord } from './records';
import type { FileSniff } from './sniff';

/** Data rows read before deciding per-column date order and decimal separator. */
const LOOKAHEAD_ROWS = 2000;
/** Rows searched for the header row (title rows and notes sit above it). */
const HEADER_SEARCH_ROWS = 100;
/** Records per mapped batch. */
const BATCH = 1000;

/** What the store needs to know of a file before its first row. */
export interface SourceHeader {
  report: ReportKind;
  /** The file's flag columns, in the order FlagValue.flag counts them. */
  flags: { name: string; kind: string }[];
  /** The file's CustomerID header, which a duplicate's issue names. */
  idColumn: string | null;
  format: string;
  encoding: string | null;
  delimiter: string | null;
  sheet: string | null;
  /** Propensity rows the file will give, estimated from the rows read ahead (0: none). */
  estimatedRows: number;
}

export interface MappedSource {
  header: SourceHeader;
  /** Batches of mapped records, in file order. Single use. */
  batches: AsyncIterator<MappedRecord[]>;
  bytesRead: () => number;
  /** Closes the file (and stops a worker); safe to call twice. */
  close: () => Promise<void>;
}

/** Opens a file's mapped records: throws IngestError for a file that is no CloudAscent report. */
export async function openMapped(
  file: string,
  sniff: FileSniff,
  settings: { matrix: MatrixSettings; estimates: EstimateTable },
  signal?: AbortSignal,
): Promise<MappedSource> {
  const source = await openRecords(file, sniff, signal);
  const iterator = source.records[Symbol.asyncIterator]();
  const close = async () => {
    await iterator.return?.();
  };
  try {
    // Find the header row: the first row naming CustomerID among other known columns.
    const pending: RawRecord[] = [];
    let header: RawRecord | null = null;
    let scanned = 0;
    while (!header) {
      const next = await iterator.next();
      if (next.done) break;
      for (let i = 0; i < next.value.length; i++) {
        const rec = next.value[i]!;
        if (header) {
          pending.push(rec);
          continue;
        }
        if (++scanned > HEADER_SEARCH_ROWS) break;
        const k = knownHeaderCount(rec.cells);
        if (k.hasCustomerId && k.known >= 3) header = rec;
      }
      if (scanned > HEADER_SEARCH_ROWS) break;
    }
    if (!header) {
      if (scanned === 0) throw new IngestError({ kind: 'fileEmpty' });
      throw new IngestError({ kind: 'notAReport' });
    }
    const map = mapColumns(header.cells);
    const report = reportKind(map);
    if (!report) throw new IngestError({ kind: 'noReportColumns' });

    // Look ahead to decide each column's date order and decimal separator from its data.
    let exhausted = false;
    while (pending.length < LOOKAHEAD_ROWS && !exhausted) {
      const next = await iterator.next();
      if (next.done) exhausted = true;
      else pending.push(...next.value);
    }
    const hints = decideHints(map, pending, source.delimiter === ';');
    const ctx = mapContext(map, report, hints, settings, sniff.invalidUtf8Sequences > 0);
    const estimatedRows = ctx.products.length ? estimateRows(pending, sniff.size) * ctx.products.length : 0;

    async function* batches(): AsyncGenerator<MappedRecord[]> {
      for (let i = 0; i < pending.length; i += BATCH)
        yield pending.slice(i, i + BATCH).map((rec) => mapRecord(rec, ctx));
      pending.length = 0;
      if (exhausted) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value.map((rec) => mapRecord(rec, ctx));
      }
    }
    return {
      header: {
        report,
        flags: map.flags,
        idColumn: map.headers[map.customer.customerId!] ?? null,
        format: source.format,
        encoding: source.encoding,
        delimiter: source.delimiter,
        sheet: source.sheet ?? null,
        estimatedRows,
      },
      batches: batches(),
      bytesRead: () => source.bytesRead?.() ?? 0,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Rows in a file, estimated from the text of the rows read ahead. */
function estimateRows(sample: RawRecord[], fileBytes: number): number {
  let chars = 0;
  for (const rec of sample) for (const c of rec.cells) chars += typeof c === 'string' ? c.length + 1 : 8;
  return sample.length && chars ? Math.round((fileBytes / chars) * sample.length) : 0;
}
