/**
 * The messages between the Electron main process and the utility process that hosts the
 * Service (cache, import, export), as pure functions: the client side builds an `Api` that
 * posts requests and resolves replies; the host side answers them and pushes job progress.
 * No `electron` import: both halves are tested here with a plain function as the channel.
 */
import { METHOD_NAMES, isMethod, type Api, type JobOut, type WorkspaceOut } from '../../shared/api';
import { dispatch, failureOf, noMethod } from '../service/dispatch';
import { errorLine } from './ipc-handler';

/** Passed to the utility process as its one argument (JSON). */
export interface ServiceConfig {
  /** The workspace to open; by default the CLI's (ASCENT_DB, else the user-data folder's). */
  dbPath?: string;
  sampleDir: string;
  /** Export files wait here until they are saved where the user chose. */
  exportDir: string;
}

/** Requests only the main process makes (menus, dialogs, downloads); never reachable over IPC. */
export interface Internal {
  openWorkspace: { input: { path: string }; output: WorkspaceOut };
  exportFile: { input: { id: string }; output: { path: string; name: string } | null };
}
type InternalName = keyof Internal;

export interface ServiceRequest {
  id: number;
  method: string;
  input: unknown;
}
export type ServiceReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
export interface JobEvent {
  event: 'job';
  job: JobOut;
}
export type HostMessage = ServiceReply | JobEvent;

/** What the host needs of the Service: the contract plus the two desktop-only methods. */
export type HostedService = Api & {
  openWorkspace(p: string): WorkspaceOut;
  exportFile(id: string): { path: string; name: string } | null;
};

// ---- host side (utility process) -----------------------------------------------------------

const JOB_POLL_MS = 250;

function isRunningJob(v: unknown): v is JobOut {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as JobOut).id === 'string' &&
    (v as JobOut).state === 'running' &&
    ((v as JobOut).kind === 'import' || (v as JobOut).kind === 'export')
  );
}

/**
 * Answers one request. Contract methods go through `dispatch` (validated again here: the IPC
 * door already did, and this keeps the host safe on its own; its one error mapping). Jobs
 * started by a request are then watched, and their progress is pushed through `emit` until
 * they finish.
 */
export async function answer(
  service: HostedService,
  req: ServiceRequest,
  emit: (m: HostMessage) => void,
  pollMs = JOB_POLL_MS,
): Promise<ServiceReply> {
  const id = typeof req?.id === 'number' ? req.id : -1;
  const method = req?.method;
  let value: unknown;
  if (typeof method === 'string' && isMethod(method)) {
    const r = await dispatch(service, method, req.input, (line) =>
      console.error(`Ascent Workbench service: ${line}`),
    );
    if (!r.ok) return { id, ok: false, error: r.error };
    value = r.value;
  } else {
    try {
      const internal = answerInternal(service, method, req?.input);
      if (!internal.ok) return { id, ok: false, error: internal.error };
      value = internal.value;
    } catch (e) {
      return { id, ok: false, error: failureOf(e).error };
    }
  }
  if (isRunningJob(value)) watchJob(service, value.id, emit, pollMs);
  return { id, ok: true, value };
}

/** The two requests only the main process makes, checked by hand (they have no schema in the contract). */
function answerInternal(
  service: HostedService,
  method: unknown,
  input: unknown,
): { ok: true; value: unknown } | { ok: false; error: string } {
  if (method === 'openWorkspace') {
    const p = (input as { path?: unknown } | null)?.path;
    if (typeof p !== 'string' || !p) return { ok: false, error: 'openWorkspace: path: a file path' };
    return { ok: true, value: service.openWorkspace(p) };
  }
  if (method === 'exportFile') {
    const j = (input as { id?: unknown } | null)?.id;
    if (typeof j !== 'string') return { ok: false, error: 'exportFile: id: a job id' };
    return { ok: true, value: service.exportFile(j) };
  }
  return { ok: false, error: noMethod(method).error };
}

/** Pushes a job's state every `pollMs` until it is no longer running (the last state included). */
export function watchJob(
  service: Pick<Api, 'job'>,
  jobId: string,
  emit: (m: HostMessage) => void,
  pollMs = JOB_POLL_MS,
): void {
  const tick = async (): Promise<void> => {
    let job: JobOut;
    try {
      job = await service.job({ id: jobId });
    } catch {
      return; // forgotten: nothing more to report
    }
    emit({ event: 'job', job: { ...job } });
    if (job.state === 'running') setTimeout(() => void tick(), pollMs).unref?.();
  };
  setTimeout(() => void tick(), pollMs).unref?.();
}

// ---- client side (main process) ----------------------------------------------------------

export interface ServiceClient {
  /** The contract, each call a request to the host. */
  api: Api;
  internal<K extends InternalName>(name: K, input: Internal[K]['input']): Promise<Internal[K]['output']>;
  /** Feed every message from the host here. */
  receive(msg: unknown): void;
  /** The host went away: every pending call fails with this message. */
  failAll(message: string): void;
  pending(): number;
}

export function createServiceClient(
  post: (req: ServiceRequest) => void,
  onJob: (job: JobOut) => void = () => undefined,
): ServiceClient {
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  function call(method: string, input: unknown): Promise<unknown> {
    const id = next++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      try {
        post({ id, method, input: input ?? {} });
      } catch (e) {
        waiting.delete(id);
        reject(new Error(errorLine(e)));
      }
    });
  }

  const api = Object.fromEntries(
    METHOD_NAMES.map((name) => [name, (input: unknown) => call(name, input)]),
  ) as Api;

  return {
    api,
    internal: (name, input) => call(name, input) as never,
    receive(msg) {
      if (typeof msg !== 'object' || msg === null) return;
      if ((msg as JobEvent).event === 'job') return onJob((msg as JobEvent).job);
      const r = msg as ServiceReply;
      const w = waiting.get(r.id);
      if (!w) return;
      waiting.delete(r.id);
      if (r.ok) w.resolve(r.value);
      else w.reject(new Error(r.error));
    },
    failAll(message) {
      for (const w of waiting.values()) w.reject(new Error(message));
      waiting.clear();
    },
    pending: () => waiting.size,
  };
}
