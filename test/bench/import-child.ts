// Runs one import in its own process so that its peak RSS is its own.
import { openCache } from '../../main/cache/db';
import { importFile, type ImportTimings } from '../../main/ingest/import';
import { useParseWorker } from '../../main/ingest/parse-thread';

// The reading thread's entry (a built parse-worker.mjs), or none: map in this thread.
const [dbPath, file, worker] = process.argv.slice(2);
if (worker) useParseWorker(new URL(worker));
const db = openCache(dbPath!);
const timings: ImportTimings = { sniff: 0, parse: 0, load: 0, facets: 0, indexes: 0, commit: 0 };
const t0 = performance.now();
const cpu0 = process.cpuUsage();
// RSS while rows load (sampled at each stored batch), beside the process's peak (which the
// builds after the load may set).
let loadRssMb = 0;
const r = await importFile(db, file!, {
  timings,
  onProgress: () => (loadRssMb = Math.max(loadRssMb, process.memoryUsage.rss() / 2 ** 20)),
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
db.close();
process.stdout.write(
  JSON.stringify({
    status: r.status,
    error: r.error,
    rows: r.rows,
    seconds,
    cpuSeconds,
    timings,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    loadRssMb,
  }) + '\n',
);
