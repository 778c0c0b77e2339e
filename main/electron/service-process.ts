/**
 * The utility process (`utilityProcess.fork`) that hosts the Service, so a long import or
 * export never blocks the window's main process. It answers {id, method, input} requests from
 * `process.parentPort` with {id, ok, value | error}, and pushes {event: 'job', job} progress.
 * Its one argument is a ServiceConfig as JSON.
 */
import path from 'node:path';
import type {} from 'electron'; // the type of process.parentPort
import { resolveDbPath, userDataDir } from '../cache/db';
import { Service } from '../service';
import { answer, type HostMessage, type ServiceConfig, type ServiceRequest } from './service-protocol';

function main(): void {
  const port = process.parentPort;
  const config = JSON.parse(process.argv[process.argv.length - 1] ?? '{}') as ServiceConfig;
  // The same workspace and sample cache as the CLI and browser mode.
  const service = new Service({
    dbPath: resolveDbPath(config.dbPath),
    sampleDbPath: path.join(userDataDir(), 'sample.sqlite'),
    sampleDir: config.sampleDir,
    exportDir: config.exportDir,
  });
  const emit = (m: HostMessage): void => port.postMessage(m);
  port.on('message', (e) => {
    void answer(service, e.data as ServiceRequest, emit).then(emit);
  });
  process.on('SIGTERM', () => {
    try {
      service.close();
    } finally {
      process.exit(0);
    }
  });
}

main();
