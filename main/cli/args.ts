/** What every `ascent` command shares: option parsing, the filter flags, the exit-code rules. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isIsoDate } from '../../shared/domain/fiscal';
import { Filters, ROW_FIELDS, RowsQuery } from '../../shared/filters';
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

export const FILTER_OPTS = {
  product: { type: 'string' },
  cluster: { type: 'string' },
  country: { type: 'string' },
  area: { type: 'string' },
  industry: { type: 'string' },
  vertical: { type: 'string' },
  subsegment: { type: 'string' },
  search: { type: 'string' },
} as const;

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  positionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
}

function list(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** CLI flags → the shared filter model, validated by the same schema as the API. */
export function filtersFromFlags(v: Record<string, string | boolean | undefined>): Filters {
  const raw = {
    product: list(v.product as string | undefined),
    cluster: list(v.cluster as string | undefined),
    country: list(v.country as string | undefined),
    area: list(v.area as string | undefined),
    industry: list(v.industry as string | undefined),
    vertical: list(v.vertical as string | undefined),
    subSegment: list(v.subsegment as string | undefined),
    search: v.search as string | undefined,
  };
  const clean = Object.fromEntries(Object.entries(raw).filter(([, x]) => x !== undefined));
  const r = Filters.safeParse(clean);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new UsageError(
      `--${String(i.path[0] ?? 'filter').replace('subSegment', 'subsegment')}: ${i.message}`,
    );
  }
  return r.data;
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
