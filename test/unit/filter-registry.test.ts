import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BLANK,
  FACET_FIELDS,
  FILTERS,
  FILTER_KEYS,
  Filters,
  LIST_FILTERS,
  RANGE_FILTERS,
  TOGGLE_FILTERS,
  describeFilters,
  formatRange,
  parseRange,
  filtersFromParams,
  filtersToParams,
  type FilterKey,
} from '../../shared/filters';
import {
  FILTER_OPTS,
  UsageError,
  filterFlagsHelp,
  filtersFromFlags,
  filtersToFlags,
  parse,
} from '../../main/cli/args';
import { FILTER_SQL } from '../../main/query/filter-sql';
import { FILTER_MASKS } from '../../main/query/filter-masks';
import { FILTER_KEYS_UI } from '../../renderer/src/labels';
import { en } from '../../renderer/src/i18n/en';
import { describeFilters as workbookDescribe } from '../../main/export/workbook';

/** Values of every filter (the type asks for each one): with BLANK, with spaces, with commas where a form allows them. */
const SAMPLES: { [K in FilterKey]: NonNullable<Filters[K]>[] } = {
  product: [['M365'], ['M365', 'Azure', 'D365BC']],
  cluster: [['Act Now'], [BLANK, 'Nurture']],
  country: [['Netherlands'], ['United States', BLANK]],
  area: [['Western Europe']],
  salesTerritory: [['Benelux'], ['DACH North', BLANK]],
  fit: [{ min: 70 }, { max: 40 }, { min: 0, max: 100 }, { min: 55.5, max: 55.5 }],
  intent: [{ max: 40 }, { min: 20, max: 60 }],
  whitespaceRevenue: [{ min: 10000 }, { min: 0.01, max: 1234567.89 }],
  orgSize: [{ min: 25, max: 299 }, { max: 9 }],
  agreementEnd: [{ from: '2026-12-01', to: '2027-03-31' }, { from: '2027-01-01' }, { to: '2026-12-31' }],
  expiringRevenue: [{ min: 1000 }, { min: -50, max: 0 }],
  industry: [['Financial Services', 'Education']],
  vertical: [['Banking']],
  subSegment: [['SMB'], [BLANK]],
  cell: [['A1', 'D4'], [BLANK]],
  computedCluster: [['Evaluate'], [BLANK, 'Educate']],
  whitespace: [true, false],
  upsell: [true, false],
  eos: [true, false],
  flag: [['MW_Teams Phone'], ['MW_Teams Phone', 'MW_Windows 10 EOS']],
  mismatch: [true, false],
  movedIntoActNow: [true, false],
  search: ['contoso', '  a b  ', '%_\\'],
};
const one = (k: FilterKey, v: unknown) => Filters.parse({ [k]: v });
const everyOne = (): Filters => Filters.parse(Object.fromEntries(FILTER_KEYS.map((k) => [k, SAMPLES[k][0]])));
/** The filters before issue 14 (ranges, territories), which the workbook's own describeFilters names. */
const NEW_KEYS: readonly FilterKey[] = ['salesTerritory', ...RANGE_FILTERS];
const WORKBOOK_KEYS = FILTER_KEYS.filter((k) => !NEW_KEYS.includes(k));
const everyOld = (): Filters =>
  Filters.parse(Object.fromEntries(WORKBOOK_KEYS.map((k) => [k, SAMPLES[k][0]])));

describe('the filter registry', () => {
  it('covers every key of the Filters schema, and both engines cover every filter of it', () => {
    expect(Object.keys(Filters.shape)).toEqual(FILTER_KEYS);
    expect(Object.keys(FILTER_SQL).sort()).toEqual([...FILTER_KEYS].sort());
    expect(Object.keys(FILTER_MASKS).sort()).toEqual([...FILTER_KEYS].sort());
    expect(Object.keys(SAMPLES).sort()).toEqual([...FILTER_KEYS].sort());
    // Every list filter is a facet but the flags, which have a facet of their own.
    expect(LIST_FILTERS.filter((k) => !(FACET_FIELDS as readonly string[]).includes(k))).toEqual(['flag']);
    expect([...FACET_FIELDS].sort()).toEqual(LIST_FILTERS.filter((k) => k !== 'flag').sort());
  });

  it('gives every filter a label, a URL key and a CLI flag, each its own', () => {
    for (const key of FILTER_KEYS) {
      const def = FILTERS[key];
      expect(def.label, key).toMatch(/\S/);
      expect(def.urlKey, key).toMatch(/^[A-Za-z]+$/);
      expect(def.flag, key).toMatch(/^[a-z][a-z-]*$/);
      // The UI's English name of each filter (its catalog entry) is the registry's label.
      expect(en[FILTER_KEYS_UI[key]], key).toBe(def.label);
      expect(Object.keys(FILTER_OPTS), key).toContain(def.flag);
      if (def.kind === 'toggle') expect(Object.keys(FILTER_OPTS), key).toContain(`no-${def.flag}`);
      expect(filterFlagsHelp(), key).toContain(
        def.kind === 'toggle' ? `--[no-]${def.flag}` : `--${def.flag} `,
      );
    }
    for (const field of ['label', 'urlKey', 'flag'] as const)
      expect(new Set(FILTER_KEYS.map((k) => FILTERS[k][field])).size, field).toBe(FILTER_KEYS.length);
    // The URL keys and CLI flags that existed before the registry keep their names.
    expect(FILTERS.search.urlKey).toBe('q');
    expect(FILTERS.subSegment.flag).toBe('subsegment');
    expect(TOGGLE_FILTERS).toEqual(['whitespace', 'upsell', 'eos', 'mismatch', 'movedIntoActNow']);
    expect(RANGE_FILTERS).toEqual([
      'fit',
      'intent',
      'whitespaceRevenue',
      'orgSize',
      'agreementEnd',
      'expiringRevenue',
    ]);
    const flags = Object.fromEntries(FILTER_KEYS.map((k) => [k, FILTERS[k].flag]));
    expect(flags).toMatchObject({
      fit: 'fit',
      intent: 'intent',
      whitespaceRevenue: 'whitespace-revenue',
      orgSize: 'org-size',
      agreementEnd: 'agreement-end',
      expiringRevenue: 'expiring-revenue',
      salesTerritory: 'territory',
    });
    expect(FILTERS.fit.help.arg).toBe('MIN..MAX');
    expect(FILTERS.agreementEnd.help.arg).toBe('FROM..TO');
  });

  it('reads and writes ranges as MIN..MAX, with either end open', () => {
    expect(parseRange('fit', '70..')).toEqual({ value: { min: 70 } });
    expect(parseRange('intent', '..40')).toEqual({ value: { max: 40 } });
    expect(parseRange('orgSize', ' 25 .. 299 ')).toEqual({ value: { min: 25, max: 299 } });
    expect(parseRange('whitespaceRevenue', '10000.5..')).toEqual({ value: { min: 10000.5 } });
    expect(parseRange('expiringRevenue', '-5..0')).toEqual({ value: { min: -5, max: 0 } });
    expect(parseRange('agreementEnd', '2026-12-01..2027-03-31')).toEqual({
      value: { from: '2026-12-01', to: '2027-03-31' },
    });
    expect(parseRange('agreementEnd', '..2027-03-31')).toEqual({ value: { to: '2027-03-31' } });
    for (const [key, text, error] of [
      ['fit', 'abc..', '"abc" is not a number'],
      ['fit', '70', 'is not a range'],
      ['fit', '..', 'has neither end'],
      ['fit', '1..2..3', 'is not a range'],
      ['fit', '1e3..', '"1e3" is not a number'],
      ['agreementEnd', '2027-02-30..', '"2027-02-30" is not a real date'],
      ['agreementEnd', '1/2/2027..', '"1/2/2027" is not a date as YYYY-MM-DD'],
    ] as const) {
      const r = parseRange(key, text);
      expect('error' in r && r.error, `${key} ${text}`).toContain(error);
    }
    expect(formatRange({ min: 70 })).toBe('70..');
    expect(formatRange({ max: 40 })).toBe('..40');
    expect(formatRange({ min: 25, max: 299 })).toBe('25..299');
    expect(formatRange({ from: '2026-12-01', to: '2027-03-31' })).toBe('2026-12-01..2027-03-31');
  });

  it('refuses a range with no end, ends the wrong way round, or a score outside 0–100', () => {
    const bad = (f: unknown) => {
      const r = Filters.safeParse(f);
      return r.success ? null : r.error.issues[0]!.message;
    };
    expect(bad({ fit: {} })).toMatch(/give a minimum, a maximum or both/);
    expect(bad({ fit: { min: 80, max: 20 } })).toBe('the minimum 80 is above the maximum 20');
    expect(bad({ fit: { min: 101 } })).toBe('the minimum 101 is outside 0–100');
    expect(bad({ intent: { max: -1 } })).toBe('the maximum -1 is outside 0–100');
    expect(bad({ whitespaceRevenue: { min: Infinity } })).not.toBeNull();
    expect(bad({ orgSize: { min: Number.NaN } })).not.toBeNull();
    expect(bad({ orgSize: { min: 1, extra: 2 } })).not.toBeNull();
    expect(bad({ agreementEnd: { from: '2027-03-31', to: '2026-12-01' } })).toBe(
      'the first date 2027-03-31 is after the last date 2026-12-01',
    );
    expect(bad({ agreementEnd: { from: '2027-02-30' } })).not.toBeNull();
    expect(bad({ agreementEnd: { min: 1 } })).not.toBeNull();
    expect(bad({ fit: { min: 70, max: 70 }, orgSize: { min: 0 } })).toBeNull();
  });

  it('round-trips every filter through the URL', () => {
    for (const key of FILTER_KEYS)
      for (const v of SAMPLES[key]) {
        const f = one(key, v);
        expect(filtersFromParams(new URLSearchParams(filtersToParams(f).toString())), key).toEqual(f);
      }
    const all = everyOne();
    expect(filtersFromParams(new URLSearchParams(filtersToParams(all).toString()))).toEqual(all);
    // List values may hold commas: a list repeats its key.
    const commas = { country: ['Korea, Republic of', 'Bonaire, Sint Eustatius and Saba'] };
    expect(filtersFromParams(filtersToParams(commas))).toEqual(commas);
    expect(filtersToParams({ search: 'x', eos: false }).toString()).toBe('eos=0&q=x');
  });

  it('round-trips every filter through the CLI flags', () => {
    const back = (args: string[]) => filtersFromFlags(parse(args, FILTER_OPTS).values);
    for (const key of FILTER_KEYS)
      for (const v of SAMPLES[key]) {
        const f = one(key, v);
        expect(back(filtersToFlags(f)), key).toEqual(f);
      }
    const all = everyOne();
    expect(back(filtersToFlags(all))).toEqual(all);
    // The flags of before the registry, as they were: comma-separated lists, trimmed.
    expect(back(['--product', 'M365, Azure', '--subsegment', 'SMB', '--search', 'x'])).toEqual({
      product: ['M365', 'Azure'],
      subSegment: ['SMB'],
      search: 'x',
    });
    expect(back(['--whitespace', '--no-eos', '--computed-cluster', 'Act Now'])).toEqual({
      whitespace: true,
      eos: false,
      computedCluster: ['Act Now'],
    });
    expect(back([])).toEqual({});
    expect(() => back(['--eos', '--no-eos'])).toThrow(UsageError);
    expect(() => back(['--product', 'Excel'])).toThrow(/^--product: /);
    expect(() => back(['--subsegment', 'x'.repeat(201)])).toThrow(/^--subsegment: /);
    // Ranges: one line naming the flag and the reason.
    expect(back(['--fit', '70..', '--intent', '..40', '--territory', 'Benelux, DACH'])).toEqual({
      fit: { min: 70 },
      intent: { max: 40 },
      salesTerritory: ['Benelux', 'DACH'],
    });
    expect(back(['--agreement-end', '2026-12-01..2027-03-31', '--org-size', '25..299'])).toEqual({
      agreementEnd: { from: '2026-12-01', to: '2027-03-31' },
      orgSize: { min: 25, max: 299 },
    });
    expect(() => back(['--fit', '80..20'])).toThrow('--fit: the minimum 80 is above the maximum 20');
    expect(() => back(['--fit', 'abc..'])).toThrow(/^--fit: "abc" is not a number/);
    expect(() => back(['--fit', '70..200'])).toThrow('--fit: the maximum 200 is outside 0–100');
    expect(() => back(['--agreement-end', '2027-02-30..'])).toThrow(
      '--agreement-end: "2027-02-30" is not a real date',
    );
    expect(() => back(['--whitespace-revenue', '10k..'])).toThrow(
      /^--whitespace-revenue: "10k" is not a number/,
    );
  });

  it("describes filters as the workbook's Filters line always has", () => {
    expect(describeFilters({})).toBe('None (all customers in the current snapshots)');
    expect(describeFilters({ search: '   ', flag: [], product: [] })).toBe(
      'None (all customers in the current snapshots)',
    );
    expect(describeFilters(everyOld())).toBe(
      'Product: M365; Cluster: Act Now; Country: Netherlands; Area: Western Europe; ' +
        'Industry: Financial Services, Education; Vertical: Banking; Subsegment: SMB; Cell: A1, D4; ' +
        'Computed cluster: Evaluate; Flags: MW_Teams Phone; Whitespace only; Upsell only; ' +
        'With end-of-service flags; File cluster differs from computed cluster; Moved into Act Now; ' +
        'Search: "contoso"',
    );
    // Ranges after the lists, in the registry's order.
    expect(describeFilters(everyOne())).toBe(
      'Product: M365; Cluster: Act Now; Country: Netherlands; Area: Western Europe; ' +
        'Sales territory: Benelux; ' +
        'Industry: Financial Services, Education; Vertical: Banking; Subsegment: SMB; Cell: A1, D4; ' +
        'Computed cluster: Evaluate; Flags: MW_Teams Phone; Fit ≥ 70; Intent ≤ 40; ' +
        'Whitespace revenue ≥ 10000; Org size 25–299; Expiring revenue ≥ 1000; ' +
        'Agreement end 2026-12-01 to 2027-03-31; Whitespace only; Upsell only; ' +
        'With end-of-service flags; File cluster differs from computed cluster; Moved into Act Now; ' +
        'Search: "contoso"',
    );
    expect(describeFilters({ fit: { min: 60, max: 80 }, agreementEnd: { from: '2027-01-01' } })).toBe(
      'Fit 60–80; Agreement end from 2027-01-01',
    );
    expect(describeFilters({ fit: { min: 70, max: 70 }, agreementEnd: { to: '2027-01-31' } })).toBe(
      'Fit = 70; Agreement end until 2027-01-31',
    );
    expect(describeFilters({ agreementEnd: { from: '2027-01-31', to: '2027-01-31' } })).toBe(
      'Agreement end on 2027-01-31',
    );
    // The workbook's own copy (main/export, another branch's) knows the filters of before the
    // ranges and territories: the two agree on those.
    for (const key of WORKBOOK_KEYS)
      for (const v of SAMPLES[key])
        expect(describeFilters(one(key, v)), key).toBe(workbookDescribe(one(key, v)));
    const negative = Filters.parse(Object.fromEntries(WORKBOOK_KEYS.map((k) => [k, SAMPLES[k].at(-1)])));
    expect(describeFilters(negative)).toBe(workbookDescribe(negative));
  });
});

describe('the query engines', () => {
  it('import one another in no cycle (both build on filter-sql, filter-masks and query-model)', () => {
    const dir = path.join(import.meta.dirname, '../../main/query');
    const imports = new Map<string, string[]>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const local = [...text.matchAll(/^(?:import|export)\b[^;]*?from '\.\/([\w-]+)'/gms)].map(
        (m) => `${m[1]}.ts`,
      );
      imports.set(file, local);
    }
    const cycle = (from: string, seen: string[]): string[] | null => {
      if (seen.includes(from)) return [...seen.slice(seen.indexOf(from)), from];
      for (const next of imports.get(from) ?? []) {
        const found = cycle(next, [...seen, from]);
        if (found) return found;
      }
      return null;
    };
    for (const file of imports.keys()) expect(cycle(file, []), file).toBeNull();
    expect(imports.get('row-store.ts')).not.toContain('rows.ts');
    expect(imports.get('row-store.ts')).not.toContain('facets.ts');
  });
});
