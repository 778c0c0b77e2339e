import path from 'node:path';
import type { DB } from '../cache/db';
import { ExportError } from './atomic';
import { exportCsv } from './csv-list';
import { exportWorkbook, type ExportOptions, type ExportResult } from './workbook';

export { ExportCancelled, ExportError } from './atomic';
export { exportCsv, CSV_FIELDS, type CsvExportOptions } from './csv-list';
export {
  exportWorkbook,
  describeFilters,
  TAB_NAMES,
  type ExportOptions,
  type ExportProgress,
  type ExportResult,
  type TabName,
} from './workbook';

export type ExportFormat = 'xlsx' | 'csv';

/** The format named by the file's extension: .xlsx or .csv; null otherwise. */
export function formatOfPath(file: string): ExportFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return 'xlsx';
  if (ext === '.csv') return 'csv';
  return null;
}

/** One entry for both doors (CLI and UI): the format from `format`, else from the extension. */
export async function runExport(
  db: DB,
  opts: ExportOptions & { format?: ExportFormat },
): Promise<ExportResult> {
  const format = opts.format ?? formatOfPath(opts.out);
  if (format === 'csv')
    return exportCsv(db, {
      out: opts.out,
      filters: opts.filters,
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
  if (format === 'xlsx') return exportWorkbook(db, opts);
  throw new ExportError(
    opts.format
      ? `unknown format "${String(opts.format)}" (xlsx or csv)`
      : `unknown format for ${opts.out}: name the file .xlsx or .csv, or choose a format`,
  );
}
