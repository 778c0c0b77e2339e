import type { RecordSource } from './records';
import type { FileSniff } from './sniff';
import { openDelimited } from './text';
import { openXlsx } from './xlsx';

/**
 * Dispatches on the sniffed kind (zip magic), never on the file extension. `signal` stops a
 * running read within a second: the next batch (or the read under way) rejects with
 * ReadCancelled.
 */
export async function openRecords(
  path: string,
  sniff: FileSniff,
  signal?: AbortSignal,
): Promise<RecordSource> {
  // A CloudAscent workbook has one tab per topic; its data is on "Propensity model".
  const preferSheet = (names: string[]) => names.find((n) => /propensity\s*model/i.test(n));
  return sniff.kind === 'xlsx' ? openXlsx(path, { preferSheet, signal }) : openDelimited(path, sniff, signal);
}
