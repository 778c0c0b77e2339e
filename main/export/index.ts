import path from 'node:path';
import { CacheError, cacheErrorOf, type DB } from '../cache/db';
import { checkTarget, ExportError } from './atomic';
import { exportCsv, type CsvGrain } from './csv-list';
import { exportWorkbook, type ExportOptions, type ExportResult } from './workbook';

export { ExportCancelled, ExportError, checkTarget } from './atomic';
export {
  exportCsv,
  csvColumns,
  CSV_ALWAYS,
  CSV_COLUMNS,
  CSV_FIELDS,
  CSV_GRAINS,
  type CsvExportOptions,
  type CsvGrain,
} from './csv-list';
export { customerCount } from './call-list';
export { EmptyExportError } from './empty';
export { exportFileName, safeStem } from './file-name';
export {
  exportWorkbook,
  describeFilters,
  describeScope,
  propensityCount,
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

/**
 * One entry for both doors (CLI and UI): the format from `format`, else from the extension.
 * The target must not be the workspace `db` reads (nor `protect`, nor any workspace this
 * process holds); a failure to read the workspace names the workspace, not the target.
 */
export async function runExport(
  db: DB,
  opts: ExportOptions & {
    format?: ExportFormat;
    protect?: readonly string[];
    /** The CSV list's grain and columns (see CsvExportOptions). */
    rows?: CsvGrain;
    columns?: readonly string[];
  },
): Promise<ExportResult> {
  const format = opts.format ?? formatOfPath(opts.out);
  const protect = [...(db.memory ? [] : [db.name]), ...(opts.protect ?? [])];
  try {
    if (format === 'csv')
      return await exportCsv(db, {
        out: opts.out,
        filters: opts.filters,
        rows: opts.rows,
        columns: opts.columns,
        lang: opts.lang,
        asOf: opts.asOf,
        signal: opts.signal,
        onProgress: opts.onProgress,
        protect,
      });
    if (format === 'xlsx') {
      checkTarget(opts.out, { protect });
      return await exportWorkbook(db, opts);
    }
  } catch (e) {
    const mapped = cacheErrorOf(e, db.name);
    if (mapped instanceof CacheError || mapped instanceof ExportError) throw mapped;
    if ((mapped as { code?: unknown } | null)?.code?.toString().startsWith('SQLITE_'))
      throw new ExportError(`cannot read workspace ${db.name}: ${(e as Error).message.split('\n')[0]}`);
    throw mapped;
  }
  throw new ExportError(
    opts.format
      ? `unknown format "${String(opts.format)}" (xlsx or csv)`
      : `unknown format for ${opts.out}: name the file .xlsx or .csv, or choose a format`,
  );
}
