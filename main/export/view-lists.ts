/**
 * The lists of the views that are not grids of customers: the Whitespace view's grouping (one
 * line per group, as the table shows it: the two grouping columns, customers, whitespace revenue
 * and the part of it that is estimated) and the Agreements view's renewal list under its own
 * filters (status, end-date range, licence program, search) and the filter panel's scope. Both
 * are CSV as csv-list.ts writes them: UTF-8 with BOM, RFC 4180, headers the UI's labels in the
 * language asked for, ISO dates, plain numbers. Small enough to be held whole (a grouping has
 * hundreds of lines, a renewal list one per agreement), then written atomically.
 */
import fs from 'node:fs';
import type { DB } from '../cache/db';
import type { AgreementRowOut, AgreementsQuery, ExportInput } from '../../shared/api';
import type { Filters } from '../../shared/filters';
import type { LabelledField } from '../../shared/i18n/columns';
import type { Locale } from '../../shared/i18n/locales';
import { agreements } from '../query/agreements';
import { whitespaceGroups } from '../query/groups';
import { ExportError, throwIfAborted, writeAtomically } from './atomic';
import { csvLine, type CsvValue } from './csv';
import { scopeWords } from './describe';
import { EmptyExportError } from './empty';
import { safeStem } from './file-name';
import type { ExportResult } from './options';
import { wordsFor, type Words } from './words';

export type WhitespaceBy = NonNullable<ExportInput['whitespaceBy']>;
export type AgreementsList = NonNullable<ExportInput['agreements']>;

/** The grouping's two columns, as the Whitespace view names them. */
export const GROUPING_FIELDS: Record<WhitespaceBy, [LabelledField, LabelledField]> = {
  productCluster: ['product', 'cluster'],
  areaCountry: ['area', 'country'],
  industryVertical: ['industry', 'vertical'],
  territoryCluster: ['salesTerritory', 'cluster'],
};

export interface ViewListOptions {
  out: string;
  asOf: string;
  filters: Filters;
  whitespaceBy?: WhitespaceBy;
  agreements?: AgreementsList;
  lang?: Locale;
  allowEmpty?: boolean;
  /** Filter values that match nothing, named when an empty list is refused. */
  warnings?: readonly string[];
  signal?: AbortSignal;
  protect?: readonly string[];
}

/** The name the list is offered under: what it lists, the scope in words, the as-of date. */
export function viewListFileName(opts: {
  whitespaceBy?: WhitespaceBy;
  filters: Filters;
  asOf: string;
  lang?: Locale;
}): string {
  const w = wordsFor(opts.lang);
  const what = opts.whitespaceBy
    ? GROUPING_FIELDS[opts.whitespaceBy].map((f) => w.col(f)).join(' × ')
    : w.tab('Expiring agreements');
  const scope = scopeWords(opts.filters, opts.lang);
  return `${safeStem(scope ? `${what}, ${scope}` : what, what)} — ${opts.asOf}.csv`;
}

function whitespaceLines(db: DB, by: WhitespaceBy, filters: Filters, w: Words): string[] {
  const [a, b] = GROUPING_FIELDS[by];
  const shown = (field: LabelledField, v: string | null): CsvValue =>
    field === 'cluster' && v ? w.cluster(v) : v;
  return [
    csvLine([w.col(a), w.col(b), w.tab('Customers'), w.col('whitespaceRevenue'), w.col('estimated')]),
    ...whitespaceGroups(db, by, filters).map((g) =>
      csvLine([
        shown(a, g.a),
        shown(b, g.b),
        g.customers,
        g.revenue.toFixed(2),
        g.estimatedRevenue.toFixed(2),
      ]),
    ),
  ];
}

const PAGE = 5_000;

function agreementLines(db: DB, q: AgreementsQuery, w: Words, signal?: AbortSignal): string[] {
  const lines = [
    csvLine(
      (
        [
          'customerId',
          'accountName',
          'agreementId',
          'licenseProgram',
          'renewalProduct',
          'endDate',
          'expiringRevenue',
          'status',
          'clusters',
        ] as const
      ).map((f) => w.col(f)),
    ),
  ];
  const line = (r: AgreementRowOut) =>
    csvLine([
      r.customerId,
      r.accountName,
      r.agreementId,
      r.licenseProgram,
      r.product,
      r.endDate,
      r.expiringRevenue === null ? null : r.expiringRevenue.toFixed(2),
      r.status ? w.t(r.status) : null,
      w.clusterList(
        Object.entries(r.clusters)
          .map(([p, c]) => `${p}: ${c}`)
          .join('; ') || null,
      ),
    ]);
  for (let offset = 0; ; offset += PAGE) {
    throwIfAborted(signal);
    const page = agreements(db, { ...q, offset, limit: PAGE });
    lines.push(...page.rows.map(line));
    if (page.rows.length < PAGE) return lines;
  }
}

/** Writes the Whitespace grouping or the renewal list as a CSV; refuses an empty one unless allowed. */
export async function exportViewList(db: DB, opts: ViewListOptions): Promise<ExportResult> {
  throwIfAborted(opts.signal);
  if (!opts.whitespaceBy === !opts.agreements)
    throw new ExportError('a view list is either the whitespace grouping or the agreements, one of them');
  const w = wordsFor(opts.lang);
  const lines = opts.whitespaceBy
    ? whitespaceLines(db, opts.whitespaceBy, opts.filters, w)
    : agreementLines(db, { ...opts.agreements, filters: opts.filters, asOf: opts.asOf }, w, opts.signal);
  const rows = lines.length - 1;
  if (rows === 0 && !opts.allowEmpty) throw new EmptyExportError(opts.warnings ?? []);
  const protect = [...(db.memory ? [] : [db.name]), ...(opts.protect ?? [])];
  const { file } = await writeAtomically(
    opts.out,
    async (tmp) => {
      throwIfAborted(opts.signal);
      await fs.promises.writeFile(tmp, '\ufeff' + lines.join(''), { flag: 'wx' });
    },
    { protect },
  );
  return { file, format: 'csv', tabs: [{ name: 'CSV', rows }], rows };
}
