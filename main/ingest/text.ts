import { checkSignal, IngestError, toIngestError } from './errors';
import { openRegular, readChunks } from './files';
import { MAX_RECORD_CHARS, recordTooLong } from './limits';
import type { RawRecord, RecordSource } from './records';
import type { Encoding, FileSniff } from './sniff';

export type { CellValue, RawRecord, RecordSource } from './records';

const BATCH = 1000;
const SNIFF_BYTES = 64 * 1024;
const SNIFF_LINES = 50;
const READ_CHUNK = 1 << 20;
export const DELIMITER_CANDIDATES = ['\t', ',', ';', '|'] as const;

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

/**
 * Streams a delimited text file as batches of records. The file is opened when iteration
 * starts (and closed when it ends or the consumer breaks out), so an unconsumed source
 * holds no file handle.
 *
 * Fully blank lines are yielded as records with cells [''] so the caller sees them (e.g. as
 * the end of a data block); line numbers are physical either way. A record longer than
 * MAX_RECORD_CHARS is refused with its line; `signal` stops the read within one chunk.
 */
export async function openDelimited(
  path: string,
  sniff: FileSniff,
  signal?: AbortSignal,
): Promise<RecordSource> {
  if (sniff.kind !== 'text' || !sniff.encoding) throw new Error('openDelimited needs a text sniff');
  const encoding = sniff.encoding;
  checkSignal(signal);
  const sample = await readSample(path, encoding);
  const delimiter = sniffDelimiter(sample.text, sample.complete);
  const progress = { bytes: 0 };
  return {
    format: delimiter === '\t' ? 'tsv' : 'csv',
    delimiter,
    encoding,
    records: { [Symbol.asyncIterator]: () => readRecords(path, encoding, delimiter, progress, signal) },
    bytesRead: () => progress.bytes,
  };
}

async function readSample(path: string, encoding: Encoding): Promise<{ text: string; complete: boolean }> {
  const handle = await openRegular(path);
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    // Non-fatal: a multi-byte character cut at the sample's end only hurts the last,
    // incomplete line, which the sniffer drops anyway.
    const text = new TextDecoder(encoding).decode(buf.subarray(0, bytesRead));
    return { text, complete: bytesRead < SNIFF_BYTES };
  } catch (err) {
    throw toIngestError(err);
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * Picks the candidate whose per-line field count is most consistent, weighted by that
 * count: score = (lines with the modal count) × modal count. Title rows with no
 * delimiter and stray commas in text fields lose against a 40-column header and body.
 * Falls back to tab for single-column files (a tab is the least likely to be data).
 */
export function sniffDelimiter(sample: string, complete: boolean): string {
  let best: string = '\t';
  let bestScore = 0;
  for (const d of DELIMITER_CANDIDATES) {
    const parser = new DelimitedParser(d);
    const recs: RawRecord[] = [];
    parser.push(sample, complete, recs);
    const freq = new Map<number, number>();
    for (const r of recs.slice(0, SNIFF_LINES)) {
      const c = r.cells.length - 1;
      if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    }
    let score = 0;
    for (const [count, f] of freq) score = Math.max(score, count * f);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

async function* readRecords(
  path: string,
  encoding: Encoding,
  delimiter: string,
  progress: { bytes: number },
  signal: AbortSignal | undefined,
): AsyncGenerator<RawRecord[]> {
  const handle = await openRegular(path);
  // ignoreBOM false (the default) strips a leading BOM of the chosen encoding.
  const decoder = new TextDecoder(encoding);
  const parser = new DelimitedParser(delimiter);
  let out: RawRecord[] = [];
  try {
    for await (const chunk of readChunks(handle, { chunk: READ_CHUNK, signal })) {
      progress.bytes += chunk.length;
      parser.push(decoder.decode(chunk, { stream: true }), false, out);
      let i = 0;
      for (; out.length - i >= BATCH; i += BATCH) {
        yield out.slice(i, i + BATCH);
        checkSignal(signal);
      }
      out = i === 0 ? out : out.slice(i);
    }
    parser.push(decoder.decode(), true, out);
    for (let i = 0; i < out.length; i += BATCH) {
      yield out.slice(i, i + BATCH);
      checkSignal(signal);
    }
  } catch (err) {
    throw toIngestError(err);
  } finally {
    await handle.close().catch(() => {});
  }
}

/**
 * Incremental RFC 4180 parser over decoded text. Scans with indexOf and slice; a line with
 * no quote character at all is split with String#split (the common case). Quotes only
 * open a quoted field at the start of a field; elsewhere they are literal. Characters after
 * a closing quote (`"ab"c`) are kept literally too.
 */
export class DelimitedParser {
  private rest = '';
  private line = 1;
  private readonly d: string;
  private readonly dc: number;

  constructor(delimiter: string) {
    if (delimiter.length !== 1) throw new Error('delimiter must be one character');
    this.d = delimiter;
    this.dc = delimiter.charCodeAt(0);
  }

  /** Appends text and pushes every complete record to out; final = no more input follows. */
  push(text: string, final: boolean, out: RawRecord[]): void {
    const buf = this.rest.length > 0 ? this.rest + text : text;
    const n = buf.length;
    const d = this.d;
    const dc = this.dc;
    let pos = 0;
    let line = this.line;
    // Cached next positions (n = none): recomputing indexOf('\r') per line on an LF file
    // would rescan to the end of the buffer every time.
    let nextLF = -1;
    let nextCR = -1;
    let nextQ = -1;

    outer: while (pos < n) {
      if (nextLF < pos) nextLF = indexOr(buf, '\n', pos, n);
      if (nextCR < pos) nextCR = indexOr(buf, '\r', pos, n);
      if (nextQ < pos) nextQ = indexOr(buf, '"', pos, n);
      let eol = nextLF < nextCR ? nextLF : nextCR;

      if (nextQ >= eol) {
        // Fast path: no quote on this line.
        if (eol === n && !final) break;
        if (eol === n - 1 && nextCR === eol && !final) break; // CR may be half of a CRLF
        if (eol - pos > MAX_RECORD_CHARS) throw new IngestError(recordTooLong(line));
        const rec: RawRecord = { line, cells: eol === pos ? [''] : buf.slice(pos, eol).split(d) };
        if (eol === n) rec.unterminated = true; // the input ended inside this record
        out.push(rec);
        line++;
        pos = eol === n ? n : eol === nextCR && buf.charCodeAt(eol + 1) === LF ? eol + 2 : eol + 1;
        continue;
      }

      // Slow path: field by field.
      const cells: string[] = [];
      let p = pos;
      let lines = 0;
      for (;;) {
        if (p < n && buf.charCodeAt(p) === QUOTE) {
          let value = '';
          let q = p + 1;
          for (;;) {
            const j = buf.indexOf('"', q);
            if (j < 0) {
              if (!final) break outer;
              // Unterminated quote at EOF: keep the rest as the field's text.
              value += buf.slice(q);
              p = n;
              break;
            }
            if (j + 1 >= n && !final) break outer; // cannot tell "" from a closing quote yet
            if (buf.charCodeAt(j + 1) === QUOTE) {
              value += buf.slice(q, j + 1);
              q = j + 2;
              continue;
            }
            value += buf.slice(q, j);
            p = j + 1;
            break;
          }
          if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) lines += countLineBreaks(value);
          // Text between the closing quote and the next delimiter/line end is kept as is.
          if (p < n) {
            if (nextLF < p) nextLF = indexOr(buf, '\n', p, n);
            if (nextCR < p) nextCR = indexOr(buf, '\r', p, n);
            eol = nextLF < nextCR ? nextLF : nextCR;
            const c = buf.charCodeAt(p);
            if (c !== dc && p !== eol) {
              let k = buf.indexOf(d, p);
              if (k < 0 || k > eol) k = eol;
              value += buf.slice(p, k);
              p = k;
            }
          }
          cells.push(value);
        } else {
          if (nextLF < p) nextLF = indexOr(buf, '\n', p, n);
          if (nextCR < p) nextCR = indexOr(buf, '\r', p, n);
          eol = nextLF < nextCR ? nextLF : nextCR;
          let k = buf.indexOf(d, p);
          if (k < 0 || k > eol) k = eol;
          cells.push(buf.slice(p, k));
          p = k;
        }
        if (p >= n) {
          if (!final) break outer;
          if (n - pos > MAX_RECORD_CHARS) throw new IngestError(recordTooLong(line));
          out.push({ line, cells, unterminated: true });
          line += lines + 1;
          pos = n;
          continue outer;
        }
        const c = buf.charCodeAt(p);
        if (c === dc) {
          p++;
          continue;
        }
        // c is CR or LF: end of record.
        let end = p + 1;
        if (c === CR) {
          if (p + 1 >= n && !final) break outer;
          if (buf.charCodeAt(p + 1) === LF) end = p + 2;
        }
        if (p - pos > MAX_RECORD_CHARS) throw new IngestError(recordTooLong(line));
        out.push({ line, cells });
        line += lines + 1;
        pos = end;
        continue outer;
      }
    }
    this.rest = pos >= n ? '' : buf.slice(pos);
    this.line = line;
    // An unfinished record is held until its end comes: past the limit it is refused here, so
    // a file with no line break costs one chunk of memory, not the whole file.
    if (this.rest.length > MAX_RECORD_CHARS) throw new IngestError(recordTooLong(line));
    if (final && this.rest.length > 0) throw new IngestError('internal: parser left input unconsumed');
  }
}

function indexOr(buf: string, ch: string, from: number, n: number): number {
  const i = buf.indexOf(ch, from);
  return i < 0 ? n : i;
}

/** CRLF counts once, lone CR and LF count once each. */
function countLineBreaks(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR) {
      count++;
      if (s.charCodeAt(i + 1) === LF) i++;
    }
  }
  return count;
}
