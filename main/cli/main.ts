/**
 * The `ascent` command: a door onto the service like the UI's. Each command opens the workspace
 * as a Service without the in-memory row store (one answer does not pay for its build) and calls
 * the same methods the UI's requests reach; only the printing is the CLI's own.
 */
import path from 'node:path';
import type { ImportFileResult } from '../../shared/api';
import { todayIso } from '../../shared/domain/fiscal';
import type { PropensityRow } from '../../shared/filters';
import { resolveDbPath } from '../cache/db';
import { csvLine } from '../export/csv';
import type { Service } from '../service/service';
import { HELP, commandHelp } from './help';
import {
  DB_OPTS,
  FILTER_OPTS,
  UsageError,
  filtersFromFlags,
  isoOption,
  nonNegativeInt,
  parse,
  parseSort,
  runCommand,
  type Io,
} from './args';

/**
 * Runs `fn` on the workspace's service. Loaded on first use, as are the importer and the CSV
 * columns below: help and usage errors answer without them.
 */
async function withService<T>(dbPath: string | undefined, fn: (s: Service) => Promise<T>): Promise<T> {
  return (await import('../service/one-shot')).withService(dbPath, fn);
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

function describeImport(r: ImportFileResult): string {
  const name = path.basename(r.file);
  if (r.status === 'failed') return `${name}: failed: ${r.error}`;
  if (r.status === 'skipped')
    return `${name}: skipped, already imported (${r.report}, snapshot ${r.snapshot})`;
  const noun = r.report === 'agreements' ? 'agreements' : 'customers';
  return `${name}: imported ${r.report} snapshot ${r.snapshot}: ${r.rows} ${noun}, ${r.rejected} rejected, ${r.issueCount} issue(s)`;
}

const commands: Record<string, (args: string[], io: Io) => Promise<number>> = {
  // Loaded on demand: the server and the UI build are not needed by the other commands.
  serve: async (args, io) => (await import('./serve')).serveCommand(args, io),
  export: async (args, io) => (await import('./export')).exportCommand(args, io),
  customers: async (args, io) => (await import('./customers')).customersCommand(args, io),
  customer: async (args, io) => (await import('./customers')).customerCommand(args, io),
  async import(args, io) {
    const { values, positionals } = parse(
      args,
      { ...DB_OPTS, snapshot: { type: 'string' }, 'allow-shrink': { type: 'boolean' } },
      true,
    );
    if (values.help) return help(io, 'import');
    if (!positionals.length) throw new UsageError('import: name at least one file');
    const snapshot = isoOption('snapshot', values.snapshot);
    const dbPath = resolveDbPath(values.db);
    const { failedImport } = await import('./failures');
    const results = await withService(dbPath, async (service) => {
      const out: ImportFileResult[] = [];
      for (const f of positionals) {
        // A failing workspace fails this file only: the rest are tried (the lock may be gone).
        const r = await service
          .importNow({ path: f }, { snapshot: snapshot ?? null, allowShrink: !!values['allow-shrink'] })
          .catch((e: unknown) => failedImport(f, e, dbPath));
        out.push(r);
        if (!values.json) {
          (r.status === 'failed' ? io.err : io.out)(describeImport(r) + '\n');
          for (const i of r.issues.slice(0, 10))
            io.out(
              `  line ${i.line}${i.column ? `, ${i.column}` : ''}: ${i.message}${i.value !== null ? ` (${JSON.stringify(i.value)})` : ''}\n`,
            );
          if (r.issueCount > 10)
            io.out(`  … and ${r.issueCount - 10} more (ascent snapshots shows them per import)\n`);
        }
      }
      return out;
    });
    if (values.json)
      io.out(
        JSON.stringify({
          files: results.map((r) => ({
            file: r.file,
            report: r.report,
            snapshot: r.snapshot,
            status: r.status,
            rows: r.rows,
            rejected: r.rejected,
            issues: r.issues,
            issueCount: r.issueCount,
            error: r.error,
          })),
        }) + '\n',
      );
    return results.some((r) => r.status === 'failed') ? 1 : 0;
  },

  async summary(args, io) {
    const { values } = parse(args, { ...DB_OPTS, 'as-of': { type: 'string' } });
    if (values.help) return help(io, 'summary');
    const asOf = isoOption('as-of', values['as-of']) ?? todayIso();
    const s = await withService(values.db, (service) => service.summary({ asOf }));
    if (values.json) {
      io.out(JSON.stringify(s) + '\n');
      return 0;
    }
    const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
    io.out(`As of ${s.asOf} (${s.fiscalYear}: ${s.fiscalYearStart} – ${s.fiscalYearEnd})\n`);
    io.out(`SMC customers           ${s.customers}\n`);
    io.out(`Expiring agreements     ${s.expiringAgreements}\n`);
    io.out(`Open expiring revenue   ${money.format(s.openExpiringRevenue)}\n\n`);
    io.out(`Product     Act Now  Evaluate  Nurture  Educate  Moved into Act Now\n`);
    for (const [p, c] of Object.entries(s.clusters))
      io.out(
        `${p.padEnd(10)} ${String(c['Act Now']).padStart(8)} ${String(c.Evaluate).padStart(9)} ${String(c.Nurture).padStart(8)} ${String(c.Educate).padStart(8)}  ${String(s.movedIntoActNow[p] ?? 0).padStart(18)}\n`,
      );
    return 0;
  },

  async rows(args, io) {
    const { values } = parse(args, {
      ...DB_OPTS,
      ...FILTER_OPTS,
      sort: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      csv: { type: 'boolean' },
    });
    if (values.help) return help(io, 'rows');
    if (values.json && values.csv) throw new UsageError('rows: choose --json or --csv, not both');
    const filters = filtersFromFlags(values);
    const sort = parseSort(values.sort);
    const limit = nonNegativeInt('limit', values.limit);
    const offset = nonNegativeInt('offset', values.offset);
    if (limit !== undefined && limit > 10_000 && !values.csv)
      throw new UsageError('--limit is at most 10000 (use --csv or ascent export for more)');
    await withService(values.db, async (service) => {
      for (const w of service.filterWarnings(filters)) io.err(`warning: ${w}\n`);
      if (values.csv) {
        const { CSV_FIELDS } = await import('../export/csv-list');
        // The columns, quoting and formula guard of the CSV export (ascent export --format csv).
        io.out('\ufeff' + csvLine([...CSV_FIELDS]));
        for (const r of service.allRows(filters, sort, { offset, limit }))
          io.out(csvLine(CSV_FIELDS.map((k) => r[k])));
        return;
      }
      const res = await service.rows({ filters, sort, limit: limit ?? 100, offset: offset ?? 0 });
      if (values.json) io.out(JSON.stringify(res) + '\n');
      else io.out(table(res.rows) + `${res.rows.length} of ${res.total} rows\n`);
    });
    return 0;
  },

  async snapshots(args, io) {
    const { values } = parse(args, DB_OPTS);
    if (values.help) return help(io, 'snapshots');
    const imports = await withService(values.db, (service) => service.imports());
    if (values.json) {
      io.out(JSON.stringify({ imports }) + '\n');
      return 0;
    }
    if (!imports.length) io.out('No imports yet: ascent import FILE…\n');
    for (const i of imports)
      io.out(
        `${String(i.id).padStart(4)}  ${i.snapshot}  ${i.report.padEnd(10)} ${String(i.rows).padStart(8)} rows ${String(i.rejected).padStart(5)} rejected ${String(i.issueCount).padStart(5)} issues  ${i.current ? 'current ' : '        '} ${i.file}\n`,
      );
    return 0;
  },

  async forget(args, io) {
    const { values, positionals } = parse(args, DB_OPTS, true);
    if (values.help) return help(io, 'forget');
    if (positionals.length !== 1 || !/^\d+$/.test(positionals[0]!))
      throw new UsageError('forget: name one import ID (see ascent snapshots)');
    const id = Number(positionals[0]);
    const { removed } = await withService(values.db, (service) => service.forgetImport({ importId: id }));
    if (!removed) {
      io.err(`ascent: no import with ID ${id}\n`);
      return 1;
    }
    if (values.json) io.out(JSON.stringify({ removed: id }) + '\n');
    else io.out(`Removed import ${id}\n`);
    return 0;
  },
};

function table(rows: PropensityRow[]): string {
  const cols: (keyof PropensityRow)[] = [
    'customerId',
    'accountName',
    'country',
    'product',
    'fit',
    'intent',
    'cell',
    'cluster',
    'whitespaceRevenue',
  ];
  const cells = rows.map((r) => cols.map((c) => (r[c] === null ? '' : String(r[c]))));
  const widths = cols.map((c, i) => Math.min(40, Math.max(c.length, ...cells.map((r) => r[i]!.length))));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.slice(0, widths[i]).padEnd(widths[i]!))
      .join('  ')
      .trimEnd() + '\n';
  return line(cols) + cells.map(line).join('');
}

function help(io: Io, command?: string): number {
  io.out(command ? commandHelp(command) : HELP);
  return 0;
}

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  return runCommand(argv, io, async () => {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      // Commands loaded on demand keep their own help: `ascent help export` = `ascent export --help`.
      if (rest[0] && ['export', 'serve', 'customers', 'customer'].includes(rest[0]))
        return commands[rest[0]]!(['--help'], io);
      return help(io, rest[0]);
    }
    if (command === '--version' || command === '-v') {
      io.out('0.1.0\n');
      return 0;
    }
    const run = commands[command];
    if (!run) throw new UsageError(`unknown command "${command}" (ascent --help lists the commands)`);
    return await run(rest, io);
  });
}
