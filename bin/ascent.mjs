#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx ascent` works right after npm install.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/main.ts');
const { processIo } = await import('../main/cli/output.ts');
process.exitCode = await main(process.argv.slice(2), processIo());
