import { EmptyExportError } from '../export/empty';
import { formatOfPath, type ExportFormat, type ExportResult } from '../export/index';
import { CSV_COLUMNS, CSV_GRAINS, type CsvGrain } from '../export/csv-list';
import { LOCALES, isLocale, type Locale } from '../../shared/i18n/locales';
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

export const EXPORT_HELP = `Usage: ascent export --out FILE [--format xlsx|csv] [--lang en|nl] [--rows customers|products]
       [--columns KEY,…] [--allow-empty] [--db P] [--as-of D] [--view NAME] [filters] [--json]

Writes an Excel workbook or a CSV target list of the current snapshots, in the scope of the
filters (or of a saved view). The file is written beside the target under a temporary name and
renamed when complete: a failure leaves nothing.
Workbook tabs: Summary (the scope in words, rows per tab), Customers (the call list, by priority,
with the reasons), Territories (per sales territory: customers, Act Now and Evaluate customers,
whitespace and open expiring revenue, totals), Propensity model, Whitespace revenue, Matrix,
Upsell, End of service, Expiring agreements, Movement; empty tabs are left out. Every tab is set
up to print landscape, one page wide, its header row on each page.
CSV list (UTF-8 with BOM, RFC 4180, for a CRM): headers as the app labels them, ISO dates,
numbers without thousands separators, money with a point and no currency sign.
  --out FILE         the file to write (.xlsx or .csv)
  --format F         xlsx or csv (default: from the extension of --out)
  --lang L           en or nl: tab names, headers and text of the workbook, CSV headers and
                     readable values (default: en); JSON and messages stay English
  --rows G           CSV grain: customers (one line per customer, default) or products (one
                     per customer and product)
  --columns K,…      CSV columns in this order (CustomerID and Domain are always written);
                     customers: ${CSV_COLUMNS.customers.join(', ')}
                     products: ${CSV_COLUMNS.products.join(', ')}
  --allow-empty      write the file even when no row is in scope (refused otherwise)
  --as-of D          the as-of date for the fiscal year and open agreements (default: today)
  --view NAME        the filters of a saved view; each filter flag given too replaces the
                     view's filter of that flag (as the UI's export does)
${filterFlagsHelp()}
  Expiring agreements follow only country, area, industry, vertical, subsegment and search.
  --db PATH          the workspace cache (default: $ASCENT_DB, else the user-data folder)
  --json             print exactly one JSON document on stdout
  --debug            show stack traces of unexpected errors
A filter value no current row holds is named on stderr with the nearest existing value; when
the scope is then empty, the export is refused with that line (exit 1) unless --allow-empty.
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
  lang: { type: 'string' },
  rows: { type: 'string' },
  columns: { type: 'string' },
  'allow-empty': { type: 'boolean' },
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
    let lang: Locale = 'en';
    if (values.lang !== undefined) {
      if (!isLocale(values.lang))
        throw new UsageError(`--lang must be one of ${LOCALES.join(', ')}, not "${values.lang}"`);
      lang = values.lang;
    }
    let rows: CsvGrain = 'customers';
    if (values.rows !== undefined) {
      if (!(CSV_GRAINS as readonly string[]).includes(values.rows))
        throw new UsageError(`--rows must be customers or products, not "${values.rows}"`);
      rows = values.rows as CsvGrain;
    }
    let columns: string[] | undefined;
    if (values.columns !== undefined) {
      if (format !== 'csv')
        throw new UsageError('--columns applies to a CSV list (--format csv or a .csv file)');
      columns = values.columns
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean);
      const valid: readonly string[] = CSV_COLUMNS[rows];
      const bad = columns.find((k) => !valid.includes(k));
      if (bad !== undefined)
        throw new UsageError(
          `--columns: unknown column "${bad}" for --rows ${rows} (one of ${valid.join(', ')})`,
        );
      if (!columns.length) throw new UsageError('--columns needs at least one column key');
    }

    const out = values.out;
    // The scope and the writing are the service's, as for the UI's export; the file goes to --out.
    const { result, warnings } = await withService(values.db, (service) =>
      service.exportNow({
        out,
        format,
        asOf,
        filters: flagFilters,
        view: values.view,
        rows,
        columns,
        lang,
        allowEmpty: values['allow-empty'] === true,
      }),
    ).catch((e: unknown) => {
      // The same refusal, with this door's way to write it anyway.
      throw e instanceof EmptyExportError
        ? new EmptyExportError(e.warnings, '--allow-empty writes it anyway')
        : e;
    });
    if (result.rows === 0) warnings.push('no rows match these filters');
    // Warnings go to stderr, so stdout stays the one document --json promises.
    for (const w of warnings) io.err(`warning: ${w}\n`);
    io.out(values.json ? JSON.stringify({ ...result, warnings }) + '\n' : describe(result));
    return 0;
  });
}
