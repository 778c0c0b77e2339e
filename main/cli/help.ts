import { filterFlagsHelp } from './args';

/** The filter flags, from the filter registry (shared/filters/) as the flags themselves are. */
const FILTERS = filterFlagsHelp();

const COMMON = `  --db PATH          the workspace cache (default: $ASCENT_DB, else the user-data folder)
  --json             print exactly one JSON document on stdout
  --debug            show stack traces of unexpected errors`;

const COMMANDS: Record<string, string> = {
  import: `Usage: ascent import FILE… [--db P] [--snapshot YYYY-MM-DD] [--allow-shrink] [--json]

Imports CloudAscent downloads (TSV, CSV, XLSX; UTF-8, UTF-16, windows-1252) into the cache.
Each file is one snapshot, imported in one transaction: all of it or nothing. A file already
imported (same SHA-256) is skipped. The report kind is recognised from the headers.
  --snapshot D       the snapshot date (default: a date in the file name, else its modification date)
  --allow-shrink     import a file even when, as its report's new current snapshot, it holds
                     under half the customers of the one it replaces (held back otherwise)
${COMMON}
Exit code: 0 when no file failed, 1 otherwise, 2 on a usage error.
`,
  summary: `Usage: ascent summary [--db P] [--as-of YYYY-MM-DD] [--json]

SMC customers, expiring agreements and open expiring revenue for the fiscal year of the as-of
date, clusters per product and customers that moved into Act Now, over the current snapshots.
  --as-of D          the as-of date (default: today)
${COMMON}
`,
  rows: `Usage: ascent rows [filters] [--sort FIELD[:asc|desc],…] [--limit N] [--offset N] [--json|--csv]

Propensity rows (one per customer and product) of the current snapshots.
${FILTERS}
  --sort F[:dir]     any row key: customerId, accountName, country, area, industry, vertical,
                     orgSize, subSegment, product, fit, intent, fitBand, intentBand, cell, cluster,
                     computedCluster, whitespace, upsell, whitespaceRevenue, snapshot
  --limit N          rows to print (default 100; at most 10000 unless --csv)
  --offset N         rows to skip
  --csv              every row in scope as CSV (UTF-8 with BOM), the row keys as headers
                     (ascent export --rows products writes a labelled target list)
${COMMON}
`,
  snapshots: `Usage: ascent snapshots [--db P] [--json]

Lists the imports (snapshots) in the cache with their counts; "current" marks the latest of
each report kind.
${COMMON}
`,
  forget: `Usage: ascent forget IMPORT_ID [--db P]

Removes one snapshot (an import, with all its rows) from the cache.
${COMMON}
`,
};

export const HELP = `Ascent Workbench — CloudAscent propensity downloads in a local workbook.

Usage: ascent COMMAND [options]

Commands:
  import FILE…       import downloads into the cache
  summary            the overview figures
  customers          the call list: one row per customer, priority and reasons
  customer ID        one customer's whole story
  rows               filtered, sorted propensity rows
  snapshots          list imports
  forget ID          remove one import
  export             write an Excel workbook or a CSV target list
  serve              the workbook UI in your browser (browser mode)

ascent COMMAND --help shows a command's options.
`;

export function commandHelp(command: string): string {
  return COMMANDS[command] ?? HELP;
}

export function addCommandHelp(command: string, text: string): void {
  COMMANDS[command] = text;
}
