// The flags a snapshot stores, read back: texts, no, a rejected duplicate, two columns of one
// name and an agreements file (a check for any change to how the snapshot writer stores them).
import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../../main/cache/db';
import { importFile } from '../../main/ingest/import';
import { tempCache, tsv, write } from './helpers';

const open: DB[] = [];
afterEach(() => {
  while (open.length) open.pop()!.close();
});

function storedFlags(db: DB): [string, string, string | null][] {
  return db
    .prepare(
      `SELECT n.name, f.customer_id, f.value FROM flags f JOIN flag_names n ON n.id = f.flag_id
       ORDER BY n.name, f.customer_id`,
    )
    .raw()
    .all() as [string, string, string | null][];
}

describe('flags stored at the end of the load', () => {
  it('keep a text that is not a plain yes, skip a no, and store nothing for a rejected duplicate', async () => {
    const c = tempCache();
    open.push(c.db);
    const header = ['CustomerID', 'AccountName', 'M365Fit', 'MW_Teams Phone', 'MW_Windows 10 EOS'];
    const file = write(
      c.dir,
      'm365_2026-11-20.tsv',
      tsv([
        header,
        ['C3', 'Three', '50', 'Yes', 'No'],
        ['C1', 'One', '60', 'Yes', 'since 2025-10-14'],
        ['C2', 'Two', '70', '', 'TRUE'],
        // A second row of C1: rejected as a duplicate, so its flags are not stored either.
        ['C1', 'One again', '80', '', 'Yes'],
      ]),
    );
    const r = await importFile(c.db, file);
    expect(r).toMatchObject({ status: 'imported', rows: 3, rejected: 1 });
    expect(storedFlags(c.db)).toEqual([
      ['MW_Teams Phone', 'C1', null],
      ['MW_Teams Phone', 'C3', null],
      ['MW_Windows 10 EOS', 'C1', 'since 2025-10-14'],
      ['MW_Windows 10 EOS', 'C2', null],
    ]);
    expect(c.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('of two columns of one name, keep the first one set, as the file lists them', async () => {
    const c = tempCache();
    open.push(c.db);
    const header = ['CustomerID', 'AccountName', 'M365Fit', 'MW_Teams Phone', 'MW_Teams Phone'];
    const file = write(
      c.dir,
      'm365_2026-11-20.tsv',
      tsv([header, ['A', 'A', '50', 'first text', 'second text'], ['B', 'B', '50', '', 'only the second']]),
    );
    expect(await importFile(c.db, file)).toMatchObject({ status: 'imported', rows: 2 });
    expect(storedFlags(c.db)).toEqual([
      ['MW_Teams Phone', 'A', 'first text'],
      ['MW_Teams Phone', 'B', 'only the second'],
    ]);
  });

  it('of an agreements report, are stored once per customer, with its first line', async () => {
    const c = tempCache();
    open.push(c.db);
    const header = [
      'CustomerID',
      'AccountName',
      'Agreement ID',
      'Agreement End Date',
      'Expiring Revenue',
      'RevSumDivisionName',
      'MW_Windows 10 EOS',
    ];
    const file = write(
      c.dir,
      'CLASAgreementRenewalsPropensity_2026-11-20.csv',
      [
        header,
        ['K', 'K', 'A1', '2027-01-31', '100', 'Modern Work', 'first'],
        ['K', 'K', 'A2', '2027-02-28', '200', 'Modern Work', 'second'],
      ]
        .map((r) => r.join(','))
        .join('\n') + '\n',
    );
    const r = await importFile(c.db, file);
    expect(r).toMatchObject({ status: 'imported', report: 'agreements', rows: 2 });
    expect(storedFlags(c.db)).toEqual([['MW_Windows 10 EOS', 'K', 'first']]);
  });
});
