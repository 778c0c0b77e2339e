/**
 * A row's import issues in words, per language: the one place their sentences are written. The
 * import makes each issue's English message here (`issueText(i)`: main/ingest/map-record.ts,
 * values.ts, the snapshot writer's duplicate) and the workspace stores that message as it always
 * has (`import_issues.message`), the CLI and the API give it unchanged. Reading an issue back, the
 * service finds its kind and figures by matching the message against the English templates below
 * (`issueOf`: exact, whole message; a message no template says stays without a kind), so
 * workspaces imported before this file existed are worded too, and the renderer words it in the
 * UI's language ("dubbele CustomerID (eerst op regel 1.503): afgewezen"). English figures are
 * written bare (`{firstLine}` → "1503", as the messages always were), Dutch ones in its format.
 * `nl` is a record of the kinds, so a kind without Dutch words fails to compile;
 * test/unit/issues.test.ts fails at run time when a kind has no wording in either language or
 * its English does not read back.
 */
import type { Locale } from './locales';
import { translator, type Catalog } from './translate';

/** An issue's figures, by kind (all whole numbers: the English templates read them back as such). */
export interface IssueParams {
  // the row as a whole
  notCustomerRow: object;
  noCustomerId: object;
  cutOff: { fields: number; header: number };
  invalidUtf8: object;
  extraFields: { fields: number; header: number };
  duplicateId: { firstLine: number };
  // one cell
  unknownCluster: object;
  notNumber: object;
  notWholeNumber: object;
  notScore: object;
  scoreNotWhole: object;
  scoreOutOfRange: object;
  notPercentage: object;
  notYesNo: object;
  notValidDate: object;
  notDate: object;
  excelSerial60: object;
}

export type IssueKind = keyof IssueParams;
/** A row's issue as data: its kind and figures (`{ kind: 'duplicateId', firstLine: 2 }`). */
export type RowIssue = { [K in IssueKind]: { kind: K } & IssueParams[K] }[IssueKind];
/** The issue of kind `K`. */
export type RowIssueOf<K extends IssueKind> = Extract<RowIssue, { kind: K }>;

/** English: the messages the workspace stores, word for word as imports have always written them. */
const en: Record<IssueKind, string> = {
  notCustomerRow: 'not a customer row (totals or note): ignored',
  noCustomerId: 'row without CustomerID: rejected',
  cutOff: 'the file ends inside this row: it looks cut off ({fields} of {header} fields): rejected',
  invalidUtf8: 'bytes that are not valid UTF-8 were read as \uFFFD',
  extraFields: 'row has {fields} fields, the header {header}: extra fields ignored',
  duplicateId: 'duplicate CustomerID (first on line {firstLine}): rejected',
  unknownCluster: 'unknown cluster',
  notNumber: 'not a number',
  notWholeNumber: 'not a whole number',
  notScore: 'not a score',
  scoreNotWhole: 'score is not a whole number',
  scoreOutOfRange: 'score outside 0–100',
  notPercentage: 'not a percentage',
  notYesNo: 'not yes/no',
  notValidDate: 'not a valid date',
  notDate: 'not a date',
  excelSerial60: 'not a valid date (Excel serial 60 is 1900-02-29)',
} satisfies Catalog;

/** Dutch, in the glossary's words (docs/glossary.md: rij, regel, kopregel, afgewezen, genegeerd). */
const nl: Record<IssueKind, string> = {
  notCustomerRow: 'geen klantrij (totalen of notitie): genegeerd',
  noCustomerId: 'rij zonder CustomerID: afgewezen',
  cutOff:
    'het bestand houdt midden in deze rij op: het lijkt afgebroken ({fields, number} van {header, number} velden): afgewezen',
  invalidUtf8: 'bytes die geen geldige UTF-8 zijn, zijn gelezen als \uFFFD',
  extraFields: 'rij heeft {fields, number} velden, de kopregel {header, number}: extra velden genegeerd',
  duplicateId: 'dubbele CustomerID (eerst op regel {firstLine, number}): afgewezen',
  unknownCluster: 'onbekend cluster',
  notNumber: 'geen getal',
  notWholeNumber: 'geen geheel getal',
  notScore: 'geen score',
  scoreNotWhole: 'score is geen geheel getal',
  scoreOutOfRange: 'score buiten 0–100',
  notPercentage: 'geen percentage',
  notYesNo: 'geen ja/nee',
  notValidDate: 'geen geldige datum',
  notDate: 'geen datum',
  excelSerial60: 'geen geldige datum (serieel getal 60 van Excel is 29-02-1900)',
};

export const ISSUE_MESSAGES: Record<Locale, Record<IssueKind, string>> = { en, nl };

type Say = (kind: IssueKind, values: Record<string, string | number>) => string;
const translators = new Map<Locale, Say>();

/** An issue as one line in `lang` (English: the message the import stores). */
export function issueText(i: RowIssue, lang: Locale = 'en'): string {
  let t = translators.get(lang);
  if (!t) {
    t = translator(lang, ISSUE_MESSAGES[lang]).t;
    translators.set(lang, t);
  }
  const { kind, ...values } = i as { kind: IssueKind } & Record<string, number>;
  return t(kind, values);
}

/** Each English template as a whole-message pattern, its `{name}`s read back as whole numbers. */
const TEMPLATES: { kind: IssueKind; pattern: RegExp; names: string[] }[] = (
  Object.entries(en) as [IssueKind, string][]
).map(([kind, text]) => {
  const names: string[] = [];
  const source = text
    .split(/\{(\w+)\}/)
    .map((part, k) => {
      if (k % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      names.push(part);
      return '(\\d+)';
    })
    .join('');
  return { kind, pattern: new RegExp(`^${source}$`), names };
});

/** The issue a stored English message says, or undefined when no template says it. */
export function issueOf(message: string): RowIssue | undefined {
  for (const { kind, pattern, names } of TEMPLATES) {
    const m = pattern.exec(message);
    if (!m) continue;
    const issue: Record<string, string | number> = { kind };
    names.forEach((n, k) => (issue[n] = Number(m[k + 1])));
    return issue as RowIssue;
  }
  return undefined;
}

/** A plain object that claims to be an issue (the wire), or not. */
export function isRowIssue(v: unknown): v is RowIssue {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { kind?: unknown }).kind === 'string' &&
    Object.prototype.hasOwnProperty.call(en, (v as { kind: string }).kind)
  );
}

/** What a user reads of an issue: its kind worded in `lang`, else the stored English message. */
export function issueLine(message: string, issue: unknown, lang: Locale): string {
  return isRowIssue(issue) ? issueText(issue, lang) : message;
}
