/**
 * Writes the committed synthetic sample set and its README.
 *
 *   npx tsx scripts/generate-sample.ts [outDir=resources/sample]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderSampleReadme, SAMPLE_SEED, writeSampleSet } from './sample/generate.ts';

async function main(): Promise<void> {
  const outDir = resolve(process.argv[2] ?? 'resources/sample');
  await mkdir(outDir, { recursive: true });
  const set = await writeSampleSet(outDir, SAMPLE_SEED);
  await writeFile(join(outDir, 'README.md'), renderSampleReadme(set, SAMPLE_SEED), 'utf8');
  let total = 0;
  for (const f of set.files) {
    total += f.bytes;
    console.log(
      `${f.file.padEnd(48)} ${String(f.dataRows).padStart(5)} rows ${String(f.bytes).padStart(8)} bytes`,
    );
  }
  console.log(`${set.files.length} files, ${total} bytes, README.md → ${outDir}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
