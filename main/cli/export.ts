import { formatOfPath, type ExportFormat, type ExportResult } from '../export/index';
import { todayIso } from '../../shared/domain/fiscal';
import { addCommandHelp } from './help';
import { withService } from '../service/one-shot';
import {
  DB_OPTS,
  FILTER_OPTS,
  UsageError,
  filterFlagsHelp,
  filtersFromFlags,
  isoOption,
  parse,
  runCommand,
  type Io,
} from './args';

export const EXPORT_HELP = `Usage: ascent export --out FILE [--format xlsx|csv] [--db P] [--as-of D] [--view NAME] [filters] [--json]

Writes an Excel workbook (tabs: Summary, Propensity model, Whitespace revenue, Matrix, Upsell,
End of service, Expiring agreements, Movement; empty tabs are left out) or a CSV target list
(the propensity rows in scope, UTF-8 with BOM) of the current snapshots. The file is written
beside the target under a temporary name and renamed when complete: a failure leaves nothing.
  --out FILE         the file to write (.xlsx or .csv)
  --format F         xlsx or csv (default: from the extension of --out)
  --as-of D          the as-of date for the fiscal year and open agreements (default: today)
  --view NAME        the filters of a saved view; each filter flag given too replaces the
                     view's filter of that flag (as the UI's export does)
${filterFlagsHelp()}
  Expiring agreements follow only country, area, industry, vertical, subsegment and search.
  --db PATH          the workspace cache (default: $ASCENT_DB, else the user-data folder)
  --json             print exactly one JSON document on stdout
  --debug            show stack traces of unexpected errors
A filter value no current row holds is named on stderr with the nearest existing value, and
so is a scope that matches no rows (the file is still written, with headers only).
Exit code: 0 when written, 1 when it failed (one line on stderr), 2 on a usage error.
`;

addCommandHelp('export', EXPORT_HELP);

const OPTIONS = {
  ...DB_OPTS,
  ...FILTER_OPTS,
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  'as-of': { type: 'string' },
  view: { type: 'string' },
} as const;

function describe(r: ExportResult): string {
  const tabs = r.tabs.map((t) => `${t.name} (${t.rows})`).join(', ');
  return r.format === 'csv'
    ? `Wrote ${r.file}: ${r.rows} rows\n`
    : `Wrote ${r.file}: ${r.rows} propensity rows; tabs: ${tabs}\n`;
}

export async function exportCommand(args: string[], io: Io): Promise<number> {
  return runCommand(args, io, async () => {
    const { values } = parse(args, OPTIONS);
    if (values.help) {
      io.out(EXPORT_HELP);
      return 0;
    }
    if (!values.out) throw new UsageError('export: --out FILE is required');
    let format: ExportFormat;
    if (values.format !== undefined) {
      if (values.format !== 'xlsx' && values.format !== 'csv')
        throw new UsageError(`--format must be xlsx or csv, not "${values.format}"`);
      format = values.format;
    } else {
      const f = formatOfPath(values.out);
      if (!f)
        throw new UsageError(
          `--out: cannot tell the format of "${values.out}": name it .xlsx or .csv, or give --format`,
        );
      format = f;
    }
    const asOf = isoOption('as-of', values['as-of']) ?? todayIso();
    const flagFilters = filtersFromFlags(values);

    const out = values.out;
    // The scope and the writing are the service's, as for the UI's export; the file goes to --out.
    const { result, warnings } = await withService(values.db, (service) =>
      service.exportNow({ out, format, asOf, filters: flagFilters, view: values.view }),
    );
    if (result.rows === 0) warnings.push('no rows match these filters');
    // Warnings go to stderr, so stdout stays the one document --json promises.
    for (const w of warnings) io.err(`warning: ${w}\n`);
    io.out(values.json ? JSON.stringify({ ...result, warnings }) + '\n' : describe(result));
    return 0;
  });
}
