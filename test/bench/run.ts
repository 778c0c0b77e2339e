// `npm run bench`: prints figures and ratios; never fails on time. BENCH_ROWS shrinks the sizes.
// Each benchmark runs in its own process, so that its peak RSS is its own.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BENCHES = ['parse', 'import', 'export', 'ui', 'store', 'customers', 'hostile'];
for (const name of BENCHES) {
  console.log(`\n== ${name}`);
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, `${name}.bench.ts`)],
    {
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) console.log(`${name}: exited with ${r.status ?? r.signal}`);
}
