/** What every `ascent` command shares: option parsing, the filter flags, the exit-code rules. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isIsoDate } from '../../shared/domain/fiscal';
import {
  BLANK,
  FILTERS,
  FILTER_KEYS,
  Filters,
  ROW_FIELDS,
  RowsQuery,
  formatRange,
  parseRange,
  type FilterKey,
  type DateRange,
  type NumberRange,
  type RangeFilterKey,
  type ToggleFilterKey,
} from '../../shared/filters';
import { CacheError, cacheErrorOf } from '../cache/db';

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const DB_OPTS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const;

type Registry = typeof FILTERS;
/** A flag per filter (`--flag`, a string; a toggle: `--flag` and `--no-flag`, booleans), from the registry. */
type FilterOpts = {
  [K in FilterKey as Registry[K]['flag']]: {
    type: Registry[K]['kind'] extends 'toggle' ? 'boolean' : 'string';
  };
} & { [K in ToggleFilterKey as `no-${Registry[K]['flag']}`]: { type: 'boolean' } };

export const FILTER_OPTS = Object.fromEntries(
  FILTER_KEYS.flatMap((k): [string, { type: 'string' | 'boolean' }][] => {
    const { kind, flag } = FILTERS[k];
    return kind === 'toggle'
      ? [
          [flag, { type: 'boolean' }],
          [`no-${flag}`, { type: 'boolean' }],
        ]
      : [[flag, { type: 'string' }]];
  }),
) as FilterOpts;

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  positionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}

function list(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** CLI flags → the shared filter model, validated by the same schema as the API. Only the filters given are set. */
export function filtersFromFlags(v: Record<string, string | boolean | undefined>): Filters {
  const raw: Record<string, unknown> = {};
  for (const k of FILTER_KEYS) {
    const { kind, flag } = FILTERS[k];
    if (kind === 'toggle') {
      const yes = v[flag] === true;
      const no = v[`no-${flag}`] === true;
      if (yes && no) throw new UsageError(`--${flag} and --no-${flag}: give one of them`);
      if (yes || no) raw[k] = yes;
    } else if (typeof v[flag] === 'string') {
      if (kind === 'range' || kind === 'dateRange') {
        const r = parseRange(k as RangeFilterKey, v[flag]);
        if ('error' in r) throw new UsageError(`--${flag}: ${r.error}`);
        raw[k] = r.value;
      } else raw[k] = kind === 'list' ? list(v[flag]) : v[flag];
    }
  }
  const r = Filters.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const key = i.path[0];
    throw new UsageError(
      `--${key !== undefined && key in FILTERS ? FILTERS[key as FilterKey].flag : 'filter'}: ${i.message}`,
    );
  }
  return r.data;
}

/** The filters as CLI arguments (what filtersFromFlags reads back; a list value must not hold a comma). */
export function filtersToFlags(f: Filters): string[] {
  return FILTER_KEYS.flatMap((k) => {
    const { kind, flag } = FILTERS[k];
    const v = f[k];
    if (v === undefined) return [];
    if (kind === 'toggle') return [v ? `--${flag}` : `--no-${flag}`];
    // `--flag=…`: a range may start with a minus sign, which parseArgs would read as an option.
    if (kind === 'range' || kind === 'dateRange')
      return [`--${flag}=${formatRange(v as NumberRange | DateRange)}`];
    return [`--${flag}`, Array.isArray(v) ? v.join(',') : (v as string)];
  });
}

/**
 * The filter flags' part of a command's help, from the registry: one line per filter with a
 * help text, and the free-text lists (country, area…) on one line of their own.
 */
export function filterFlagsHelp(): string {
  const lines = ['Filters (comma-separated lists; OR within a flag, AND across flags):'];
  let shared = -1;
  for (const k of FILTER_KEYS) {
    const def = FILTERS[k];
    const { arg, text } = def.help as { arg?: string; text?: string };
    const usage = def.kind === 'toggle' ? `--[no-]${def.flag}` : `--${def.flag} ${arg ?? ''}`.trimEnd();
    if (text === undefined) {
      // Lists with no text of their own share one line, where the first of them comes.
      if (shared < 0) shared = lines.push('') - 1;
      lines[shared] += `  ${usage}`;
    } else lines.push(`  ${usage.length < 18 ? usage.padEnd(18) : `${usage} `} ${text}`);
  }
  lines.push(`  A list value ${BLANK} matches a blank one. A range is MIN..MAX, MIN.. or ..MAX (inclusive).`);
  return lines.join('\n');
}

export function parseSort(v: string | undefined): RowsQuery['sort'] {
  if (!v) return undefined;
  return v.split(',').map((part) => {
    const [field, dir = 'asc'] = part.split(':');
    if (!(ROW_FIELDS as readonly string[]).includes(field ?? ''))
      throw new UsageError(`--sort: unknown field "${field}" (one of ${ROW_FIELDS.join(', ')})`);
    if (dir !== 'asc' && dir !== 'desc')
      throw new UsageError(`--sort: direction must be asc or desc, not "${dir}"`);
    return { field: field as (typeof ROW_FIELDS)[number], dir };
  });
}

export function nonNegativeInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, not "${v}"`);
  return Number(v);
}

export function isoOption(name: string, v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (!isIsoDate(v)) throw new UsageError(`--${name} must be a date as YYYY-MM-DD, not "${v}"`);
  return v;
}

/** Known failures print one line; a usage error exits 2, anything else 1 (a stack only with --debug). */
export async function runCommand(args: string[], io: Io, fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (caught) {
    const e = cacheErrorOf(caught); // the workspace's own errors name it: locked, disk full, damaged
    if (e instanceof UsageError) {
      io.err(`ascent: ${e.message}\n`);
      return 2;
    }
    if (args.includes('--debug') && !(e instanceof CacheError)) io.err(`${(e as Error).stack}\n`);
    else io.err(`ascent: ${String((e as Error).message ?? e).split('\n')[0]}\n`);
    return 1;
  }
}
