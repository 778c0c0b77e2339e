/**
 * The one registry of filters: per filter its schema, its label, its URL key, its CLI flag and how
 * the workbook's "Filters" line names it. The Filters schema, the URL state, the CLI flags and the
 * "Filters" line are generated from it; the SQL and row-store builders (main/query/filter-sql.ts,
 * filter-masks.ts) are keyed by its keys, with types that ask for an entry for every one. Only what
 * the renderer may load lives here (no Node, no SQL).
 */
import { z } from 'zod';
import { CELLS, CLUSTERS } from '../domain/matrix';
import { PRODUCTS } from '../domain/products';

/** In a list filter, matches an empty value, so facets can offer blanks too. */
export const BLANK = '(none)';
const orBlank = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.enum(values), z.literal(BLANK)]);
const text = () => z.string().max(200);

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
export type FilterDef = ListDef | ToggleDef | TextDef;
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

/** Every filter, in the registry's order. */
export const FILTER_KEYS = Object.keys(FILTERS) as FilterKey[];
const ofKind = <K extends FilterKey>(kind: FilterKind) =>
  FILTER_KEYS.filter((k) => FILTERS[k].kind === kind) as K[];
export const LIST_FILTERS: readonly ListFilterKey[] = ofKind<ListFilterKey>('list');
export const TOGGLE_FILTERS: readonly ToggleFilterKey[] = ofKind<ToggleFilterKey>('toggle');

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
  'industry',
  'vertical',
  'subSegment',
  'computedCluster',
] as const satisfies readonly ListFilterKey[];
export type FacetField = (typeof FACET_FIELDS)[number];

/** A filter's value narrows the rows: a non-empty list, a yes or a no, a search with more than spaces. */
export function isActive(key: FilterKey, value: unknown): boolean {
  const kind = FILTERS[key].kind;
  if (kind === 'list') return Array.isArray(value) && value.length > 0;
  if (kind === 'text') return typeof value === 'string' && value.trim() !== '';
  return value !== undefined;
}

/** The filters that are set, in the registry's order. */
export function activeFilters(f: Filters): FilterKey[] {
  return FILTER_KEYS.filter((k) => isActive(k, f[k]));
}

/** The filters in words, as the workbook's "Filters" line: "Product: M365, Azure; Country: Netherlands; Search: "contoso"". */
export function describeFilters(f: Filters): string {
  const parts: string[] = [];
  // Lists first, then the yes/no filters, then the search: the order the line has always had.
  for (const kind of ['list', 'toggle', 'text'] as const)
    for (const key of FILTER_KEYS) {
      const def: FilterDef = FILTERS[key];
      const v = f[key];
      if (def.kind !== kind || !isActive(key, v)) continue;
      if (def.kind === 'list') parts.push(`${def.describe}: ${(v as string[]).join(', ')}`);
      else if (def.kind === 'toggle') parts.push(def.describe[v ? 0 : 1]);
      else parts.push(`${def.describe}: "${(v as string).trim()}"`);
    }
  return parts.length ? parts.join('; ') : 'None (all customers in the current snapshots)';
}
