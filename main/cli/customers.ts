/** `ascent customers` (the call list) and `ascent customer ID` (one customer's whole story). */
import type { Service } from '../service/service';
import { csvLine, type CsvValue } from '../export/csv';
import { todayIso } from '../../shared/domain/fiscal';
import { CUSTOMER_SORT_FIELDS, type CustomerRow, type CustomerSort } from '../../shared/customers';
import { addCommandHelp } from './help';
import {
  DB_OPTS,
  FILTER_OPTS,
  UsageError,
  filterFlagsHelp,
  filtersFromFlags,
  isoOption,
  nonNegativeInt,
  parse,
  runCommand,
  type Io,
} from './args';

const COMMON = `  --as-of D          the as-of date for current snapshots, agreements and movement (default: today)
  --db PATH          the workspace cache (default: $ASCENT_DB, else the user-data folder)
  --json             print exactly one JSON document on stdout
  --debug            show stack traces of unexpected errors`;

export const CUSTOMERS_HELP = `Usage: ascent customers [filters] [--as-of D] [--sort FIELD[:asc|desc],…] [--limit N] [--offset N] [--json|--csv]

The call list: one row per customer of any current report (agreements included), with its
current products and clusters, whitespace, next agreement end, end of service, movement into
Act Now, and a priority from 0 to 100 with its reasons (see README, "The call list").
A product or cluster filter matches a customer when one of its current products matches all
product-level filters at once (--product M365 --cluster "Act Now": Act Now for M365).
  --sort F[:dir],…   ${CUSTOMER_SORT_FIELDS.join(', ')} (default priority:desc; ties by account name, then ID)
  --limit N          customers to print (default 100; at most 10000 unless --csv)
  --offset N         customers to skip
  --csv              every customer in scope as CSV (UTF-8 with BOM)
${filterFlagsHelp()}
${COMMON}
Exit code: 0, or 1 when it failed (one line on stderr), 2 on a usage error.
`;

export const CUSTOMER_HELP = `Usage: ascent customer ID [--as-of D] [--json]

One customer's whole story: firmographics, each product's cluster, Fit and Intent now and in
every snapshot of the workspace (oldest first), agreements, flags, the file's unknown columns,
and every reason of the priority.
${COMMON}
Exit code: 0, or 1 for an unknown ID (one line on stderr), 2 on a usage error.
`;

addCommandHelp('customers', CUSTOMERS_HELP);
addCommandHelp('customer', CUSTOMER_HELP);

function parseCustomerSort(v: string | undefined): CustomerSort | undefined {
  if (!v) return undefined;
  return v.split(',').map((part) => {
    const [field, dir = 'asc'] = part.split(':');
    if (!(CUSTOMER_SORT_FIELDS as readonly string[]).includes(field ?? ''))
      throw new UsageError(`--sort: unknown field "${field}" (one of ${CUSTOMER_SORT_FIELDS.join(', ')})`);
    if (dir !== 'asc' && dir !== 'desc')
      throw new UsageError(`--sort: direction must be asc or desc, not "${dir}"`);
    return { field: field as CustomerSort[number]['field'], dir };
  });
}

async function withService<T>(dbPath: string | undefined, fn: (s: Service) => Promise<T>): Promise<T> {
  return (await import('../service/one-shot')).withService(dbPath, fn);
}

/** Pages of the API's largest size, so the CSV list of any length goes through the same method. */
const PAGE = 10_000;

/** The CSV call list's columns: the scalar keys, then products and reasons in one cell each. */
const CSV_COLUMNS: [string, (r: CustomerRow) => CsvValue][] = [
  ['priority', (r) => r.priority],
  ['customerId', (r) => r.customerId],
  ['accountName', (r) => r.accountName],
  ['domain', (r) => r.domain],
  ['country', (r) => r.country],
  ['area', (r) => r.area],
  ['salesTerritory', (r) => r.salesTerritory],
  ['industry', (r) => r.industry],
  ['vertical', (r) => r.vertical],
  ['orgSize', (r) => r.orgSize],
  ['segment', (r) => r.segment],
  ['bestCluster', (r) => r.bestCluster],
  [
    'products',
    (r) =>
      Object.entries(r.products)
        .map(([k, p]) => `${k}: ${p.cluster ?? '–'}`)
        .join('; '),
  ],
  ['whitespaceRevenue', (r) => r.whitespaceRevenue],
  ['whitespaceEstimated', (r) => r.estimated],
  ['nextAgreementEnd', (r) => r.nextAgreementEnd],
  ['expiringRevenue', (r) => r.expiringRevenue],
  ['eos', (r) => r.eos],
  ['movedIntoActNow', (r) => r.movedIntoActNow.join('; ')],
  ['why', (r) => r.why.join('; ')],
];

function table(rows: CustomerRow[]): string {
  const lines = rows.map((r) =>
    [
      String(r.priority).padStart(3),
      (r.accountName ?? r.customerId).slice(0, 34).padEnd(34),
      (r.country ?? '').slice(0, 14).padEnd(14),
      (r.bestCluster ?? '').padEnd(8),
      r.why[0] ?? '',
    ].join('  '),
  );
  return lines.map((l) => l + '\n').join('');
}

export async function customersCommand(args: string[], io: Io): Promise<number> {
  return runCommand(args, io, async () => {
    const { values } = parse(args, {
      ...DB_OPTS,
      ...FILTER_OPTS,
      'as-of': { type: 'string' },
      sort: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      csv: { type: 'boolean' },
    });
    if (values.help) {
      io.out(CUSTOMERS_HELP);
      return 0;
    }
    if (values.json && values.csv) throw new UsageError('customers: choose --json or --csv, not both');
    const filters = filtersFromFlags(values);
    const asOf = isoOption('as-of', values['as-of']) ?? todayIso();
    const sort = parseCustomerSort(values.sort);
    const limit = nonNegativeInt('limit', values.limit);
    const offset = nonNegativeInt('offset', values.offset);
    if (limit !== undefined && limit > 10_000 && !values.csv)
      throw new UsageError('--limit is at most 10000 (use --csv for more)');
    await withService(values.db, async (service) => {
      for (const w of service.filterWarnings(filters, { of: 'customers', asOf })) io.err(`warning: ${w}\n`);
      const query = { filters, sort, asOf };
      if (values.csv) {
        io.out('\ufeff' + csvLine(CSV_COLUMNS.map(([k]) => k)));
        let at = offset ?? 0;
        let left = limit ?? Number.MAX_SAFE_INTEGER;
        while (left > 0) {
          const page = await service.customers({ ...query, offset: at, limit: Math.min(PAGE, left) });
          for (const r of page.rows) io.out(csvLine(CSV_COLUMNS.map(([, get]) => get(r))));
          at += page.rows.length;
          left -= page.rows.length;
          if (page.rows.length === 0 || at >= page.total) break;
        }
        return;
      }
      const res = await service.customers({ ...query, limit: limit ?? 100, offset: offset ?? 0 });
      if (values.json) io.out(JSON.stringify(res) + '\n');
      else io.out(table(res.rows) + `${res.rows.length} of ${res.total} customers\n`);
    });
    return 0;
  });
}

export async function customerCommand(args: string[], io: Io): Promise<number> {
  return runCommand(args, io, async () => {
    const { values, positionals } = parse(args, { ...DB_OPTS, 'as-of': { type: 'string' } }, true);
    if (values.help) {
      io.out(CUSTOMER_HELP);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('customer: give exactly one customer ID');
    const asOf = isoOption('as-of', values['as-of']) ?? todayIso();
    const d = await withService(values.db, (service) =>
      service.customer({ customerId: positionals[0]!, asOf }),
    );
    if (values.json) {
      io.out(JSON.stringify(d) + '\n');
      return 0;
    }
    const out: string[] = [`${d.accountName ?? d.customerId} (${d.customerId}), priority ${d.priority}`];
    out.push([d.country, d.area, d.industry, d.vertical, d.segment].filter(Boolean).join(' · '));
    for (const r of d.why) out.push(`  · ${r}`);
    for (const p of d.products) {
      const now = p.current
        ? `${p.current.cluster ?? '–'} (Fit ${p.current.fit ?? '–'}, Intent ${p.current.intent ?? '–'})`
        : 'not current';
      const trail = p.history.map((h) => `${h.snapshot} ${h.cluster ?? '–'}`).join(' → ');
      out.push(`${p.product}: ${now}; ${trail}`);
    }
    for (const a of d.agreements)
      out.push(
        `agreement ${[a.licenseProgram, a.agreementId].filter(Boolean).join(' ')} ends ${a.endDate ?? '–'}`,
      );
    io.out(out.join('\n') + '\n');
    return 0;
  });
}
