import { parseArgs } from 'node:util';
import { CacheError, openCache, resolveDbPath, type DB } from '../cache/db';
import { ExportError, runExport, formatOfPath, type ExportFormat, type ExportResult } from '../export/index';
import { isIsoDate, todayIso } from '../../shared/domain/fiscal';
import { Filters } from '../../shared/filters';
import { addCommandHelp } from './help';
// Circular with main.ts once main.ts wires this command in: these bindings are used only
// inside functions, never at module top level, so the import order does not matter.
import { UsageError, filtersFromFlags } from './main';

export const EXPORT_HELP = `Usage: ascent export --out FILE [--format xlsx|csv] [--db P] [--as-of D] [--view NAME] [filters] [--json]

Writes an Excel workbook (tabs: Summary, Propensity model, Whitespace revenue, Matrix, Upsell,
End of service, Expiring agreements, Movement; empty tabs are left out) or a CSV target list
(the propensity rows in scope, UTF-8 with BOM) of the current snapshots. The file is written
beside the target under a temporary name and renamed when complete: a failure leaves nothing.
  --out FILE         the file to write (.xlsx or .csv)
  --format F         xlsx or csv (default: from the extension of --out)
  --as-of D          the as-of date for the fiscal year and open agreements (default: today)
  --view NAME        the filters of a saved view; filter flags given too replace the view's
Filters (comma-separated lists; OR within a flag, AND across flags):
  --product K,…      M365, O365, Surface, Azure, D365BC, D365FO, D365CE, PowerApps
  --cluster C,…      Act Now, Evaluate, Nurture, Educate
  --country X,…  --area A,…  --industry I,…  --vertical V,…  --subsegment S,…
  --search TEXT      account name, customer ID or domain contains TEXT
  Expiring agreements follow only country, area, industry, vertical, subsegment and search.
  --db PATH          the workspace cache (default: $ASCENT_DB, else the user-data folder)
  --json             print exactly one JSON document on stdout
  --debug            show stack traces of unexpected errors
Exit code: 0 when written, 1 when it failed (one line on stderr), 2 on a usage error.
`;

addCommandHelp('export', EXPORT_HELP);

interface Io {
  out(s: string): void;
  err(s: string): void;
}

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  db: { type: 'string' },
  'as-of': { type: 'string' },
  view: { type: 'string' },
  product: { type: 'string' },
  cluster: { type: 'string' },
  country: { type: 'string' },
  area: { type: 'string' },
  industry: { type: 'string' },
  vertical: { type: 'string' },
  subsegment: { type: 'string' },
  search: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const;

/** A saved view's filters (table `views`, name compared without case); null when there is none. */
export function viewFilters(db: DB, name: string): Filters | null {
  const row = db.prepare('SELECT name, state FROM views WHERE name = ?').get(name) as
    { name: string; state: string } | undefined;
  if (!row) return null;
  let state: unknown;
  try {
    state = JSON.parse(row.state);
  } catch {
    throw new ExportError(`saved view "${row.name}" is damaged (its state is not JSON)`);
  }
  const raw =
    (state && typeof state === 'object' && 'filters' in state
      ? (state as { filters: unknown }).filters
      : {}) ?? {};
  const r = Filters.safeParse(raw);
  if (!r.success) throw new ExportError(`saved view "${row.name}" has filters this version cannot read`);
  return r.data;
}

function describe(r: ExportResult): string {
  const tabs = r.tabs.map((t) => `${t.name} (${t.rows})`).join(', ');
  return r.format === 'csv'
    ? `Wrote ${r.file}: ${r.rows} rows\n`
    : `Wrote ${r.file}: ${r.rows} propensity rows; tabs: ${tabs}\n`;
}

export async function exportCommand(args: string[], io: Io): Promise<number> {
  const debug = args.includes('--debug');
  try {
    let values;
    try {
      ({ values } = parseArgs({ args, options: OPTIONS, allowPositionals: false, strict: true }));
    } catch (e) {
      throw new UsageError((e as Error).message.split('\n')[0]!);
    }
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
    const asOf = values['as-of'] ?? todayIso();
    if (!isIsoDate(asOf)) throw new UsageError(`--as-of must be a date as YYYY-MM-DD, not "${asOf}"`);
    const flagFilters = filtersFromFlags(values);

    const db = openCache(resolveDbPath(values.db));
    let result: ExportResult;
    try {
      let filters = flagFilters;
      if (values.view !== undefined) {
        const view = viewFilters(db, values.view);
        if (!view) throw new ExportError(`no saved view named "${values.view}"`);
        filters = { ...view, ...flagFilters };
      }
      result = await runExport(db, { out: values.out, format, asOf, filters });
    } finally {
      db.close();
    }
    io.out(values.json ? JSON.stringify(result) + '\n' : describe(result));
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`ascent: ${e.message}\n`);
      return 2;
    }
    if (debug && !(e instanceof ExportError) && !(e instanceof CacheError)) io.err(`${(e as Error).stack}\n`);
    else io.err(`ascent: ${((e as Error).message ?? String(e)).split('\n')[0]}\n`);
    return 1;
  }
}
