import type { Encoding } from './sniff';

export type CellValue = string | number | boolean | Date | null;

export interface RawRecord {
  /**
   * 1-based PHYSICAL line where the record starts (text), or the sheet row number (XLSX).
   * A quoted field spanning several lines advances the next record's line accordingly.
   */
  line: number;
  cells: CellValue[];
  /** Text files: the file ended inside this record, with no line break after it. */
  unterminated?: boolean;
}

export interface RecordSource {
  format: 'csv' | 'tsv' | 'xlsx';
  delimiter: string | null;
  encoding: Encoding | null;
  sheet?: string;
  /**
   * Batches of ~1000 records. Single use. Iterate it to the end, or break out of the
   * for-await (which calls return()), so the underlying file is closed.
   */
  records: AsyncIterable<RawRecord[]>;
  /** Bytes of the file read so far (for progress against FileSniff.size). */
  bytesRead?: () => number;
}
