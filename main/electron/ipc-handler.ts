/**
 * The IPC door, as a pure function: who is asking, which method, what input. main.ts binds it
 * to `ipcMain.handle(IPC_CHANNEL, …)`; the service behind it is the utility process's proxy.
 * Answers with a result object rather than throwing, so the renderer sees our one-line message
 * and not Electron's "Error invoking remote method …" wrapping.
 */
import { isMethod, parseInput, type Api, type MethodName } from '../../shared/api';
import { cacheErrorOf } from '../cache/errors';
import { senderAllowed } from './security';

export const IPC_CHANNEL = 'ascent:call';
/** Main → renderer: a job's progress (see the preload's `onJobProgress`). */
export const JOB_EVENT_CHANNEL = 'ascent:job';

export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * The first line of an error's message: what a user is shown. The workspace's own errors
 * (locked by an import elsewhere, disk full, damaged) are said as such, naming the workspace.
 */
export function errorLine(e: unknown): string {
  const m = cacheErrorOf(e);
  const msg = m instanceof Error ? m.message : String(m);
  return msg.split('\n')[0]!.slice(0, 500) || 'unknown error';
}

export async function handleInvoke(
  service: Api,
  senderUrl: string | null | undefined,
  method: unknown,
  input: unknown,
): Promise<InvokeResult> {
  if (!senderAllowed(senderUrl))
    return { ok: false, error: 'refused: the request does not come from the app' };
  if (typeof method !== 'string' || !isMethod(method))
    return { ok: false, error: `no method ${JSON.stringify(String(method).slice(0, 100))}` };
  const parsed = parseInput(method, input);
  if (!parsed.ok) return { ok: false, error: parsed.message };
  try {
    const fn = service[method as MethodName] as (i: unknown) => Promise<unknown>;
    return { ok: true, value: await fn.call(service, parsed.value) };
  } catch (e) {
    return { ok: false, error: errorLine(e) };
  }
}
