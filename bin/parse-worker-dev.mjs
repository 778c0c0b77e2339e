// The import's reading thread (main/ingest/parse-worker.ts) run from the TypeScript sources
// through tsx: for tests and `ASCENT_TSX=1`. The CLI's build ships it as dist/cli/parse-worker.mjs.
import { register } from 'tsx/esm/api';

register();
await import('../main/ingest/parse-worker.ts');
