/**
 * The IPC door, as a pure function: who is asking, which method, what input. main.ts binds it
 * to `ipcMain.handle(IPC_CHANNEL, …)`; the service behind it is the utility process's proxy.
 * Answers with a result object rather than throwing, so the renderer sees our one-line message
 * and not Electron's "Error invoking remote method …" wrapping.
 */
import { METHOD_NAMES, type Api } from '../../shared/api';
import { cacheErrorOf } from '../cache/errors';
import { dispatch } from '../service/dispatch';
import { ServiceError } from '../service/errors';
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

/**
 * The proxy of the utility process as `dispatch` should see it: each of its rejections is the
 * host's answer, already mapped there by `dispatch` to one line for the user, so it is passed on
 * as such (a ServiceError) rather than mapped a second time.
 */
function relayed(remote: Api): Api {
  return Object.fromEntries(
    METHOD_NAMES.map((name) => [
      name,
      (input: unknown) =>
        (remote[name] as (i: unknown) => Promise<unknown>).call(remote, input).catch((e: unknown) => {
          throw new ServiceError(errorLine(e));
        }),
    ]),
  ) as Api;
}

/**
 * Answers one IPC call: refused unless it comes from our page; else validated and called by
 * `dispatch` (here, in front of the proxy, so bad input never crosses to the utility process).
 * `service` is the utility process's proxy (main.ts), or a fake of it in tests.
 */
export async function handleInvoke(
  service: Api,
  senderUrl: string | null | undefined,
  method: unknown,
  input: unknown,
): Promise<InvokeResult> {
  if (!senderAllowed(senderUrl))
    return { ok: false, error: 'refused: the request does not come from the app' };
  const r = await dispatch(relayed(service), method, input);
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
}
