/**
 * Synthetic CloudAscent propensity data: fictitious customers, monthly snapshots with drift, and writers that
 * reproduce the shapes, encodings and quirks of real Partner Center downloads (see shared docs/domain.md).
 *
 * Everything is deterministic for a given seed: no Date.now(), no Math.random(); XLSX zip timestamps are fixed.
 * Large outputs (writeM365Tsv) stream row by row with back-pressure, so memory stays flat.
 *
 * This module is the library's entry: it writes the committed sample set and re-exports the parts.
 * rng.ts (seeded draws), domain.ts and world.ts (what customers are made of), customers.ts (a customer, a
 * population, drift), agreements.ts, cells.ts and columns.ts (what a report's cells say), delimited.ts and
 * xlsx.ts (the file formats), files-*.ts (one writer per report kind with its quirks), readme.ts.
 */
import { driftSnapshot, generateCustomers } from './customers';
import { PRODUCTS } from './domain';
import { writeAgreementFiles } from './files-agreements';
import { writeAzureFiles } from './files-azure';
import {
  SAMPLE_SEED,
  SAMPLE_SIZE,
  type SampleContext,
  type SampleFile,
  type SampleSet,
} from './files-common';
import { writeD365Files } from './files-d365';
import { writeM365Files } from './files-m365';
import { writeSurfaceFiles } from './files-surface';

export { mulberry32, mixSeed, type Rng } from './rng';
export {
  PARTNER,
  PRODUCTS,
  CLUSTERS,
  band,
  segmentCell,
  clusterFor,
  MW_FLAGS,
  AZURE_FLAGS,
  D365_FLAGS,
  SPECIAL_CUSTOMERS,
  FORMULA_INJECTION_INDICES,
  type ProductKey,
  type ClusterName,
  type Band,
} from './domain';
export {
  makeCustomer,
  iterateCustomers,
  generateCustomers,
  driftSnapshot,
  type ProductScore,
  type Customer,
  type DriftResult,
} from './customers';
export { agreementsFor, type Agreement } from './agreements';
export {
  Money,
  formatUsd,
  formatNl,
  formatCell,
  formatDate,
  type CellValue,
  type FormatOptions,
  type DateStyle,
} from './cells';
export {
  COMMON_COLUMNS,
  M365_COLUMNS,
  D365_COLUMNS,
  D365_NL_HEADER_DRIFT,
  azureColumns,
  SURFACE_COLUMNS,
  AGREEMENT_COLUMNS,
  type Column,
  type AgreementColumn,
} from './columns';
export {
  encodeWindows1252,
  writeDelimited,
  type TextEncoding,
  type QuoteStyle,
  type DelimitedOptions,
  type OutRow,
  type DelimitedResult,
} from './delimited';
export { writeM365Tsv } from './files-m365';
export { normaliseZipTimestamps, writeXlsx, type XlsxRow, type XlsxSheetSpec } from './xlsx';
export { SAMPLE_SEED, SAMPLE_SIZE, type Quirk, type SampleFile, type SampleSet } from './files-common';
export { renderSampleReadme } from './readme';

/** The report writers, in the order of the README's table. */
const WRITERS: ((ctx: SampleContext) => Promise<SampleFile[]>)[] = [
  writeM365Files,
  writeD365Files,
  writeAzureFiles,
  writeSurfaceFiles,
  writeAgreementFiles,
];

/** Writes every sample file into outDir and returns their description (for README.md). */
export async function writeSampleSet(
  outDir: string,
  seed = SAMPLE_SEED,
  n = SAMPLE_SIZE,
): Promise<SampleSet> {
  const october = generateCustomers(seed, n);
  const november = driftSnapshot(october, seed);
  const byId = new Map(october.map((c) => [c.customerId, c]));
  const movedIntoActNow: SampleSet['movedIntoActNow'] = [];
  for (const c of november.customers) {
    const before = byId.get(c.customerId);
    if (!before) continue;
    for (const product of PRODUCTS) {
      if (c.scores[product].cluster === 'Act Now' && before.scores[product].cluster !== 'Act Now') {
        movedIntoActNow.push({ product, customerId: c.customerId, from: before.scores[product].cluster });
      }
    }
  }
  const files: SampleFile[] = [];
  for (const write of WRITERS) files.push(...(await write({ outDir, seed, october, november })));
  return { files, october, november, movedIntoActNow };
}
