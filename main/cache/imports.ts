import { bumpDataVersion } from './data-version';
import type { DB } from './db';
import type { ImportOut, IssueOut } from '../../shared/api';
import { issueOf } from '../../shared/i18n/issues';

/** An import as the contract describes it (shared/api.ts). */
export type ImportRecord = ImportOut;

export function listImports(db: DB): ImportRecord[] {
  return db
    .prepare(
      `SELECT id, file, report, snapshot, snapshot_source AS snapshotSource, format, encoding, imported_at AS importedAt,
         rows, rejected, issue_count AS issueCount,
         id = (SELECT id FROM imports j WHERE j.report = i.report ORDER BY snapshot DESC, id DESC LIMIT 1) AS current
       FROM imports i ORDER BY snapshot DESC, report, id DESC`,
    )
    .all()
    .map((r) => ({ ...(r as ImportRecord), current: (r as { current: number }).current === 1 }));
}

export type StoredIssue = IssueOut;

/** A snapshot's issues by line, each with its kind and figures when its message is one of the known ones. */
export function importIssues(
  db: DB,
  importId: number,
  offset = 0,
  limit = 500,
): { total: number; issues: StoredIssue[] } {
  const total = (
    db.prepare('SELECT COUNT(*) AS n FROM import_issues WHERE import_id = ?').get(importId) as { n: number }
  ).n;
  const issues = db
    .prepare(
      'SELECT line, "column", value, message FROM import_issues WHERE import_id = ? ORDER BY line, rowid LIMIT ? OFFSET ?',
    )
    .all(importId, limit, offset) as StoredIssue[];
  for (const i of issues) {
    const issue = issueOf(i.message);
    if (issue) i.issue = issue;
  }
  return { total, issues };
}

/** Removes one snapshot and everything imported with it, in one transaction. */
export function forgetImport(db: DB, importId: number): boolean {
  return db
    .transaction(() => {
      const n = db.prepare('DELETE FROM imports WHERE id = ?').run(importId).changes;
      if (n) bumpDataVersion(db);
      return n > 0;
    })
    .immediate();
}
