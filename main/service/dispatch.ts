/**
 * The one way into the contract for every door (Electron IPC and its utility process, browser
 * mode's HTTP server): the method name checked against the contract, the input validated with
 * the method's schema, the call, and one mapping of errors. Light on purpose (no SQLite, no
 * service): the Electron main process runs it in front of its proxy of the utility process.
 */
import { isMethod, parseInput, type Api } from '../../shared/api';
import { CacheBusyError, CacheError, cacheErrorOf } from '../cache/errors';
import { ServiceError } from './errors';

/** A refusal or failure as every door reports it: an HTTP status and one line for the user. */
export interface Failure {
  status: number;
  error: string;
}
export type Dispatched = { ok: true; value: unknown } | ({ ok: false } & Failure);

/** The answer to a name that is no method of the contract. */
export function noMethod(name: unknown): Failure {
  return { status: 404, error: `no method ${JSON.stringify(String(name).slice(0, 100))}` };
}

const firstLine = (s: string): string => s.split('\n')[0]!.slice(0, 500);

/**
 * The one error mapping. The user's own mistakes and the service's refusals (ServiceError):
 * 400 with their message; the workspace's errors, which name it (locked by an import elsewhere:
 * 409, disk full: 507, damaged or unreadable: 409); anything else is a bug: 500 and "internal
 * error", never its message or stack, which go to `log` (and every non-user error too).
 */
export function failureOf(e: unknown, log: (line: string) => void = () => undefined): Failure {
  const m = cacheErrorOf(e);
  if (m instanceof ServiceError) return { status: 400, error: firstLine(m.message) };
  const message = m instanceof Error ? m.message : String(m);
  log(`error: ${firstLine(message)}`);
  if (m instanceof CacheBusyError) return { status: 409, error: firstLine(message) };
  if (m instanceof CacheError)
    return { status: /disk full/.test(message) ? 507 : 409, error: firstLine(message) };
  return { status: 500, error: 'internal error' };
}

/** Validates `input` against `method`'s schema, calls it on `api`, and maps any error with `failureOf`. */
export async function dispatch(
  api: Api,
  method: unknown,
  input: unknown,
  log?: (line: string) => void,
): Promise<Dispatched> {
  if (typeof method !== 'string' || !isMethod(method)) return { ok: false, ...noMethod(method) };
  const parsed = parseInput(method, input);
  if (!parsed.ok) return { ok: false, status: 400, error: parsed.message };
  try {
    // The schema's output is the method's input; TypeScript cannot pair them across the union.
    const fn = api[method] as (i: unknown) => Promise<unknown>;
    return { ok: true, value: await fn.call(api, parsed.value) };
  } catch (e) {
    return { ok: false, ...failureOf(e, log) };
  }
}
