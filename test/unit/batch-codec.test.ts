// The hand-over of mapped records from the reading thread (main/ingest/batch-codec.ts).
import { describe, expect, it } from 'vitest';
import { CUSTOMER_COLUMNS, PROPENSITY_COLUMNS, AGREEMENT_COLUMNS } from '../../main/cache/columns';
import { decodeBatch, encodeBatch, transferables } from '../../main/ingest/batch-codec';
import type { MappedRecord } from '../../main/ingest/map-record';

/** A row of every column with a value of each kind in turn. */
function row(keys: readonly string[], seed: number): Record<string, unknown> {
  const values = [null, 'text', 0, -0.5, 1e21, 'Zoë \uD83D\uDE80', '\uD800 lone', '', 1, 0, 'a\u0000b', 42];
  return Object.fromEntries(keys.map((k, i) => [k, values[(i + seed) % values.length]]));
}

const keys = (cols: readonly { key: string }[]) => cols.map((c) => c.key);

describe('batch codec', () => {
  it('gives back the records it was given: kinds, issues, rows, flags, agreements and awkward text', () => {
    const batch: MappedRecord[] = [
      { kind: 'blank', rows: null, issues: [] },
      {
        kind: 'ignored',
        rows: null,
        issues: [{ line: 7, column: null, value: 'Total', message: 'not a customer row' }],
      },
      {
        kind: 'row',
        issues: [{ line: 9, column: 'M365Fit', value: '\uDC00', message: 'not a score' }],
        rows: {
          customer: row(keys(CUSTOMER_COLUMNS), 1) as never,
          flags: [
            { flag: 0, value: null },
            { flag: 3, value: 'Yes' },
          ],
          propensity: [row(keys(PROPENSITY_COLUMNS), 2) as never, row(keys(PROPENSITY_COLUMNS), 5) as never],
          agreement: null,
          productIssues: [{ line: 9, column: 'SurfaceIntent', value: '140', message: 'outside 0–100' }],
        },
      },
      {
        kind: 'row',
        issues: [],
        rows: {
          customer: row(keys(CUSTOMER_COLUMNS), 3) as never,
          flags: [],
          propensity: [],
          agreement: row(keys(AGREEMENT_COLUMNS), 4) as never,
          productIssues: [],
        },
      },
      {
        kind: 'rejected',
        rows: null,
        issues: [{ line: 2 ** 31 - 1, column: 'CustomerID', value: null, message: 'x' }],
      },
    ];
    const encoded = encodeBatch(batch);
    expect(decodeBatch(encoded)).toEqual(batch);
    // Every buffer is its own, so that posting it transfers it without detaching another's.
    const buffers = transferables(encoded);
    expect(new Set(buffers).size).toBe(buffers.length);
    for (const b of buffers) expect(b.byteLength).toBeLessThan(64 * 1024);
  });

  it('carries a batch of a thousand wide records', () => {
    const batch: MappedRecord[] = Array.from({ length: 1000 }, (_, i) => ({
      kind: 'row',
      issues: [],
      rows: {
        customer: row(keys(CUSTOMER_COLUMNS), i) as never,
        flags: [{ flag: i % 4, value: null }],
        propensity: [0, 1, 2].map((p) => row(keys(PROPENSITY_COLUMNS), i + p) as never),
        agreement: null,
        productIssues: [],
      },
    }));
    expect(decodeBatch(encodeBatch(batch))).toEqual(batch);
  });

  it('refuses a value it cannot carry instead of changing it', () => {
    const bad: MappedRecord = {
      kind: 'row',
      issues: [],
      rows: {
        customer: { ...row(keys(CUSTOMER_COLUMNS), 0), customerId: new Date(0) } as never,
        flags: [],
        propensity: [],
        agreement: null,
        productIssues: [],
      },
    };
    expect(() => encodeBatch([bad])).toThrow(/cannot pass a object/);
  });
});
