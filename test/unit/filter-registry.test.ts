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
  TOGGLE_FILTERS,
  describeFilters,
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
  });

  it("describes filters as the workbook's Filters line always has", () => {
    expect(describeFilters({})).toBe('None (all customers in the current snapshots)');
    expect(describeFilters({ search: '   ', flag: [], product: [] })).toBe(
      'None (all customers in the current snapshots)',
    );
    expect(describeFilters(everyOne())).toBe(
      'Product: M365; Cluster: Act Now; Country: Netherlands; Area: Western Europe; ' +
        'Industry: Financial Services, Education; Vertical: Banking; Subsegment: SMB; Cell: A1, D4; ' +
        'Computed cluster: Evaluate; Flags: MW_Teams Phone; Whitespace only; Upsell only; ' +
        'With end-of-service flags; File cluster differs from computed cluster; Moved into Act Now; ' +
        'Search: "contoso"',
    );
    for (const key of FILTER_KEYS)
      for (const v of SAMPLES[key])
        expect(describeFilters(one(key, v)), key).toBe(workbookDescribe(one(key, v)));
    const negative = Filters.parse(Object.fromEntries(FILTER_KEYS.map((k) => [k, SAMPLES[k].at(-1)])));
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
