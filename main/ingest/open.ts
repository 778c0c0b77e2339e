import type { RecordSource } from './records';
import type { FileSniff } from './sniff';
import { openDelimited } from './text';
import { openXlsx } from './xlsx';

/** Dispatches on the sniffed kind (zip magic), never on the file extension. */
export async function openRecords(path: string, sniff: FileSniff): Promise<RecordSource> {
  return sniff.kind === 'xlsx' ? openXlsx(path) : openDelimited(path, sniff);
}
