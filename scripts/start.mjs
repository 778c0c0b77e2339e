// `npm start`: the workbook UI. The desktop shell (Electron) is a separate piece of work; until
// it exists, and on machines where Electron's binary cannot start, this serves the same UI in
// browser mode on 127.0.0.1 and opens the system browser.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
console.log('Ascent Workbench: the desktop app is not available here; starting browser mode instead.');
const child = spawn(
  process.execPath,
  [path.join(root, 'bin', 'ascent.mjs'), 'serve', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
