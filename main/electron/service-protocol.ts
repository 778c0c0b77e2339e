/**
 * The messages between the Electron main process and the utility process that hosts the
 * Service (cache, import, export), as pure functions: the client side builds an `Api` that
 * posts requests and resolves replies; the host side answers them and pushes job progress.
 * No `electron` import: both halves are tested here with a plain function as the channel.
 */
import {
  METHOD_NAMES,
  isMethod,
  parseInput,
  type Api,
  type JobOut,
  type MethodName,
  type WorkspaceOut,
} from '../../shared/api';
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
 * Answers one request. Contract methods are validated again here (the IPC door already did;
 * this keeps the host safe on its own). Jobs started by a request are then watched, and their
 * progress is pushed through `emit` until they finish.
 */
export async function answer(
  service: HostedService,
  req: ServiceRequest,
  emit: (m: HostMessage) => void,
  pollMs = JOB_POLL_MS,
): Promise<ServiceReply> {
  const id = typeof req?.id === 'number' ? req.id : -1;
  try {
    const method = req?.method;
    let value: unknown;
    if (typeof method === 'string' && isMethod(method)) {
      const parsed = parseInput(method, req.input);
      if (!parsed.ok) return { id, ok: false, error: parsed.message };
      value = await (service[method as MethodName] as (i: unknown) => Promise<unknown>).call(
        service,
        parsed.value,
      );
    } else if (method === 'openWorkspace') {
      const p = (req.input as { path?: unknown } | null)?.path;
      if (typeof p !== 'string' || !p) return { id, ok: false, error: 'openWorkspace: path: a file path' };
      value = service.openWorkspace(p);
    } else if (method === 'exportFile') {
      const j = (req.input as { id?: unknown } | null)?.id;
      if (typeof j !== 'string') return { id, ok: false, error: 'exportFile: id: a job id' };
      value = service.exportFile(j);
    } else {
      return { id, ok: false, error: `no method ${JSON.stringify(String(method).slice(0, 100))}` };
    }
    if (isRunningJob(value)) watchJob(service, value.id, emit, pollMs);
    return { id, ok: true, value };
  } catch (e) {
    return { id, ok: false, error: errorLine(e) };
  }
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
