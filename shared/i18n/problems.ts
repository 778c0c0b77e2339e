/**
 * The service's refusals and failures in words, per language: the one place their sentences are
 * written. An error that a user can meet (a file refused by the import, an export that cannot be
 * written, a workspace that is busy) carries a `Problem`: a kind and its figures. Its English
 * line (`problemText(p)`) is the contract's `error` string (the CLI's, the API's); the renderer
 * words the same problem in the UI's language (numbers in its format: "4.000.000", "1.234").
 * Errors without a kind (a bug, an unexpected system error) keep their English line only.
 * `nl` is typed as a record of the kinds, so a kind without Dutch words fails to compile, and
 * test/unit/problems.test.ts fails at run time when a kind has no wording in either language.
 */
import { FORMAT_TAG, type Locale } from './locales';
import { translator, type Catalog } from './translate';

/** A problem's figures, by kind. Parameters named `…Bytes` are sizes ("1 MB", "4,000 bytes"). */
export interface ProblemParams {
  // the file itself
  noSuchFile: object;
  permissionDenied: object;
  isFolder: object;
  fileLocked: object;
  notRegularFile: object;
  fileEmpty: object;
  notAReport: object;
  noReportColumns: object;
  recordTooLong: { line: number; limitBytes: number };
  noWorksheetData: object;
  worksheetEmpty: { sheet: string };
  // the import
  importCancelled: object;
  badSnapshotDate: { date: string };
  noDataRows: object;
  allRowsRejected: { rejected: number };
  shrink: { before: number; after: number };
  // the zip guard's refusals
  zipTooBig: { limitBytes: number };
  zipBomb: { part: string; ratio: number; graceBytes: number };
  zipStringsTooBig: { part: string; limitBytes: number };
  zipEntries: { limit: number; directoryBytes: number };
  zipEntriesCounted: { limit: number };
  zipOverDeclared: { part: string; size: number };
  zipTextRun: { part: string; limitBytes: number };
  zipSharedStrings: { limit: number };
  zipRowCells: { part: string; limit: number };
  zipCells: { limit: number };
  // a damaged workbook
  xlsxNotZip: object;
  xlsxTruncated: object;
  xlsxDamaged: { what: 'directory' | 'zip64' | 'zip64Extra' };
  xlsxDuplicate: { part: string };
  xlsxNoWorkbook: object;
  xlsxNoSheets: object;
  xlsxEncrypted: { part: string };
  xlsxMethod: { part: string; method: number };
  xlsxPartDamaged: { part: string };
  xlsxEntryDamaged: { part: string };
  xlsxPartShort: { part: string };
  /** exceljs's own complaint, technical and English in every language. */
  xlsxUnreadable: { detail: string };
  // exports
  exportCancelled: object;
  cannotWrite: { file: string; reason: WriteReason };
  noRowsInTabs: object;
  // the workspace
  workspaceBusy: { workspace: string };
  workspaceDiskFull: { workspace: string };
  workspaceDamaged: { workspace: string; detail: string };
}

/** Why a file cannot be written (an export's target). */
export type WriteReason =
  | 'noFolder'
  | 'denied'
  | 'readOnly'
  | 'diskFull'
  | 'isFolder'
  | 'workspace'
  | 'folderNotFile'
  | 'notRegular'
  | 'sqlite';

export type ProblemKind = keyof ProblemParams;
/** A refusal or failure as data: its kind and figures (`{ kind: 'shrink', before, after }`). */
export type Problem = { [K in ProblemKind]: { kind: K } & ProblemParams[K] }[ProblemKind];
/** The problem of kind `K`. */
export type ProblemOf<K extends ProblemKind> = Extract<Problem, { kind: K }>;

const WRITE_REASONS_EN =
  '{reason, select, noFolder {folder does not exist} denied {permission denied} readOnly {read-only file system} diskFull {disk full} isFolder {is a folder} workspace {it is the open workspace} folderNotFile {is a folder, not a regular file} notRegular {not a regular file} sqlite {it is a SQLite database (a workspace?); choose another name} other {{reason}}}';
const WRITE_REASONS_NL =
  '{reason, select, noFolder {de map bestaat niet} denied {geen toegang} readOnly {alleen-lezen bestandssysteem} diskFull {schijf vol} isFolder {is een map} workspace {het is de geopende werkruimte} folderNotFile {is een map, geen gewoon bestand} notRegular {geen gewoon bestand} sqlite {het is een SQLite-database (een werkruimte?); kies een andere naam} other {{reason}}}';

/** English: the contract's lines, word for word as the CLI and the API have always given them. */
const en: Record<ProblemKind, string> = {
  noSuchFile: 'no such file',
  permissionDenied: 'permission denied',
  isFolder: 'is a folder',
  fileLocked: 'file is locked by another program',
  notRegularFile: 'not a regular file',
  fileEmpty: 'file is empty',
  notAReport: 'not a CloudAscent report: no header row with CustomerID and report columns',
  noReportColumns: 'not a CloudAscent report: no product Cluster/Fit/Intent or agreement columns',
  recordTooLong:
    'line {line, number} is longer than {limitBytes}: not a CloudAscent download (limit: {limitBytes} per record)',
  noWorksheetData: 'no data in any worksheet',
  worksheetEmpty: 'worksheet "{sheet}" is empty',
  importCancelled: 'import cancelled',
  badSnapshotDate: 'snapshot date {date} is not YYYY-MM-DD',
  noDataRows: 'no data rows',
  allRowsRejected: 'no data rows: all {rejected} rows were rejected',
  shrink:
    'would replace {before, number} customers with {after, number}: use --allow-shrink if the book really shrank',
  zipTooBig: 'refused: the workbook inflates beyond {limitBytes} (limit: {limitBytes} of XML per workbook)',
  zipBomb:
    'refused: {part} inflates to more than {ratio, number} times its compressed size, a zip bomb (limit: {ratio, number}× past {graceBytes})',
  zipStringsTooBig: 'refused: {part} inflates beyond {limitBytes} (limit: {limitBytes} of shared strings)',
  zipEntries:
    'refused: the zip directory lists more than {limit, number} entries (limit: {limit, number} entries, {directoryBytes} of directory)',
  zipEntriesCounted:
    'refused: the zip directory lists more than {limit, number} entries (limit: {limit, number} entries)',
  zipOverDeclared:
    'refused: {part} inflates beyond the {size, number} bytes its zip directory declares, a zip bomb (limit: the declared size)',
  zipTextRun: 'refused: {part} holds more than {limitBytes} of text between two tags (limit: {limitBytes})',
  zipSharedStrings: 'refused: more than {limit, number} shared strings (limit: {limit, number} per workbook)',
  zipRowCells:
    "refused: a row of {part} has more than {limit, number} cells (limit: {limit, number}, Excel's column count)",
  zipCells: 'refused: more than {limit, number} cells (limit: {limit, number} per workbook)',
  xlsxNotZip: 'corrupt XLSX: truncated or not a ZIP archive',
  xlsxTruncated: 'corrupt XLSX: truncated ZIP archive',
  xlsxDamaged:
    'corrupt XLSX: damaged {what, select, zip64 {ZIP64 directory} zip64Extra {ZIP64 extra field} other {ZIP directory}}',
  xlsxDuplicate: 'corrupt XLSX: {part} appears twice in the ZIP directory',
  xlsxNoWorkbook: 'corrupt XLSX: not an Excel workbook (no xl/workbook.xml)',
  xlsxNoSheets: 'corrupt XLSX: workbook has no worksheets',
  xlsxEncrypted: 'corrupt XLSX: {part} is encrypted',
  xlsxMethod: 'corrupt XLSX: {part} uses compression method {method}, which Excel does not write',
  xlsxPartDamaged: 'corrupt XLSX: {part}: damaged ZIP directory',
  xlsxEntryDamaged: 'corrupt XLSX: damaged ZIP entry {part}',
  xlsxPartShort: 'corrupt XLSX: {part} is shorter than its ZIP directory declares',
  xlsxUnreadable: 'corrupt XLSX: {detail}',
  exportCancelled: 'export cancelled',
  cannotWrite: `cannot write {file}: ${WRITE_REASONS_EN}`,
  noRowsInTabs: 'nothing to export: no rows in scope for the chosen tabs',
  workspaceBusy:
    'the workspace is busy importing ({workspace} is locked by another writer); try again when it is done',
  workspaceDiskFull: 'cannot write workspace {workspace}: disk full',
  workspaceDamaged:
    'workspace {workspace} is damaged: {detail}; your downloads can be imported into a new one',
} satisfies Catalog;

/** Dutch, in the glossary's words (docs/glossary.md: download, momentopname, werkruimte, werkmap). */
const nl: Record<ProblemKind, string> = {
  noSuchFile: 'bestand niet gevonden',
  permissionDenied: 'geen toegang tot het bestand',
  isFolder: 'is een map',
  fileLocked: 'bestand is vergrendeld door een ander programma',
  notRegularFile: 'geen gewoon bestand',
  fileEmpty: 'bestand is leeg',
  notAReport: 'geen CloudAscent-rapport: geen kopregel met CustomerID en rapportkolommen',
  noReportColumns:
    'geen CloudAscent-rapport: geen kolommen Cluster/Fit/Intent per product en geen kolommen van overeenkomsten',
  recordTooLong:
    'regel {line, number} is langer dan {limitBytes}: geen CloudAscent-download (limiet: {limitBytes} per record)',
  noWorksheetData: 'geen gegevens in een werkblad',
  worksheetEmpty: 'werkblad "{sheet}" is leeg',
  importCancelled: 'import geannuleerd',
  badSnapshotDate: 'datum van de momentopname {date} is niet JJJJ-MM-DD',
  noDataRows: 'geen gegevensrijen',
  allRowsRejected:
    'geen gegevensrijen: {rejected, plural, one {de enige rij is afgewezen} other {alle {rejected, number} rijen zijn afgewezen}}',
  shrink:
    'zou {before, number} klanten vervangen door {after, number}: gebruik --allow-shrink als het klantenbestand echt kleiner is geworden',
  zipTooBig:
    'geweigerd: de werkmap pakt uit tot meer dan {limitBytes} (limiet: {limitBytes} XML per werkmap)',
  zipBomb:
    'geweigerd: {part} pakt uit tot meer dan {ratio, number} keer de gecomprimeerde grootte, een zipbom (limiet: {ratio, number}× boven {graceBytes})',
  zipStringsTooBig:
    'geweigerd: {part} pakt uit tot meer dan {limitBytes} (limiet: {limitBytes} aan gedeelde teksten)',
  zipEntries:
    'geweigerd: de zipinhoud telt meer dan {limit, number} items (limiet: {limit, number} items, {directoryBytes} inhoudsopgave)',
  zipEntriesCounted:
    'geweigerd: de zipinhoud telt meer dan {limit, number} items (limiet: {limit, number} items)',
  zipOverDeclared:
    'geweigerd: {part} pakt uit tot meer dan de {size, number} bytes die de zipinhoud opgeeft, een zipbom (limiet: de opgegeven grootte)',
  zipTextRun: 'geweigerd: {part} bevat meer dan {limitBytes} tekst tussen twee tags (limiet: {limitBytes})',
  zipSharedStrings:
    'geweigerd: meer dan {limit, number} gedeelde teksten (limiet: {limit, number} per werkmap)',
  zipRowCells:
    'geweigerd: een rij van {part} heeft meer dan {limit, number} cellen (limiet: {limit, number}, het aantal kolommen van Excel)',
  zipCells: 'geweigerd: meer dan {limit, number} cellen (limiet: {limit, number} per werkmap)',
  xlsxNotZip: 'beschadigd XLSX-bestand: afgebroken of geen ZIP-archief',
  xlsxTruncated: 'beschadigd XLSX-bestand: afgebroken ZIP-archief',
  xlsxDamaged:
    'beschadigd XLSX-bestand: {what, select, zip64 {beschadigde ZIP64-inhoudsopgave} zip64Extra {beschadigd ZIP64-extraveld} other {beschadigde ZIP-inhoudsopgave}}',
  xlsxDuplicate: 'beschadigd XLSX-bestand: {part} staat twee keer in de ZIP-inhoudsopgave',
  xlsxNoWorkbook: 'beschadigd XLSX-bestand: geen Excel-werkmap (geen xl/workbook.xml)',
  xlsxNoSheets: 'beschadigd XLSX-bestand: de werkmap heeft geen werkbladen',
  xlsxEncrypted: 'beschadigd XLSX-bestand: {part} is versleuteld',
  xlsxMethod: 'beschadigd XLSX-bestand: {part} gebruikt compressiemethode {method}, die Excel niet schrijft',
  xlsxPartDamaged: 'beschadigd XLSX-bestand: {part}: beschadigde ZIP-inhoudsopgave',
  xlsxEntryDamaged: 'beschadigd XLSX-bestand: beschadigd ZIP-item {part}',
  xlsxPartShort: 'beschadigd XLSX-bestand: {part} is korter dan de ZIP-inhoudsopgave opgeeft',
  xlsxUnreadable: 'beschadigd XLSX-bestand: {detail}',
  exportCancelled: 'export geannuleerd',
  cannotWrite: `kan {file} niet schrijven: ${WRITE_REASONS_NL}`,
  noRowsInTabs: 'niets te exporteren: geen rijen binnen deze selectie op de gekozen tabbladen',
  workspaceBusy:
    'de werkruimte is bezig met importeren ({workspace} is vergrendeld door een ander proces); probeer het opnieuw als dat klaar is',
  workspaceDiskFull: 'kan niet schrijven in werkruimte {workspace}: schijf vol',
  workspaceDamaged:
    'werkruimte {workspace} is beschadigd: {detail}; uw downloads kunnen in een nieuwe werkruimte worden geïmporteerd',
};

export const PROBLEM_MESSAGES: Record<Locale, Record<ProblemKind, string>> = { en, nl };

const MB = 1 << 20;
const GB = 1024 * MB;

/** 1 MB, 256 MB, 1 GB, "4,000 bytes" / "4.000 bytes": the binary units the limits are set in. */
export function bytesText(n: number, lang: Locale = 'en'): string {
  if (n >= GB && n % GB === 0) return `${n / GB} GB`;
  if (n >= MB && n % MB === 0) return `${n / MB} MB`;
  return `${new Intl.NumberFormat(FORMAT_TAG[lang]).format(n)} bytes`;
}

type Say = (kind: ProblemKind, values: Record<string, string | number>) => string;
const translators = new Map<Locale, Say>();

/** A problem as one line in `lang` (English: the contract's `error`). */
export function problemText(p: Problem, lang: Locale = 'en'): string {
  let t = translators.get(lang);
  if (!t) {
    t = translator(lang, PROBLEM_MESSAGES[lang]).t;
    translators.set(lang, t);
  }
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(p) as [string, unknown][]) {
    if (k === 'kind') continue;
    values[k] = k.endsWith('Bytes') && typeof v === 'number' ? bytesText(v, lang) : (v as string | number);
  }
  return t(p.kind, values);
}

/** A problem from a plain object that claims to be one (the wire), or undefined. */
export function isProblem(v: unknown): v is Problem {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { kind?: unknown }).kind === 'string' &&
    Object.prototype.hasOwnProperty.call(en, (v as { kind: string }).kind)
  );
}

/**
 * Gives an error its problem, as a property that is not enumerable: an error still equals another
 * of the same message (tests, logs), and `problemOf` finds it.
 */
export function attachProblem(e: Error, p: Problem | undefined): void {
  if (p) Object.defineProperty(e, 'problem', { value: p, enumerable: false, configurable: true });
}

/** The problem an error carries (IngestError, ExportError, CacheError…), if it carries one. */
export function problemOf(e: unknown): Problem | undefined {
  const p = (e as { problem?: unknown } | null)?.problem;
  return isProblem(p) ? p : undefined;
}

/**
 * What a user reads of a failure: the problem in `lang` when there is one, else the English line
 * as the service gave it (errors without a kind: unexpected ones).
 */
export function errorLine(error: string | null | undefined, problem: unknown, lang: Locale): string {
  return isProblem(problem) ? problemText(problem, lang) : (error ?? '');
}
