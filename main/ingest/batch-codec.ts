/**
 * Mapped records (./map-record) as a few flat buffers, so that a worker thread can hand a batch
 * to the importing thread as transferable ArrayBuffers: no structured clone of 100k small
 * objects per batch, which would cost the receiving thread about what mapping them did. The
 * rows' fields are written in the order of cache/columns.ts, so a column added there travels
 * without a change here. Text goes as one UTF-16 string per batch (code units as they are, so
 * even a lone surrogate arrives unchanged), cut back into the values on arrival.
 */
import { AGREEMENT_COLUMNS, CUSTOMER_COLUMNS, PROPENSITY_COLUMNS } from '../cache/columns';
import type { ImportIssue, MappedRecord, RecordRows } from './map-record';

const CUSTOMER_KEYS = CUSTOMER_COLUMNS.map((c) => c.key);
const PROPENSITY_KEYS = PROPENSITY_COLUMNS.map((c) => c.key);
const AGREEMENT_KEYS = AGREEMENT_COLUMNS.map((c) => c.key);
const KINDS = ['row', 'blank', 'ignored', 'rejected'] as const;

const NULL = 0;
const TEXT = 1;
const NUMBER = 2;
const TRUE = 3;
const FALSE = 4;
const UNDEFINED = 5;

/** A batch as transferable buffers. */
export interface EncodedBatch {
  records: number;
  /** Structure: kinds, counts, line numbers, flag indexes. */
  ints: Int32Array;
  /** Per value: its type. */
  tags: Uint8Array;
  nums: Float64Array;
  /** Per text value: its length in UTF-16 code units. */
  textLengths: Uint32Array;
  /** Every text value, one after the other, as UTF-16LE. */
  text: Uint8Array;
}

/** The buffers to list as transferables when posting a batch. */
export function transferables(b: EncodedBatch): ArrayBuffer[] {
  return [b.ints, b.tags, b.nums, b.textLengths, b.text].map((a) => a.buffer as ArrayBuffer);
}

class Growable<T extends Int32Array | Uint8Array | Float64Array | Uint32Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  /** The filled part, in a buffer of its own (transferable). */
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/** Encodes a batch of mapped records. */
export function encodeBatch(batch: readonly MappedRecord[]): EncodedBatch {
  const ints = new Growable(new Int32Array(batch.length * 8), (n) => new Int32Array(n));
  const tags = new Growable(new Uint8Array(batch.length * 128), (n) => new Uint8Array(n));
  const nums = new Growable(new Float64Array(batch.length * 32), (n) => new Float64Array(n));
  const lengths = new Growable(new Uint32Array(batch.length * 64), (n) => new Uint32Array(n));
  const texts: string[] = [];
  const value = (v: unknown) => {
    if (v === null) tags.push(NULL);
    else if (typeof v === 'string') {
      tags.push(TEXT);
      lengths.push(v.length);
      texts.push(v);
    } else if (typeof v === 'number') {
      tags.push(NUMBER);
      nums.push(v);
    } else if (v === true) tags.push(TRUE);
    else if (v === false) tags.push(FALSE);
    else if (v === undefined) tags.push(UNDEFINED);
    else throw new Error(`internal: cannot pass a ${typeof v} value to the importing thread`);
  };
  const fields = (row: object, keys: readonly string[]) => {
    for (const k of keys) value((row as Record<string, unknown>)[k]);
  };
  const issues = (list: readonly ImportIssue[]) => {
    ints.push(list.length);
    for (const i of list) {
      ints.push(i.line);
      value(i.column);
      value(i.value);
      value(i.message);
    }
  };
  for (const m of batch) {
    ints.push(KINDS.indexOf(m.kind));
    issues(m.issues);
    const r = m.rows;
    ints.push(r ? 1 : 0);
    if (!r) continue;
    fields(r.customer, CUSTOMER_KEYS);
    ints.push(r.flags.length);
    for (const f of r.flags) {
      ints.push(f.flag);
      value(f.value);
    }
    ints.push(r.propensity.length);
    for (const p of r.propensity) fields(p, PROPENSITY_KEYS);
    ints.push(r.agreement ? 1 : 0);
    if (r.agreement) fields(r.agreement, AGREEMENT_KEYS);
    issues(r.productIssues);
  }
  const joined = texts.join('');
  // Not Buffer.from(string): a small one lives in the shared pool, which must not be transferred.
  const text = Buffer.allocUnsafeSlow(joined.length * 2);
  text.write(joined, 'utf16le');
  return {
    records: batch.length,
    ints: ints.done(),
    tags: tags.done(),
    nums: nums.done(),
    textLengths: lengths.done(),
    text: new Uint8Array(text.buffer, text.byteOffset, text.length),
  };
}

/** Decodes what encodeBatch wrote: records equal to the ones encoded. */
export function decodeBatch(b: EncodedBatch): MappedRecord[] {
  const { ints, tags, nums, textLengths } = b;
  const text = Buffer.from(b.text.buffer, b.text.byteOffset, b.text.byteLength).toString('utf16le');
  let ip = 0;
  let tp = 0;
  let np = 0;
  let lp = 0;
  let cp = 0;
  const value = (): unknown => {
    switch (tags[tp++]) {
      case NULL:
        return null;
      case TEXT: {
        const end = cp + textLengths[lp++]!;
        const s = text.slice(cp, end);
        cp = end;
        return s;
      }
      case NUMBER:
        return nums[np++];
      case TRUE:
        return true;
      case FALSE:
        return false;
      case UNDEFINED:
        return undefined;
      default:
        throw new Error('internal: a damaged batch from the reading thread');
    }
  };
  const fields = (keys: readonly string[]) => {
    const row: Record<string, unknown> = {};
    for (const k of keys) row[k] = value();
    return row;
  };
  const issues = () => {
    const n = ints[ip++]!;
    const list: ImportIssue[] = [];
    for (let i = 0; i < n; i++) {
      const line = ints[ip++]!;
      list.push({
        line,
        column: value() as string | null,
        value: value() as string | null,
        message: value() as string,
      });
    }
    return list;
  };
  const out: MappedRecord[] = [];
  for (let k = 0; k < b.records; k++) {
    const kind = KINDS[ints[ip++]!]!;
    const recordIssues = issues();
    if (ints[ip++] === 0) {
      out.push({ kind, rows: null, issues: recordIssues });
      continue;
    }
    const customer = fields(CUSTOMER_KEYS) as unknown as RecordRows['customer'];
    const flags: RecordRows['flags'] = [];
    for (let n = ints[ip++]!; n > 0; n--) {
      const flag = ints[ip++]!;
      flags.push({ flag, value: value() as string | null });
    }
    const propensity: RecordRows['propensity'] = [];
    for (let n = ints[ip++]!; n > 0; n--)
      propensity.push(fields(PROPENSITY_KEYS) as unknown as RecordRows['propensity'][number]);
    const agreement =
      ints[ip++] === 1 ? (fields(AGREEMENT_KEYS) as unknown as RecordRows['agreement']) : null;
    const productIssues = issues();
    out.push({ kind, rows: { customer, flags, propensity, agreement, productIssues }, issues: recordIssues });
  }
  return out;
}
