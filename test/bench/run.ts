// `npm run bench`: prints figures and ratios; never fails on time. BENCH_ROWS shrinks the sizes.
import { benchImport } from './import.bench';
import { benchParse } from './parse.bench';

const benches: [string, () => Promise<void>][] = [
  ['parse', benchParse],
  ['import', benchImport],
];
for (const [name, path] of [
  ['export', './export.bench'],
  ['ui', './ui.bench'],
] as const) {
  try {
    const mod = (await import(path)) as Record<string, () => Promise<void>>;
    const fn = mod[`bench${name[0]!.toUpperCase()}${name.slice(1)}`];
    if (fn) benches.push([name, fn]);
  } catch (e) {
    console.log(`${name}: not run (${(e as Error).message.split('\n')[0]})`);
  }
}
for (const [name, fn] of benches) {
  console.log(`\n== ${name}`);
  await fn();
}
