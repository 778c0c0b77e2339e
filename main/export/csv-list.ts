/**
 * CSV target lists ready for a CRM: one line per customer (the call list) or per product row
 * (Propensity), the chosen columns in the chosen order under the UI's labels in the chosen
 * language, CustomerID and Domain always. Values are plain: ISO dates, numbers without thousands
 * separators, money with a point and two decimals and no currency sign, a customer's products as
 * "M365: Act Now; Azure: Evaluate".
 */
import fs from 'node:fs';
import type { DB } from '../cache/db';
import { bookFor } from '../query/customers';
import { customerIndex } from '../query/customer-detail';
import { iterateRows } from '../query/rows';
import type { CustomerRow } from '../../shared/customers';
import { reportName } from '../../shared/domain/products';
import { PROVENANCE_FIELDS, ROW_FIELDS, type Filters, type PropensityRow } from '../../shared/filters';
import {
  CSV_COLUMNS,
  csvListColumns,
  isCsvColumn,
  type CsvGrain,
  type CustomerCsvColumn,
  type ProductCsvColumn,
} from '../../shared/csv-lists';
import type { LabelledField } from '../../shared/i18n/columns';
import type { Locale } from '../../shared/i18n/locales';
import { ExportCancelled, ExportError, throwIfAborted, writeAtomically } from './atomic';
import { customersInOrder, productsText } from './call-list';
import { csvLine, type CsvValue } from './csv';
import type { ExportProgress, ExportResult } from './options';
import { wordsFor, type Words } from './words';

export { CSV_ALWAYS, CSV_COLUMNS, CSV_GRAINS, type CsvGrain } from '../../shared/csv-lists';

export interface CsvExportOptions {
  out: string;
  filters: Filters;
  /** One line per customer (default) or per product row. */
  rows?: CsvGrain;
  /** Column keys in order (CSV_COLUMNS of the grain); default all of them. CustomerID and Domain are added when missing. */
  columns?: readonly string[];
  /** The headers' and the readable values' language (default English). */
  lang?: Locale;
  /** Current as of this date (default today). */
  asOf?: string;
  signal?: AbortSignal;
  onProgress?: (p: ExportProgress) => void;
  /** SQLite files the target must not be (the workspace); `db`'s own file is always protected. */
  protect?: readonly string[];
}

type Kind = 'text' | 'number' | 'money' | 'yesno' | 'cluster';
interface CsvColumn<R> {
  kind: Kind;
  value: (r: R, w: Words) => CsvValue;
}

/** A customer line's value per column (shared/csv-lists.ts names the columns and their order). */
const CUSTOMER_COLUMNS = {
  priority: { kind: 'number', value: (r) => r.priority },
  customerId: { kind: 'text', value: (r) => r.customerId },
  accountName: { kind: 'text', value: (r) => r.accountName },
  domain: { kind: 'text', value: (r) => r.domain },
  country: { kind: 'text', value: (r) => r.country },
  area: { kind: 'text', value: (r) => r.area },
  salesTerritory: { kind: 'text', value: (r) => r.salesTerritory },
  industry: { kind: 'text', value: (r) => r.industry },
  vertical: { kind: 'text', value: (r) => r.vertical },
  orgSize: { kind: 'number', value: (r) => r.orgSize },
  segment: { kind: 'text', value: (r) => r.segment },
  bestCluster: { kind: 'cluster', value: (r) => r.bestCluster },
  products: { kind: 'text', value: (r, w) => productsText(r, w) },
  whitespaceRevenue: { kind: 'money', value: (r) => r.whitespaceRevenue },
  estimated: { kind: 'yesno', value: (r) => (r.whitespaceRevenue === null ? null : r.estimated) },
  nextAgreementEnd: { kind: 'text', value: (r) => r.nextAgreementEnd },
  expiringRevenue: { kind: 'money', value: (r) => r.expiringRevenue },
  eos: { kind: 'yesno', value: (r) => r.eos },
  movedIntoActNow: { kind: 'text', value: (r) => r.movedIntoActNow.join(', ') },
  why: { kind: 'text', value: (r) => r.why.join('; ') },
} satisfies Record<CustomerCsvColumn, CsvColumn<CustomerRow>>;

/** A product line: the propensity row, with the customer's domain and territory from the call list. */
type ProductLine = PropensityRow & { domain: string | null; salesTerritory: string | null };

const PRODUCT_COLUMNS = {
  customerId: { kind: 'text', value: (r) => r.customerId },
  accountName: { kind: 'text', value: (r) => r.accountName },
  domain: { kind: 'text', value: (r) => r.domain },
  country: { kind: 'text', value: (r) => r.country },
  area: { kind: 'text', value: (r) => r.area },
  salesTerritory: { kind: 'text', value: (r) => r.salesTerritory },
  industry: { kind: 'text', value: (r) => r.industry },
  vertical: { kind: 'text', value: (r) => r.vertical },
  orgSize: { kind: 'number', value: (r) => r.orgSize },
  subSegment: { kind: 'text', value: (r) => r.subSegment },
  product: { kind: 'text', value: (r) => r.product },
  fit: { kind: 'number', value: (r) => r.fit },
  intent: { kind: 'number', value: (r) => r.intent },
  fitBand: { kind: 'text', value: (r) => r.fitBand },
  intentBand: { kind: 'text', value: (r) => r.intentBand },
  cell: { kind: 'text', value: (r) => r.cell },
  cluster: { kind: 'cluster', value: (r) => r.cluster },
  computedCluster: { kind: 'cluster', value: (r) => r.computedCluster },
  whitespace: { kind: 'yesno', value: (r) => r.whitespace },
  upsell: { kind: 'yesno', value: (r) => r.upsell },
  whitespaceRevenue: { kind: 'money', value: (r) => r.whitespaceRevenue },
  estimated: { kind: 'yesno', value: (r) => (r.whitespaceRevenue === null ? null : r.whitespaceEstimated) },
  snapshot: { kind: 'text', value: (r) => r.snapshot },
  report: { kind: 'text', value: (r) => reportName(r.report) },
  fileSubSegment: { kind: 'text', value: (r) => r.fileSubSegment },
} satisfies Record<ProductCsvColumn, CsvColumn<ProductLine>>;

/**
 * The row keys of `ascent rows --csv` (a machine's CSV: keys as headers), whether the revenue is
 * an estimate, then the row's provenance. Target lists (exportCsv) have labelled headers.
 */
export const CSV_FIELDS = [...ROW_FIELDS, 'whitespaceEstimated', ...PROVENANCE_FIELDS] as const;

/**
 * The columns to write: the chosen ones in their order, CustomerID and Domain first when not
 * chosen; an unknown key is an ExportError naming it and the valid ones.
 */
export function csvColumns(grain: CsvGrain, chosen?: readonly string[]): LabelledField[] {
  const bad = chosen?.find((k) => !isCsvColumn(grain, k));
  if (bad !== undefined)
    throw new ExportError(
      `unknown column "${bad}" for ${grain} rows (one of ${CSV_COLUMNS[grain].join(', ')})`,
    );
  return csvListColumns(grain, chosen as readonly LabelledField[] | undefined);
}

/** A value as the CSV writes it: numbers plain, money with two decimals, yes/no and clusters in the language. */
function cell(kind: Kind, v: CsvValue, w: Words): CsvValue {
  if (v === null || v === undefined) return null;
  if (kind === 'money') return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(2) : null;
  if (kind === 'yesno') return w.yesNo(v as boolean);
  if (kind === 'cluster') return w.cluster(v as string);
  return v;
}

function linesOf<R>(
  rows: Iterable<R>,
  keys: LabelledField[],
  table: Partial<Record<LabelledField, CsvColumn<R>>>,
  w: Words,
): { header: string; lines: Iterable<string> } {
  const cols = keys.map((k) => table[k]!);
  return {
    header: csvLine(keys.map((k) => w.col(k))),
    lines: (function* () {
      for (const r of rows) yield csvLine(cols.map((c) => cell(c.kind, c.value(r, w), w)));
    })(),
  };
}

interface Firmographics {
  domain: string | null;
  salesTerritory: string | null;
}

/**
 * A customer's domain and territory as the call list shows them (its record in the latest current
 * import that has it); product rows arrive grouped by customer, so the last answer is kept.
 */
function customerFirmographics(db: DB, asOf: string): (customerId: string) => Firmographics | null {
  const book = bookFor(db, asOf);
  const read = db.prepare(
    'SELECT domain, sales_territory AS salesTerritory FROM customers WHERE import_id = ? AND customer_id = ?',
  );
  let last: { id: string; value: Firmographics | null } | null = null;
  return (id) => {
    if (last?.id === id) return last.value;
    const c = customerIndex(book, id);
    const value =
      c === null
        ? null
        : ((read.get(book.imports[book.firmSlot[c]!]!.id, id) as Firmographics | undefined) ?? null);
    last = { id, value };
    return value;
  };
}

/** The lines of a list: its header and one line per row of its grain. */
function listLines(db: DB, opts: CsvExportOptions): { header: string; lines: Iterable<string> } {
  const grain = opts.rows ?? 'customers';
  const w = wordsFor(opts.lang);
  const keys = csvColumns(grain, opts.columns);
  const asOf = opts.asOf ?? new Date().toISOString().slice(0, 10);
  if (grain === 'customers')
    return linesOf(customersInOrder(db, opts.filters, asOf, w.lang), keys, CUSTOMER_COLUMNS, w);
  const needsCustomer = keys.includes('domain') || keys.includes('salesTerritory');
  const firmOf = needsCustomer ? customerFirmographics(db, asOf) : null;
  const rows = (function* () {
    for (const r of iterateRows(db, opts.filters, undefined, opts.asOf)) {
      const c = firmOf?.(r.customerId);
      yield { ...r, domain: c?.domain ?? null, salesTerritory: c?.salesTerritory ?? null } as ProductLine;
    }
  })();
  return linesOf(rows, keys, PRODUCT_COLUMNS, w);
}

const CHUNK = 64 * 1024;
const PROGRESS_EVERY = 5_000;
const TAB = 'CSV';

/**
 * The rows in scope as a CSV target list: UTF-8 with BOM, RFC 4180 quoting, CRLF, formula-like
 * text neutralised (csv.ts). Written atomically, with back-pressure.
 */
export async function exportCsv(db: DB, opts: CsvExportOptions): Promise<ExportResult> {
  throwIfAborted(opts.signal);
  const list = listLines(db, opts); // an unknown column fails before the file is touched
  const protect = [...(db.memory ? [] : [db.name]), ...(opts.protect ?? [])];
  const { file, value: rows } = await writeAtomically(
    opts.out,
    async (tmp) => {
      const out = fs.createWriteStream(tmp, { flags: 'wx' });
      let failure: Error | null = null;
      const failed = new Promise<never>((_, reject) => {
        out.on('error', (e) => {
          failure ??= e;
          reject(e);
        });
        opts.signal?.addEventListener(
          'abort',
          () => {
            failure ??= new ExportCancelled();
            reject(failure);
          },
          { once: true },
        );
      });
      failed.catch(() => {});
      const check = () => {
        if (failure) throw failure;
        throwIfAborted(opts.signal);
      };
      const write = async (chunk: string) => {
        check();
        if (!out.write(chunk)) {
          let onDrain!: () => void;
          const drained = new Promise<void>((r) => out.once('drain', (onDrain = r)));
          try {
            await Promise.race([drained, failed]);
          } finally {
            out.removeListener('drain', onDrain);
          }
        }
      };
      try {
        let n = 0;
        let buf = '\ufeff' + list.header;
        const it = list.lines[Symbol.iterator]();
        try {
          for (let next = it.next(); !next.done; next = it.next()) {
            buf += next.value;
            n++;
            if (buf.length >= CHUNK) {
              await write(buf);
              buf = '';
            }
            if (n % PROGRESS_EVERY === 0) {
              check();
              opts.onProgress?.({ rows: n, tab: TAB });
            }
          }
        } finally {
          it.return?.(undefined);
        }
        if (buf) await write(buf);
        check();
        opts.onProgress?.({ rows: n, tab: TAB });
        await Promise.race([new Promise<void>((resolve) => out.end(resolve)), failed]);
        if (!out.closed) await Promise.race([new Promise<void>((r) => out.once('close', () => r())), failed]);
        return n;
      } catch (e) {
        out.on('error', () => {});
        if (!out.closed) {
          const closed = new Promise<void>((r) => out.once('close', () => r()));
          out.destroy();
          await closed;
        }
        throw e;
      }
    },
    { protect },
  );
  return { file, format: 'csv', tabs: [{ name: TAB, rows }], rows };
}
