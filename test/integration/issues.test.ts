/**
 * A row's import issues as data: the workspace stores each issue's English message as before,
 * the import's result (the CLI's JSON) carries the messages only, and reading a snapshot's issues
 * back gives each its kind and figures (shared/i18n/issues.ts), whose English words are the
 * stored message, so that the UI can word it in Dutch. Every issue the sample downloads and a
 * file made of bad cells raise is one of the known kinds; a message no template says (a workspace
 * written by some other version) is read as it is, without a kind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../../main/cache/db';
import { importIssues } from '../../main/cache/imports';
import { importFile } from '../../main/ingest/import';
import { issueLine, issueText, type IssueKind } from '../../shared/i18n/issues';
import { M365_HEADER, m365Rows, sampleFiles, tempCache, tsv, write } from './helpers';

const open: DB[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

/** An M365 download whose rows raise most kinds of issue, each on a line of its own. */
function badCells(): string {
  const rows: (string | number)[][] = m365Rows(8, (i) =>
    i === 2
      ? { id: 'X0' }
      : i === 3
        ? { cluster: 'Weird' }
        : i === 4
          ? { fit: '7.5' }
          : i === 5
            ? { fit: 'abc' }
            : {},
  );
  rows[7]![7] = 'x12'; // OrgSize
  rows[8]![8] = 'maybe'; // Has M365
  rows.push(['', 'Name without ID', '', 'NL', '', '', '', '5', 'No', 'No', 'Act Now', '80', '80']);
  rows.push([...rows[1]!.slice(0, M365_HEADER.length).map((v, k) => (k === 0 ? 'X99' : v)), 'one', 'two']);
  rows.push(['Total']);
  return tsv(rows);
}

describe('import issues as data', () => {
  it('reads every stored message back as its kind and figures, whose English is the message', async () => {
    const { db, dir } = tempCache();
    open.push(db);
    const files = [...sampleFiles(), write(dir, 'CloudAscent_M365_Propensity_2026-12-01.tsv', badCells())];
    const seen = new Set<IssueKind>();
    for (const file of files) {
      // The file of bad cells is far smaller than the samples' M365 snapshot: not held back here.
      const r = await importFile(db, file, { allowShrink: true });
      expect(r.status, file).toBe('imported');
      // The result (the CLI's JSON) is as it was: line, column, value and the English message.
      for (const i of r.issues) expect(Object.keys(i).sort()).toEqual(['column', 'line', 'message', 'value']);
      const stored = importIssues(db, r.importId!, 0, 1000);
      expect(stored.issues.length).toBe(r.issueCount);
      for (const i of stored.issues) {
        expect(i.issue, i.message).toBeDefined();
        expect(issueText(i.issue!), i.message).toBe(i.message);
        seen.add(i.issue!.kind);
      }
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'duplicateId',
        'extraFields',
        'noCustomerId',
        'notCustomerRow',
        'notNumber',
        'notScore',
        'notYesNo',
        'scoreNotWhole',
        'scoreOutOfRange',
        'unknownCluster',
      ]),
    );
    // In Dutch, with the figures read from the stored message.
    const last = db.prepare('SELECT MAX(id) AS id FROM imports').get() as { id: number };
    const dup = importIssues(db, last.id, 0, 1000).issues.find((i) => i.issue?.kind === 'duplicateId')!;
    expect(dup.message).toBe('duplicate CustomerID (first on line 2): rejected');
    expect(dup.issue).toEqual({ kind: 'duplicateId', firstLine: 2 });
    expect(issueLine(dup.message, dup.issue, 'nl')).toBe('dubbele CustomerID (eerst op regel 2): afgewezen');
  });

  it('leaves a message no template says as it is, without a kind', async () => {
    const { db, dir } = tempCache();
    open.push(db);
    const r = await importFile(
      db,
      write(dir, 'CloudAscent_M365_Propensity_2026-12-01.tsv', tsv(m365Rows(3))),
    );
    db.prepare(
      'INSERT INTO import_issues (import_id, line, "column", value, message) VALUES (?, 3, NULL, NULL, ?)',
    ).run(r.importId, 'something an older version said');
    expect(importIssues(db, r.importId!).issues).toEqual([
      { line: 3, column: null, value: null, message: 'something an older version said' },
    ]);
  });
});
