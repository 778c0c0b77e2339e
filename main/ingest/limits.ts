/**
 * Budgets of the readers, decided before the work so that a hostile or broken download is
 * refused in seconds with bounded memory and disk (README "Importing downloads" › Limits).
 * Each refusal is one IngestError line naming the limit; the caller prefixes the file name. The
 * refusals' words (English and Dutch) are in shared/i18n/problems.ts.
 */
import type { Problem } from '../../shared/i18n/problems';

const MB = 1 << 20;

/** One record of a text file (a line, or a quoted field spanning lines), in characters. */
export const MAX_RECORD_CHARS = 1 * MB;
/**
 * The sniff pass's bytes between two line breaks: a record of MAX_RECORD_CHARS characters holds
 * at most 4 bytes each, so a longer physical line is refused before the parse starts.
 */
export const MAX_LINE_BYTES = 4 * MAX_RECORD_CHARS;

/** XML inflated from one workbook's entries that the reader reads (sheets, strings, styles…). */
export const MAX_XLSX_INFLATED = 1024 * MB;
/** Inflated bytes per compressed byte of one zip entry, once it is past XLSX_RATIO_GRACE. */
export const MAX_XLSX_RATIO = 200;
/** Inflated bytes of an entry below which its ratio is not checked (small repetitive parts). */
export const XLSX_RATIO_GRACE = 16 * MB;
/** Inflated size of xl/sharedStrings.xml: exceljs holds every shared string in memory. */
export const MAX_SHARED_STRINGS_BYTES = 256 * MB;
/** Shared strings (`<si>`) per workbook. */
export const MAX_SHARED_STRINGS = 4_000_000;
/** Cells (`<c>`) in all the worksheets of a workbook. */
export const MAX_CELLS = 60_000_000;
/** Cells in one row: Excel's own column count (A…XFD). exceljs holds a row whole. */
export const MAX_ROW_CELLS = 16_384;
/** Text between two tags of any part (Excel's longest cell text is 32,767 characters). */
export const MAX_XML_RUN = 1 * MB;
/** Entries in the zip directory. */
export const MAX_ZIP_ENTRIES = 10_000;

/** The refusal of a record over MAX_RECORD_CHARS, by the line it starts on. */
export function recordTooLong(line: number): Problem {
  return { kind: 'recordTooLong', line, limitBytes: MAX_RECORD_CHARS };
}
