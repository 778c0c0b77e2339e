/**
 * The one contract between the renderer and the core. Every method is declared here once,
 * with its input schema (validated at every door) and its output type. main/service/ implements
 * it; every door (Electron IPC, browser mode's HTTP server) calls it through one `dispatch`.
 */
import { z } from 'zod';
import {
  FIRMOGRAPHIC_LISTS,
  Filters,
  RowsQuery,
  SHOWN_FIELDS,
  Sort,
  type FacetField,
  type RangeFilterKey,
  type RowsResult,
} from './filters';
import { PRODUCTS } from './domain/products';
import type { Cluster } from './domain/matrix';
import { IsoDate } from './dates';
import { LOCALES } from './i18n/locales';
import type { Problem } from './i18n/problems';
import type { RowIssue } from './i18n/issues';
import {
  CALL_LIST_COLUMNS,
  CustomerSort,
  CustomersQuery,
  ReasonsLanguage,
  type CustomerDetail,
  type CustomersResult,
} from './customers';
import { BANDS, CELLS, CLUSTERS } from './domain/matrix';
import { PriorityWeights } from './domain/priority';
import { CSV_GRAINS } from './csv-lists';

const Id = z.number().int().min(1);
const ViewId = z.number().int().min(0);
const Empty = z.object({}).strict();

export { FACET_FIELDS, type FacetField } from './filters';

export const WHITESPACE_GROUPINGS = [
  'productCluster',
  'areaCountry',
  'industryVertical',
  'territoryCluster',
] as const;

/** The columns each grid a view opens can show: a view's layout names no other. */
export const VIEW_COLUMNS = { propensity: SHOWN_FIELDS, customers: CALL_LIST_COLUMNS } as const;
/** A column's width in a saved view, in CSS pixels. */
export const COLUMN_WIDTH = { min: 40, max: 800 } as const;

/** What a saved view / target list remembers. */
export const ViewState = z
  .object({
    filters: Filters,
    sort: Sort.optional(),
    /** The grid's visible columns, in the order shown (left to right). */
    columns: z.array(z.string().max(100)).max(100).optional(),
    /** Column widths the view keeps, by column; the others are sized to their content. */
    widths: z
      .record(z.string().max(100), z.number().int().min(COLUMN_WIDTH.min).max(COLUMN_WIDTH.max))
      .optional(),
    /** The screen the view opens: the product rows (default) or the call list. */
    page: z.enum(['propensity', 'customers']).optional(),
    /** The call list's sort, when page is customers. */
    customerSort: CustomerSort.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const allowed: readonly string[] = VIEW_COLUMNS[v.page ?? 'propensity'];
    const named = [
      ...(v.columns ?? []).map((k, i) => ({ k, path: ['columns', i] })),
      ...Object.keys(v.widths ?? {}).map((k) => ({ k, path: ['widths', k] })),
    ];
    for (const { k, path } of named)
      if (!allowed.includes(k))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `no column "${k}" on the ${v.page ?? 'propensity'} grid`,
        });
    if (new Set(v.columns).size !== (v.columns ?? []).length)
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'a column is named twice' });
  });
export type ViewState = z.infer<typeof ViewState>;

/** The agreement keys a sort may use. */
export const AGREEMENT_SORT_FIELDS = [
  'customerId',
  'accountName',
  'agreementId',
  'licenseProgram',
  'product',
  'endDate',
  'expiringRevenue',
  'status',
] as const;

/** The renewal list's end-date range: inclusive ends (YYYY-MM-DD), at least one, from ≤ to. */
export const AgreementEndRange = z
  .object({ from: IsoDate.optional(), to: IsoDate.optional() })
  .strict()
  .superRefine((r, ctx) => {
    if (r.from === undefined && r.to === undefined)
      ctx.addIssue({ code: 'custom', message: 'give a first date, a last date or both' });
    else if (r.from !== undefined && r.to !== undefined && r.from > r.to)
      ctx.addIssue({ code: 'custom', message: `the first date ${r.from} is after the last date ${r.to}` });
  });
export type AgreementEndRange = z.infer<typeof AgreementEndRange>;

export const AgreementsQuery = z
  .object({
    asOf: IsoDate.optional(),
    /** false: only agreements ending in the current fiscal year. */
    all: z.boolean().optional(),
    search: z.string().max(200).optional(),
    licenseProgram: z.array(z.string().max(200)).optional(),
    status: z.enum(['open', 'ended']).optional(),
    /** Agreements whose end date falls in this range (with `all` unset, also in the fiscal year). */
    endDate: AgreementEndRange.optional(),
    /**
     * The filter panel's scope: agreements of the customers these filters hold, as the call
     * list counts them (main/query/scope.ts).
     */
    filters: Filters.optional(),
    sort: z
      .array(
        z
          .object({
            field: z.enum(AGREEMENT_SORT_FIELDS),
            dir: z.enum(['asc', 'desc']),
          })
          .strict(),
      )
      .max(3)
      .optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(0).max(10_000).optional(),
  })
  .strict();
export type AgreementsQuery = z.infer<typeof AgreementsQuery>;

export const Thresholds = z
  .object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() })
  .strict();
const BandEnum = z.enum(BANDS);
export const SettingsInput = z
  .object({
    matrix: z
      .object({
        thresholds: Thresholds,
        cells: z.record(BandEnum, z.record(BandEnum, z.enum(CELLS))),
        clusterOfLetter: z
          .object({ A: z.enum(CLUSTERS), B: z.enum(CLUSTERS), C: z.enum(CLUSTERS), D: z.enum(CLUSTERS) })
          .strict(),
      })
      .strict(),
    estimates: z.record(
      z.enum(PRODUCTS),
      z
        .object({
          share: z.number().min(0).max(1),
          price: z.number().min(0),
          period: z.enum(['month', 'year', 'once']),
        })
        .strict(),
    ),
    /** The call list's priority rule: points per contribution and the two agreement windows. */
    priority: PriorityWeights,
  })
  .strict();
/** The workspace's settings, every part (what `settings`, `saveSettings` and `resetSettings` answer). */
export type SettingsInput = z.infer<typeof SettingsInput>;
export const SETTINGS_PARTS = [
  'matrix',
  'estimates',
  'priority',
] as const satisfies readonly (keyof SettingsInput)[];
/** Some parts of the settings: those given are saved (each whole), the others kept. */
export const SettingsChange = SettingsInput.partial();

export const ExportInput = z
  .object({
    format: z.enum(['xlsx', 'csv']),
    filters: Filters.optional(),
    /**
     * A saved view's name: its filters are the scope, and each filter given in `filters` too
     * replaces the view's filter of that key (the CLI's `--view` with filter flags, the same).
     */
    view: z.string().max(200).optional(),
    asOf: IsoDate.optional(),
    tabs: z.array(z.string().max(100)).max(20).optional(),
    /** The CSV list's grain: one line per customer (default) or per product row. */
    rows: z.enum(CSV_GRAINS).optional(),
    /** The CSV list's columns in order (the view's visible columns); CustomerID and Domain are always added. */
    columns: z.array(z.string().max(100)).max(100).optional(),
    /** The language of the workbook's tabs, headers and text and of the CSV headers (default English). */
    lang: z.enum(LOCALES).optional(),
    /** Write the file even when the scope holds no rows (otherwise refused, naming the filter value at fault). */
    allowEmpty: z.boolean().optional(),
    /** A CSV of the Whitespace view's grouping (one line per group, as shown) instead of the call list. */
    whitespaceBy: z.enum(WHITESPACE_GROUPINGS).optional(),
    /** A CSV of the Agreements view's renewal list under these filters (and `filters`) instead of the call list. */
    agreements: AgreementsQuery.pick({
      all: true,
      search: true,
      licenseProgram: true,
      status: true,
      endDate: true,
    }).optional(),
  })
  .strict();
export type ExportInput = z.infer<typeof ExportInput>;

/**
 * The user's own preferences, kept for the user whichever workspace is open (a JSON file in the
 * user-data folder, not the workspace's settings). `language` unset: the UI follows the OS or
 * browser locale.
 */
export const Preferences = z.object({ language: z.enum(LOCALES).optional() }).strict();
export type Preferences = z.infer<typeof Preferences>;

// ---- outputs -------------------------------------------------------------------------

export interface SummaryOut {
  asOf: string;
  fiscalYear: string;
  fiscalYearStart: string;
  fiscalYearEnd: string;
  customers: number;
  expiringAgreements: number;
  openExpiringRevenue: number;
  clusters: Record<string, Record<Cluster, number>>;
  movedIntoActNow: Record<string, number>;
  snapshots: { report: string; snapshot: string; importId: number }[];
}
export interface FacetValue {
  value: string;
  count: number;
}
export interface FacetsOut {
  lists: Partial<Record<FacetField, FacetValue[]>>;
  /** Rows in scope with each yes/no property set. */
  toggles: { whitespace: number; upsell: number; eos: number; mismatch: number; movedIntoActNow: number };
  flags: FacetValue[];
  total: number;
  /**
   * Per range filter that is set: `count`, the rows matching the other filters and that range
   * (what a min–max control shows as "n match"), and `of`, the rows the other filters alone
   * match. Optional: the call list's facets (customerFacets) may leave it out.
   */
  ranges?: Partial<Record<RangeFilterKey, RangeCount>>;
}
export interface RangeCount {
  count: number;
  of: number;
}
export interface MatrixCellOut {
  fitBand: string;
  intentBand: string;
  cell: string;
  cluster: string;
  customers: number;
  whitespaceRevenue: number;
}
export interface MatrixOut {
  product: string;
  cells: MatrixCellOut[];
  unscored: number;
}
export interface GroupOut {
  a: string | null;
  b: string | null;
  customers: number;
  revenue: number;
  estimatedRevenue: number;
}
export interface AgreementRowOut {
  customerId: string;
  accountName: string | null;
  agreementId: string | null;
  licenseProgram: string | null;
  product: string | null;
  endDate: string | null;
  expirationType: string | null;
  expiringRevenue: number | null;
  status: 'open' | 'ended' | null;
  clusters: Record<string, string>;
}
export interface AgreementsOut {
  total: number;
  fiscalYear: string;
  rows: AgreementRowOut[];
  /** The licence programs of the current agreements, for the list's own filter. */
  licensePrograms: string[];
}
export interface ImportOut {
  id: number;
  file: string;
  report: string;
  snapshot: string;
  snapshotSource: string;
  format: string;
  encoding: string | null;
  importedAt: string;
  rows: number;
  rejected: number;
  issueCount: number;
  current: boolean;
}
export interface IssueOut {
  line: number;
  column: string | null;
  value: string | null;
  /** The issue's English words, as the import stored them. */
  message: string;
  /**
   * Its kind and figures, read from `message` (shared/i18n/issues.ts) so a UI can word it in its
   * language; absent when no template says it.
   */
  issue?: RowIssue;
}
export interface ViewOut {
  /** 0 for the built-in view. */
  id: number;
  name: string;
  /** The app's own view (listed first, its dates computed when listed): cannot be deleted, renamed or overwritten. */
  builtIn?: true;
  state: ViewState;
  createdAt: string;
  updatedAt: string;
}
interface JobFields {
  id: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  label: string;
  rows: number;
  /** 0..1 when known. */
  fraction: number | null;
  rowsPerSecond: number | null;
  secondsLeft: number | null;
  error: string | null;
  /** The failure as data, when it has a kind (`error` is its English words; the UI words it). */
  problem?: Problem;
}
/** An import job; `result` holds the files done so far, one entry each. */
export interface ImportJobOut extends JobFields {
  kind: 'import';
  result: ImportFileResult[];
}
/** An export job; `result` is the file it writes, its rows in scope and per tab. */
export interface ExportJobOut extends JobFields {
  kind: 'export';
  result: ExportResultOut;
}
/** A long-running import or export: `kind` tells which `result` it carries. */
export type JobOut = ImportJobOut | ExportJobOut;
/** One file of an import job. */
export interface ImportFileResult {
  file: string;
  report: string | null;
  snapshot: string | null;
  status: 'imported' | 'skipped' | 'failed';
  rows: number;
  rejected: number;
  issueCount: number;
  issues: IssueOut[];
  error: string | null;
  /** The failure as data, when it has a kind (`error` is its English words; the UI words it). */
  problem?: Problem;
  importId: number | null;
  /** Held back: it would replace `before` customers with `after` (import again with allowShrink). */
  shrink?: { before: number; after: number };
}
/** A free-text filter value that no current row holds, with the nearest one that does (if near). */
export interface FilterMiss {
  filter: (typeof FIRMOGRAPHIC_LISTS)[number];
  value: string;
  nearest: string | null;
}
/** What an export wrote. `rows`: the rows in scope (the Propensity model tab, or the CSV list). */
export interface ExportResultOut {
  file: string;
  name: string;
  rows: number;
  customers: number;
  tabs: { name: string; rows: number }[];
  /** Filter values that match nothing in the current data, each with the nearest existing value. */
  warnings: string[];
  /** The same, as data (the renderer words them in its language). */
  misses?: FilterMiss[];
  /**
   * Set when the job failed because the scope holds nothing (its `warnings` say why): started
   * again with `allowEmpty`, it writes the file anyway.
   */
  emptyScope?: true;
}
export interface WorkspaceOut {
  path: string;
  isSample: boolean;
  empty: boolean;
  /** It holds current data (a report whose snapshot is dated today or earlier): the app opens on the call list. */
  current: boolean;
}

// ---- the contract ----------------------------------------------------------------------

/** method<Output>()(inputSchema): the input type is inferred from the schema. */
function method<O>() {
  return <I extends z.ZodType>(input: I) => ({ input, output: undefined as unknown as O });
}

export const API = {
  workspace: method<WorkspaceOut>()(Empty),
  openSample: method<WorkspaceOut>()(Empty),
  openDefaultWorkspace: method<WorkspaceOut>()(Empty),
  summary: method<SummaryOut>()(
    z
      .object({
        asOf: IsoDate.optional(),
        /** The figures of the customers these filters hold (the Overview's filter panel). */
        filters: Filters.optional(),
      })
      .strict(),
  ),
  rows: method<RowsResult>()(RowsQuery),
  facets: method<FacetsOut>()(z.object({ filters: Filters.default({}) }).strict()),
  /** The call list: one row per customer, priority and reasons (counts and facets in customers). */
  customers: method<CustomersResult>()(CustomersQuery),
  customer: method<CustomerDetail>()(
    z
      .object({ customerId: z.string().min(1).max(200), asOf: IsoDate.optional(), lang: ReasonsLanguage })
      .strict(),
  ),
  customerFacets: method<FacetsOut>()(
    z.object({ filters: Filters.default({}), asOf: IsoDate.optional() }).strict(),
  ),
  matrix: method<MatrixOut>()(z.object({ product: z.enum(PRODUCTS), filters: Filters.optional() }).strict()),
  whitespace: method<GroupOut[]>()(
    z.object({ by: z.enum(WHITESPACE_GROUPINGS), filters: Filters.optional() }).strict(),
  ),
  agreements: method<AgreementsOut>()(AgreementsQuery),
  imports: method<ImportOut[]>()(Empty),
  importIssues: method<{ total: number; issues: IssueOut[] }>()(
    z
      .object({
        importId: Id,
        offset: z.number().int().min(0).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
      })
      .strict(),
  ),
  forgetImport: method<{ removed: boolean }>()(z.object({ importId: Id }).strict()),
  /** Desktop only: paths chosen in a native dialog or dropped on the window. */
  importPaths: method<JobOut>()(
    z
      .object({
        paths: z.array(z.string().min(1).max(4096)).min(1).max(100),
        /** Import even a file that would replace its report's current snapshot with under half the customers. */
        allowShrink: z.boolean().optional(),
      })
      .strict(),
  ),
  job: method<JobOut>()(z.object({ id: z.string().max(100) }).strict()),
  cancelJob: method<JobOut>()(z.object({ id: z.string().max(100) }).strict()),
  views: method<ViewOut[]>()(Empty),
  saveView: method<ViewOut>()(
    z
      .object({
        name: z.string().trim().min(1).max(200),
        state: ViewState,
        /** Replace the view of that name; without it, saving under an existing name fails. */
        replace: z.boolean().optional(),
      })
      .strict(),
  ),
  // A view's ID, or 0 for the built-in view (which refuses both, with a clear message).
  renameView: method<ViewOut>()(z.object({ id: ViewId, name: z.string().trim().min(1).max(200) }).strict()),
  deleteView: method<{ deleted: boolean }>()(z.object({ id: ViewId }).strict()),
  settings: method<SettingsInput>()(Empty),
  /** Saves the parts given (the Settings screen saves its cluster rules and its priority apart) and answers all. */
  saveSettings: method<SettingsInput>()(SettingsChange),
  /** Resets the parts named to the defaults of domain.md (all of them when none is named) and answers all. */
  resetSettings: method<SettingsInput>()(
    z
      .object({ parts: z.array(z.enum(SETTINGS_PARTS)).min(1).max(SETTINGS_PARTS.length).optional() })
      .strict(),
  ),
  startExport: method<JobOut>()(ExportInput),
  /** The user's preferences (language), the same in every workspace. */
  preferences: method<Preferences>()(Empty),
  /** Changes the given preferences and keeps the others; answers all of them. */
  setPreferences: method<Preferences>()(Preferences),
} as const;

export type ApiSpec = typeof API;
export type MethodName = keyof ApiSpec;
export type In<K extends MethodName> = z.input<ApiSpec[K]['input']>;
export type Out<K extends MethodName> = ApiSpec[K]['output'];

/** What the renderer holds: one object with every method, whichever door it is behind. */
export type Api = { [K in MethodName]: (input: In<K>) => Promise<Out<K>> };

export const METHOD_NAMES = Object.keys(API) as MethodName[];

export function isMethod(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(API, name);
}

/** Validates a method's input; returns the parsed value or a one-line message. */
export function parseInput<K extends MethodName>(
  name: K,
  input: unknown,
): { ok: true; value: z.output<ApiSpec[K]['input']> } | { ok: false; message: string } {
  const r = API[name].input.safeParse(input ?? {});
  if (r.success) return { ok: true, value: r.data as z.output<ApiSpec[K]['input']> };
  const i = r.error.issues[0]!;
  const where = i.path.length ? i.path.join('.') : 'input';
  return { ok: false, message: `${name}: ${where}: ${i.message}` };
}
