/**
 * Starts the utility process that hosts the Service (service-process.ts) and wires its messages
 * to a ServiceClient: requests wait until the process is up, and when it exits every pending call
 * fails with one line and `onExit` lets the caller start a new one on the next request.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { JobOut } from '../../shared/api';
import {
  createServiceClient,
  type ServiceClient,
  type ServiceConfig,
  type ServiceRequest,
} from './service-protocol';

export interface LaunchedService {
  client: ServiceClient;
  process: UtilityProcess;
}

export function launchService(
  modulePath: string,
  config: ServiceConfig,
  onJob: (job: JobOut) => void,
  onExit: (code: number) => void,
): LaunchedService {
  const proc = utilityProcess.fork(modulePath, [JSON.stringify(config)], {
    serviceName: 'Ascent Workbench service',
    stdio: 'inherit',
  });
  let queue: ServiceRequest[] | null = [];
  proc.once('spawn', () => {
    for (const r of queue ?? []) proc.postMessage(r);
    queue = null;
  });
  const client = createServiceClient((req) => (queue ? queue.push(req) : proc.postMessage(req)), onJob);
  proc.on('message', (m: unknown) => client.receive(m));
  proc.once('exit', (code) => {
    client.failAll(`the workbench service stopped (exit code ${code}); try again`);
    onExit(code);
  });
  return { client, process: proc };
}
