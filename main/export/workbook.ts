/**
 * The Excel workbook: the tabs in TAB_NAMES order on one streaming book (sheet-writer.ts),
 * written atomically, in the language asked for. Each tab declares its columns and its rows
 * source in tabs/. The Summary is written first but lists every tab's rows: the table tabs count
 * them before anything is written.
 */
import type { DB } from '../cache/db';
import { isIsoDate } from '../../shared/domain/fiscal';
import { ExportError, throwIfAborted, writeAtomically } from './atomic';
import { TAB_NAMES, type ExportOptions, type ExportResult, type TabName } from './options';
import { Book } from './sheet-writer';
import { agreementsTab } from './tabs/agreements';
import { endOfServiceTab } from './tabs/end-of-service';
import { matrixTab } from './tabs/matrix';
import { movementTab } from './tabs/movement';
import { propensityTab } from './tabs/propensity';
import { customersTab } from './tabs/customers';
import { summaryTab, type TabCounts } from './tabs/summary';
import { territoriesTab } from './tabs/territories';
import type { Tab } from './tabs/tab';
import { upsellTab } from './tabs/upsell';
import { whitespaceTab } from './tabs/whitespace';
import { wordsFor } from './words';

export {
  TAB_NAMES,
  type ExportOptions,
  type ExportProgress,
  type ExportResult,
  type TabName,
} from './options';
export {
  DRAIN_LIMIT,
  DRAIN_POLL_MS,
  EXCEL_MAX_DATA_ROWS,
  drainEntry,
  entryBuffer,
  type EntryBuffer,
} from './sheet-writer';
export { excelDate, type Column, type Kind } from './styles';
export { PROPENSITY_COLUMNS, propensityCount } from './tabs/propensity';
export { describeFilters, describeScope } from './describe';

/** Every tab but the Summary by name: the record's type makes sure none is left out. */
const TABS: Record<Exclude<TabName, 'Summary'>, Tab> = {
  Customers: customersTab,
  Territories: territoriesTab,
  'Propensity model': propensityTab,
  'Whitespace revenue': whitespaceTab,
  Matrix: matrixTab,
  Upsell: upsellTab,
  'End of service': endOfServiceTab,
  'Expiring agreements': agreementsTab,
  Movement: movementTab,
};

/** Writes the workbook atomically (temporary file beside the target, renamed when complete). */
export async function exportWorkbook(db: DB, opts: ExportOptions): Promise<ExportResult> {
  if (!isIsoDate(opts.asOf)) throw new ExportError(`as-of date must be YYYY-MM-DD, not "${opts.asOf}"`);
  const unknown = (opts.tabs ?? []).filter((t) => !(TAB_NAMES as readonly string[]).includes(t));
  if (unknown.length) throw new ExportError(`unknown tab "${unknown[0]}" (one of ${TAB_NAMES.join(', ')})`);
  const want = new Set<TabName>(opts.tabs ?? TAB_NAMES);
  throwIfAborted(opts.signal);

  const w = wordsFor(opts.lang);

  const { file, value } = await writeAtomically(opts.out, async (tmp) => {
    const book = new Book(tmp, opts);
    try {
      let rows = 0;
      for (const name of TAB_NAMES) {
        if (!want.has(name)) continue;
        if (name === 'Summary') {
          const counts: TabCounts = [];
          for (const other of TAB_NAMES) {
            if (other === 'Summary' || !want.has(other)) continue;
            const n = await TABS[other].count?.(db, opts);
            await book.turns.turn(); // each count may scan every row in scope
            if (n !== undefined) counts.push({ name: other, rows: n });
          }
          await summaryTab(counts).write(book, db, opts, w);
          continue;
        }
        const tab = TABS[name];
        const written = await tab.write(book, db, opts, w);
        if (tab === propensityTab) rows = written;
      }
      if (!book.tabs.length) throw new ExportError({ kind: 'noRowsInTabs' });
      await book.finish();
      return { tabs: book.tabs, rows };
    } catch (e) {
      await book.abandon();
      throw e;
    }
  });
  return { file, format: 'xlsx', tabs: value.tabs, rows: value.rows };
}
