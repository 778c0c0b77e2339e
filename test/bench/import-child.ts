// Runs one import in its own process so that its peak RSS is its own.
import { openCache } from '../../main/cache/db';
import { importFile } from '../../main/ingest/import';

const [dbPath, file] = process.argv.slice(2);
const db = openCache(dbPath!);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const r = await importFile(db, file!);
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
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
