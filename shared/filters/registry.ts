/**
 * The one registry of filters: per filter its schema, its label, its URL key, its CLI flag and how
 * the workbook's "Filters" line names it. The Filters schema, the URL state, the CLI flags and the
 * "Filters" line are generated from it; the SQL and row-store builders (main/query/filter-sql.ts,
 * filter-masks.ts) are keyed by its keys, with types that ask for an entry for every one. Only what
 * the renderer may load lives here (no Node, no SQL).
 */
import { z } from 'zod';
import { isIsoDate } from '../domain/fiscal';
import { CELLS, CLUSTERS } from '../domain/matrix';
import { PRODUCTS } from '../domain/products';
import { IsoDate } from '../dates';

/** In a list filter, matches an empty value, so facets can offer blanks too. */
export const BLANK = '(none)';
const orBlank = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.enum(values), z.literal(BLANK)]);
const text = () => z.string().max(200);

/** A numeric range filter's value: inclusive ends, at least one of them, min ≤ max. */
export interface NumberRange {
  min?: number;
  max?: number;
}
/** A date range filter's value: inclusive ends (YYYY-MM-DD), at least one of them, from ≤ to. */
export interface DateRange {
  from?: string;
  to?: string;
}

const isDateRange = (r: NumberRange | DateRange): r is DateRange => 'from' in r || 'to' in r;
/** Both ends of a range, whichever its kind: [low, high], undefined where open. */
export function rangeEnds(
  r: NumberRange | DateRange,
): [number | string | undefined, number | string | undefined] {
  return isDateRange(r) ? [r.from, r.to] : [r.min, r.max];
}

/** A numeric range's schema; `lo`/`hi` bound the values the filter's column can hold (scores 0–100). */
function numberRange(lo?: number, hi?: number): z.ZodType<NumberRange, NumberRange> {
  // z.number() refuses NaN and ±Infinity: the ends are finite.
  return z
    .object({ min: z.number().optional(), max: z.number().optional() })
    .strict()
    .superRefine((r, ctx) => {
      const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
      if (r.min === undefined && r.max === undefined)
        return issue('give a minimum, a maximum or both (MIN..MAX, MIN.., ..MAX)');
      for (const [end, n] of [
        ['minimum', r.min],
        ['maximum', r.max],
      ] as const)
        if (n !== undefined && ((lo !== undefined && n < lo) || (hi !== undefined && n > hi)))
          return issue(`the ${end} ${n} is outside ${lo}–${hi}`);
      if (r.min !== undefined && r.max !== undefined && r.min > r.max)
        issue(`the minimum ${r.min} is above the maximum ${r.max}`);
    });
}
function dateRange(): z.ZodType<DateRange, DateRange> {
  return z
    .object({ from: IsoDate.optional(), to: IsoDate.optional() })
    .strict()
    .superRefine((r, ctx) => {
      if (r.from === undefined && r.to === undefined)
        ctx.addIssue({
          code: 'custom',
          message: 'give a first date, a last date or both (FROM..TO, FROM.., ..TO)',
        });
      else if (r.from !== undefined && r.to !== undefined && r.from > r.to)
        ctx.addIssue({ code: 'custom', message: `the first date ${r.from} is after the last date ${r.to}` });
    });
}

interface Common {
  /** The filter as the user reads it (chips, facet legends, saved views). */
  label: string;
  /** Its key in the renderer's hash (`#/propensity?product=M365`). */
  urlKey: string;
  /** Its CLI flag, `--flag` (a toggle also has `--no-flag`). */
  flag: string;
  /** Its CLI help: the flag's argument, and a line of text (lists with none share one line). */
  help: { arg?: string; text?: string };
}
/** A list: OR within it, AND with the other filters. A list value BLANK matches an empty value. */
interface ListDef extends Common {
  kind: 'list';
  schema: z.ZodOptional<z.ZodArray<z.ZodType<string>>>;
  /** Its name in the workbook's "Filters" line ("Product: M365, Azure"). */
  describe: string;
}
/** A yes/no filter: set true or false, or not set. */
interface ToggleDef extends Common {
  kind: 'toggle';
  schema: z.ZodOptional<z.ZodBoolean>;
  /** The workbook's "Filters" line for true and for false. */
  describe: readonly [yes: string, no: string];
}
/** Free text (the quick search): set when it holds more than spaces. */
interface TextDef extends Common {
  kind: 'text';
  schema: z.ZodOptional<z.ZodString>;
  describe: string;
}
/**
 * A range of numbers, both ends inclusive; either end may be open. A blank value (no score, no
 * revenue, no OrgSize) never matches a range, whatever its ends.
 */
interface RangeDef extends Common {
  kind: 'range';
  schema: z.ZodOptional<z.ZodType<NumberRange, NumberRange>>;
  /** Its name in the workbook's "Filters" line ("Fit ≥ 70", "Org size 25–299"). */
  describe: string;
}
/** A range of dates (YYYY-MM-DD), both ends inclusive; either end may be open. */
interface DateRangeDef extends Common {
  kind: 'dateRange';
  schema: z.ZodOptional<z.ZodType<DateRange, DateRange>>;
  /** Its name in the workbook's "Filters" line ("Agreement end 2026-12-01 to 2027-03-31"). */
  describe: string;
}
export type FilterDef = ListDef | ToggleDef | TextDef | RangeDef | DateRangeDef;
export type FilterKind = FilterDef['kind'];

/** In the order of the Filters schema; the help and the "Filters" line follow it too. */
export const FILTERS = {
  product: {
    kind: 'list',
    schema: z.array(z.enum(PRODUCTS)).optional(),
    label: 'Product',
    urlKey: 'product',
    flag: 'product',
    help: { arg: 'K,…', text: PRODUCTS.join(', ') },
    describe: 'Product',
  },
  cluster: {
    kind: 'list',
    schema: z.array(orBlank(CLUSTERS)).optional(),
    label: 'Cluster',
    urlKey: 'cluster',
    flag: 'cluster',
    help: { arg: 'C,…', text: CLUSTERS.join(', ') },
    describe: 'Cluster',
  },
  country: {
    kind: 'list',
    schema: z.array(text()).optional(),
    label: 'Country',
    urlKey: 'country',
    flag: 'country',
    help: { arg: 'X,…' },
    describe: 'Country',
  },
  area: {
    kind: 'list',
    schema: z.array(text()).optional(),
    label: 'Area',
    urlKey: 'area',
    flag: 'area',
    help: { arg: 'A,…' },
    describe: 'Area',
  },
  /** The file's SalesTerritory of the customer. */
  salesTerritory: {
    kind: 'list',
    schema: z.array(text()).optional(),
    label: 'Sales territory',
    urlKey: 'territory',
    flag: 'territory',
    help: { arg: 'T,…' },
    describe: 'Sales territory',
  },
  industry: {
    kind: 'list',
    schema: z.array(text()).optional(),
    label: 'Industry',
    urlKey: 'industry',
    flag: 'industry',
    help: { arg: 'I,…' },
    describe: 'Industry',
  },
  vertical: {
    kind: 'list',
    schema: z.array(text()).optional(),
    label: 'Vertical',
    urlKey: 'vertical',
    flag: 'vertical',
    help: { arg: 'V,…' },
    describe: 'Vertical',
  },
  subSegment: {
    kind: 'list',
    schema: z.array(text()).optional(),
    label: 'Subsegment',
    urlKey: 'subSegment',
    flag: 'subsegment',
    help: { arg: 'S,…' },
    describe: 'Subsegment',
  },
  cell: {
    kind: 'list',
    schema: z.array(orBlank(CELLS)).optional(),
    label: 'Cell',
    urlKey: 'cell',
    flag: 'cell',
    help: { arg: 'C,…', text: `matrix cells ${CELLS[0]}–${CELLS[CELLS.length - 1]}` },
    describe: 'Cell',
  },
  computedCluster: {
    kind: 'list',
    schema: z.array(orBlank(CLUSTERS)).optional(),
    label: 'Computed cluster',
    urlKey: 'computedCluster',
    flag: 'computed-cluster',
    help: { arg: 'C,…', text: 'the cluster computed from the scores (values as --cluster)' },
    describe: 'Computed cluster',
  },
  /*
   * Ranges. On a product row (the Propensity grid, the exports' product tabs) fit, intent and
   * whitespaceRevenue test the row's own value, so with a product chosen they test that
   * product's; orgSize tests the customer's. agreementEnd and expiringRevenue are the customer's
   * agreements (see each). The call list (main/query/customers.ts) gives them their meaning per
   * customer. A blank value never matches a range.
   */
  /** The row's Fit score (0–100). */
  fit: {
    kind: 'range',
    schema: numberRange(0, 100).optional(),
    label: 'Fit',
    urlKey: 'fit',
    flag: 'fit',
    help: { arg: 'MIN..MAX', text: 'Fit score 0–100, inclusive; an end may be left open (70.., ..40)' },
    describe: 'Fit',
  },
  /** The row's Intent score (0–100). */
  intent: {
    kind: 'range',
    schema: numberRange(0, 100).optional(),
    label: 'Intent',
    urlKey: 'intent',
    flag: 'intent',
    help: { arg: 'MIN..MAX', text: 'Intent score 0–100, as --fit' },
    describe: 'Intent',
  },
  /** The row's whitespace revenue (the file's figure or the app's estimate, as shown). */
  whitespaceRevenue: {
    kind: 'range',
    schema: numberRange().optional(),
    label: 'Whitespace revenue',
    urlKey: 'whitespaceRevenue',
    flag: 'whitespace-revenue',
    help: { arg: 'MIN..MAX', text: 'whitespace revenue (file or estimate), as --fit (10000..)' },
    describe: 'Whitespace revenue',
  },
  /** The customer's OrgSize (employees). */
  orgSize: {
    kind: 'range',
    schema: numberRange().optional(),
    label: 'Org size',
    urlKey: 'orgSize',
    flag: 'org-size',
    help: { arg: 'MIN..MAX', text: "the customer's OrgSize (employees), as --fit (25..299)" },
    describe: 'Org size',
  },
  /**
   * The customer has an open agreement (in the current agreements report, not ended on the as-of
   * date) whose end date is within [from, to].
   */
  agreementEnd: {
    kind: 'dateRange',
    schema: dateRange().optional(),
    label: 'Agreement end',
    urlKey: 'agreementEnd',
    flag: 'agreement-end',
    help: {
      arg: 'FROM..TO',
      text: 'customers with an open agreement ending in these dates (YYYY-MM-DD, inclusive)',
    },
    describe: 'Agreement end',
  },
  /**
   * The customer's expiring revenue within [min, max]: the sum over its open agreements ending in
   * the current fiscal year (as the call list's expiringRevenue); a customer with none has none.
   */
  expiringRevenue: {
    kind: 'range',
    schema: numberRange().optional(),
    label: 'Expiring revenue',
    urlKey: 'expiringRevenue',
    flag: 'expiring-revenue',
    help: { arg: 'MIN..MAX', text: "the customer's open expiring revenue this fiscal year, as --fit" },
    describe: 'Expiring revenue',
  },
  whitespace: {
    kind: 'toggle',
    schema: z.boolean().optional(),
    label: 'Whitespace',
    urlKey: 'whitespace',
    flag: 'whitespace',
    help: { text: 'only (or no) whitespace rows' },
    describe: ['Whitespace only', 'No whitespace'],
  },
  upsell: {
    kind: 'toggle',
    schema: z.boolean().optional(),
    label: 'Upsell',
    urlKey: 'upsell',
    flag: 'upsell',
    help: { text: 'only (or no) upsell rows' },
    describe: ['Upsell only', 'No upsell'],
  },
  /** Customers with at least one end-of-service flag set. */
  eos: {
    kind: 'toggle',
    schema: z.boolean().optional(),
    label: 'End of service',
    urlKey: 'eos',
    flag: 'eos',
    help: { text: 'customers with (without) an end-of-service flag set' },
    describe: ['With end-of-service flags', 'Without end-of-service flags'],
  },
  /** Customers with every one of these play/EOS flags set (flag names as in the file). */
  flag: {
    kind: 'list',
    schema: z.array(z.string().max(300)).optional(),
    label: 'Play flag',
    urlKey: 'flag',
    flag: 'flag',
    help: { arg: 'NAME,…', text: 'customers with every one of these play/EOS flags set' },
    describe: 'Flags',
  },
  /** File cluster differs from the cluster computed from the scores. */
  mismatch: {
    kind: 'toggle',
    schema: z.boolean().optional(),
    label: 'File cluster ≠ computed cluster',
    urlKey: 'mismatch',
    flag: 'mismatch',
    help: { text: 'the file cluster differs from (agrees with) the computed one' },
    describe: ['File cluster differs from computed cluster', 'File cluster agrees with computed cluster'],
  },
  /** Customers who moved into Act Now since the previous snapshot of their report. */
  movedIntoActNow: {
    kind: 'toggle',
    schema: z.boolean().optional(),
    label: 'Moved into Act Now',
    urlKey: 'movedIntoActNow',
    flag: 'moved-into-act-now',
    help: { text: 'moved (did not move) into Act Now since the previous snapshot' },
    describe: ['Moved into Act Now', 'Did not move into Act Now'],
  },
  search: {
    kind: 'text',
    schema: text().optional(),
    label: 'Search',
    urlKey: 'q',
    flag: 'search',
    help: { arg: 'TEXT', text: 'account name, customer ID or domain contains TEXT' },
    describe: 'Search',
  },
} as const satisfies Record<string, FilterDef>;

export type FilterKey = keyof typeof FILTERS;
type KeysOf<Kind extends FilterKind> = {
  [K in FilterKey]: (typeof FILTERS)[K]['kind'] extends Kind ? K : never;
}[FilterKey];
export type ListFilterKey = KeysOf<'list'>;
export type ToggleFilterKey = KeysOf<'toggle'>;
export type NumberRangeKey = KeysOf<'range'>;
export type DateRangeKey = KeysOf<'dateRange'>;
/** The range filters of either kind. */
export type RangeFilterKey = NumberRangeKey | DateRangeKey;

/** Every filter, in the registry's order. */
export const FILTER_KEYS = Object.keys(FILTERS) as FilterKey[];
const ofKind = <K extends FilterKey>(kind: FilterKind) =>
  FILTER_KEYS.filter((k) => FILTERS[k].kind === kind) as K[];
export const LIST_FILTERS: readonly ListFilterKey[] = ofKind<ListFilterKey>('list');
export const TOGGLE_FILTERS: readonly ToggleFilterKey[] = ofKind<ToggleFilterKey>('toggle');
export const NUMBER_RANGE_FILTERS: readonly NumberRangeKey[] = ofKind<NumberRangeKey>('range');
export const DATE_RANGE_FILTERS: readonly DateRangeKey[] = ofKind<DateRangeKey>('dateRange');
/** The range filters of both kinds, in the registry's order. */
export const RANGE_FILTERS: readonly RangeFilterKey[] = FILTER_KEYS.filter(
  (k) => FILTERS[k].kind === 'range' || FILTERS[k].kind === 'dateRange',
) as RangeFilterKey[];

type Shape = { [K in FilterKey]: (typeof FILTERS)[K]['schema'] };
/** The one filter model of the grid, `ascent rows` and exports. Every list is OR within, AND across. */
export const Filters = z
  .object(Object.fromEntries(FILTER_KEYS.map((k) => [k, FILTERS[k].schema])) as Shape)
  .strict();
export type Filters = z.infer<typeof Filters>;

/**
 * The list filters the grid also offers as facets, in the order facets are counted and listed
 * (every list filter but the flags, which have a facet of their own).
 */
export const FACET_FIELDS = [
  'product',
  'cluster',
  'cell',
  'country',
  'area',
  'salesTerritory',
  'industry',
  'vertical',
  'subSegment',
  'computedCluster',
] as const satisfies readonly ListFilterKey[];
export type FacetField = (typeof FACET_FIELDS)[number];

/**
 * The list filters on a customer's own record whose values are the files' free text (not a
 * vocabulary of ours): a typo there matches nothing.
 */
export const FIRMOGRAPHIC_LISTS = [
  'country',
  'area',
  'salesTerritory',
  'industry',
  'vertical',
  'subSegment',
] as const satisfies readonly ListFilterKey[];

/**
 * A filter's value narrows the rows: a non-empty list, a yes or a no, a search with more than
 * spaces, a range with an end.
 */
export function isActive(key: FilterKey, value: unknown): boolean {
  const kind = FILTERS[key].kind;
  if (kind === 'list') return Array.isArray(value) && value.length > 0;
  if (kind === 'text') return typeof value === 'string' && value.trim() !== '';
  if (kind === 'range' || kind === 'dateRange')
    return typeof value === 'object' && value !== null && rangeEnds(value).some((e) => e !== undefined);
  return value !== undefined;
}

/**
 * A range as text, the CLI's and the URL's form: `70..`, `..40`, `25..299`,
 * `2026-12-01..2027-03-31` (an open end is left empty).
 */
export function formatRange(r: NumberRange | DateRange): string {
  const [lo, hi] = rangeEnds(r);
  return `${lo ?? ''}..${hi ?? ''}`;
}

/**
 * A range's text (`MIN..MAX`, `MIN..`, `..MAX`) as a value for the filter's schema, or why it is
 * not one. Only the form is checked here; the schema checks the ends (real dates, min ≤ max, 0–100).
 */
export function parseRange(
  key: RangeFilterKey,
  text: string,
): { value: NumberRange | DateRange } | { error: string } {
  const dates = FILTERS[key].kind === 'dateRange';
  const form = dates ? 'FROM..TO, FROM.. or ..TO' : 'MIN..MAX, MIN.. or ..MAX';
  const parts = text.trim().split('..');
  if (parts.length !== 2) return { error: `"${text}" is not a range (${form})` };
  const [lo, hi] = parts.map((p) => p.trim()) as [string, string];
  if (lo === '' && hi === '') return { error: `"${text}" has neither end (${form})` };
  for (const end of [lo, hi])
    if (end !== '' && (dates ? !/^\d{4}-\d{2}-\d{2}$/.test(end) : !/^-?\d+(\.\d+)?$/.test(end)))
      return { error: `"${end}" is not ${dates ? 'a date as YYYY-MM-DD' : 'a number'} (${form})` };
    else if (dates && end !== '' && !isIsoDate(end)) return { error: `"${end}" is not a real date` };
  if (dates) return { value: { ...(lo && { from: lo }), ...(hi && { to: hi }) } };
  return { value: { ...(lo && { min: Number(lo) }), ...(hi && { max: Number(hi) }) } };
}

/** A range in words, after its name: "Fit ≥ 70", "Intent ≤ 40", "Org size 25–299", "Agreement end 2026-12-01 to 2027-03-31". */
function describeRange(name: string, dates: boolean, r: NumberRange | DateRange): string {
  const [lo, hi] = rangeEnds(r);
  if (lo !== undefined && hi !== undefined)
    return lo === hi ? `${name} ${dates ? 'on' : '='} ${lo}` : `${name} ${lo}${dates ? ' to ' : '–'}${hi}`;
  if (lo !== undefined) return `${name} ${dates ? 'from' : '≥'} ${lo}`;
  return `${name} ${dates ? 'until' : '≤'} ${hi}`;
}

/** The filters that are set, in the registry's order. */
export function activeFilters(f: Filters): FilterKey[] {
  return FILTER_KEYS.filter((k) => isActive(k, f[k]));
}

/** The filters in words, as the workbook's "Filters" line: "Product: M365, Azure; Country: Netherlands; Search: "contoso"". */
export function describeFilters(f: Filters): string {
  const parts: string[] = [];
  // Lists first, then the ranges, then the yes/no filters, then the search: the order the line
  // has always had, with the ranges after the lists.
  for (const kind of ['list', 'range', 'dateRange', 'toggle', 'text'] as const)
    for (const key of FILTER_KEYS) {
      const def: FilterDef = FILTERS[key];
      const v = f[key];
      if (def.kind !== kind || !isActive(key, v)) continue;
      if (def.kind === 'list') parts.push(`${def.describe}: ${(v as string[]).join(', ')}`);
      else if (def.kind === 'range' || def.kind === 'dateRange')
        parts.push(describeRange(def.describe, def.kind === 'dateRange', v as NumberRange | DateRange));
      else if (def.kind === 'toggle') parts.push(def.describe[v ? 0 : 1]);
      else parts.push(`${def.describe}: "${(v as string).trim()}"`);
    }
  return parts.length ? parts.join('; ') : 'None (all customers in the current snapshots)';
}
