import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DB } from '../../main/cache/db';
import { importFile, snapshotFromFileName } from '../../main/ingest/import';
import { currentImports } from '../../main/query/current';
import { queryRows } from '../../main/query/rows';
import { summary } from '../../main/query/summary';
import { M365_HEADER, SAMPLE_DIR, m365Rows, row, tableCounts, tempCache, tsv, write } from './helpers';

const open: DB[] = [];
function cache() {
  const c = tempCache();
  open.push(c.db);
  return c;
}
afterEach(() => {
  while (open.length) open.pop()!.close();
});

const sample = (name: string) => path.join(SAMPLE_DIR, name);

describe('the sample downloads', () => {
  it('recognises each report kind from its headers and reports quirks by physical line', async () => {
    const { db } = cache();
    const expectations: [string, string, number, number][] = [
      ['CloudAscent_M365_Propensity_2026-10-20.tsv', 'm365', 250, 1],
      ['CloudAscent_M365_Propensity_2026-11-20.tsv', 'm365', 260, 0],
      ['CLASD365Propensity_20261020.csv', 'd365', 205, 1],
      ['CLASD365Propensity_20261120.csv', 'd365', 210, 0],
      ['CLASAzurePropensity_2026-10.xlsx', 'azure', 217, 0],
      ['CLASAzurePropensity_2026-11.xlsx', 'azure', 227, 1],
      ['Surface_Propensity_2026-11-20.txt', 'surface', 203, 0],
      ['CLASAgreementRenewalsPropensity_2026-10-20.csv', 'agreements', 270, 0],
      ['CLASAgreementRenewalsPropensity_2026-11-20.csv', 'agreements', 280, 1],
    ];
    for (const [file, report, rows, rejected] of expectations) {
      const r = await importFile(db, sample(file));
      expect({ file, status: r.status, report: r.report, rows: r.rows, rejected: r.rejected }).toEqual({
        file,
        status: 'imported',
        report,
        rows,
        rejected,
      });
    }
  });

  it('M365 October: rejected row, invalid scores stored as null with line, column and value', async () => {
    const { db } = cache();
    const r = await importFile(db, sample('CloudAscent_M365_Propensity_2026-10-20.tsv'));
    expect(r.snapshot).toBe('2026-10-20');
    expect(r.issues).toContainEqual({
      line: 43,
      column: 'CustomerID',
      value: null,
      message: 'row without CustomerID: rejected',
    });
    expect(r.issues).toContainEqual({ line: 63, column: 'M365Fit', value: 'abc', message: 'not a score' });
    expect(r.issues).toContainEqual({
      line: 78,
      column: 'SurfaceIntent',
      value: '140',
      message: 'score outside 0–100',
    });
    const bad = row(
      db,
      "SELECT fit, intent, cluster FROM propensity WHERE customer_id = '311771580' AND product = 'M365'",
    )!;
    expect(bad.fit).toBeNull();
    expect(bad.cluster).not.toBeNull(); // the row is kept
    // IDs stay text: leading zeros survive.
    expect(row(db, "SELECT customer_id FROM customers WHERE customer_id = '000123456'")).toBeDefined();
    expect(row(db, "SELECT account_name FROM customers WHERE customer_id = '003644685'")!.account_name).toBe(
      'Société Générale de Café',
    );
  });

  it('M365 November (BOM, CRLF): the ragged row is reported, the short row keeps nulls', async () => {
    const { db } = cache();
    const r = await importFile(db, sample('CloudAscent_M365_Propensity_2026-11-20.tsv'));
    expect(r.issues.find((i) => i.line === 132)?.message).toMatch(/45 fields, the header 44/);
    const short = row(
      db,
      "SELECT org_size, country, has_m365 FROM customers WHERE customer_id = '017354123'",
    )!;
    expect(short).toBeDefined();
    expect(short.has_m365).toBeNull();
    expect(row(db, "SELECT COUNT(*) AS n FROM propensity WHERE customer_id = '017354123'")!.n).toBe(0);
  });

  it('D365 October: quoted newline keeps later line numbers physical; file revenue beats the estimate, zero included', async () => {
    const { db } = cache();
    const r = await importFile(db, sample('CLASD365Propensity_20261020.csv'));
    expect(r.issues.find((i) => i.line === 35)?.message).toMatch(/extra fields ignored/);
    expect(r.issues.find((i) => i.line === 59)?.message).toBe('row without CustomerID: rejected');
    const notes = row(
      db,
      "SELECT extra FROM customers WHERE customer_id = 'c5b53802-df81-43fb-8439-0725fc147cd1'",
    )!;
    expect(JSON.parse(notes.extra as string).Notes).toContain('\n');
    const zero = row(db, 'SELECT COUNT(*) AS n FROM propensity WHERE ws_revenue = 0 AND ws_estimated = 0')!;
    expect(zero.n).toBeGreaterThan(0);
  });

  it('D365 November (windows-1252, semicolons, decimal comma, title and total rows) matches October where unchanged', async () => {
    const { db } = cache();
    const r = await importFile(db, sample('CLASD365Propensity_20261120.csv'));
    expect(r.status).toBe('imported');
    expect(r.issues.find((i) => i.line === 216)?.message).toMatch(/totals or note/);
    expect(r.issues.find((i) => i.line === 217)?.message).toMatch(/totals or note/);
    expect(row(db, "SELECT account_name FROM customers WHERE customer_id = '003644685'")!.account_name).toBe(
      'Société Générale de Café',
    );
    // The raw file's revenue text for one customer, parsed by hand: "1.234,50" → 1234.5.
    const text = new TextDecoder('windows-1252').decode(
      fs.readFileSync(sample('CLASD365Propensity_20261120.csv')),
    );
    const lines = text.split('\r\n');
    const header = lines[3]!.split(';');
    const col = header.indexOf('D365 BC Whitespace Revenue');
    const withValue = lines.slice(4).find((l) => /\d,\d{2}$/.test(l.split(';')[col] ?? ''))!;
    const cells = withValue.split(';');
    const expected = Number(cells[col]!.replace(/[^\d,]/g, '').replace(',', '.'));
    const got = row(
      db,
      "SELECT ws_revenue FROM propensity WHERE customer_id = ? AND product = 'D365BC'",
      cells[header.indexOf('CustomerID')],
    );
    expect(got!.ws_revenue).toBe(expected);
  });

  it('Surface (UTF-16 LE "Unicode text" .txt) and Azure XLSX ("Propensity model" tab below title rows)', async () => {
    const { db } = cache();
    const s = await importFile(db, sample('Surface_Propensity_2026-11-20.txt'));
    expect(s.report).toBe('surface');
    expect(row(db, "SELECT account_name FROM customers WHERE customer_id = '391065174'")!.account_name).toBe(
      'Müller Bäckerei GmbH',
    );
    const a = await importFile(db, sample('CLASAzurePropensity_2026-11.xlsx'));
    expect(a.issues).toContainEqual({
      line: 129,
      column: 'AzureFit',
      value: '140',
      message: 'score outside 0–100',
    });
    expect(a.issues).toContainEqual({
      line: 139,
      column: 'AzureIntent',
      value: 'abc',
      message: 'not a score',
    });
    expect(a.issues.find((i) => i.line === 150)?.message).toBe('row without CustomerID: rejected');
  });

  it('agreements: M/D/YYYY and D-M-YYYY give the same end dates for the same agreement', async () => {
    const { db } = cache();
    await importFile(db, sample('CLASAgreementRenewalsPropensity_2026-10-20.csv'));
    await importFile(db, sample('CLASAgreementRenewalsPropensity_2026-11-20.csv'));
    const pairs = db
      .prepare(
        `SELECT a.end_date AS oct, b.end_date AS nov FROM agreements a JOIN agreements b ON a.agreement_id = b.agreement_id
         WHERE a.import_id = 1 AND b.import_id = 2`,
      )
      .all() as { oct: string; nov: string }[];
    expect(pairs.length).toBeGreaterThan(100);
    for (const p of pairs) expect(p.nov).toBe(p.oct);
    expect(row(db, 'SELECT COUNT(*) AS n FROM agreements WHERE end_date IS NULL')!.n).toBe(0);
  });
});

describe('values, dates and shapes', () => {
  it('semicolon CSV with decimal comma, currency, percent scores and yes/no variants', async () => {
    const { db, dir } = cache();
    const f = write(
      dir,
      'd365_2026-09-30.csv',
      [
        'CustomerID;AccountName;OrgSize;HasD365;D365BCCluster;D365BCFit;D365BCIntent;D365BCWhitespaceRevenue',
        '1;A;10;N;Act Now;75%;80;"€ 1.234,50"',
        '2;B;10;0;Evaluate;80;30;0',
        '3;C;20;FALSE;Nurture;20;90;',
        '4;D;20;Y;Educate;10;10;',
      ].join('\n'),
    );
    const r = await importFile(db, f);
    expect(r.status).toBe('imported');
    const get = (id: string) =>
      row(db, 'SELECT fit, ws_revenue, ws_estimated, whitespace FROM propensity WHERE customer_id = ?', id)!;
    expect(get('1')).toEqual({ fit: 75, ws_revenue: 1234.5, ws_estimated: 0, whitespace: 1 });
    expect(get('2')).toEqual({ fit: 80, ws_revenue: 0, ws_estimated: 0, whitespace: 1 });
    // No value in the file: the default estimate, 20 × 15 % × 80 × 12.
    expect(get('3')).toEqual({ fit: 20, ws_revenue: 2880, ws_estimated: 1, whitespace: 1 });
    expect(get('4')).toEqual({ fit: 10, ws_revenue: null, ws_estimated: 0, whitespace: 0 });
  });

  it('derives the segment from OrgSize when it is known, and maps the file label when it is not', async () => {
    const { db, dir } = cache();
    const f = write(
      dir,
      'az_2026-09-30.tsv',
      tsv([
        ['CustomerID', 'OrgSize', 'SubSegment', 'AzureCluster', 'AzureFit', 'AzureIntent'],
        ['1', 9, '', 'Act Now', 80, 80],
        ['2', 300, '', 'Act Now', 80, 80],
        ['3', 5, 'SMB - Upper Medium', 'Act Now', 80, 80],
        ['4', '', 'Upper Medium', 'Act Now', 80, 80],
        ['5', '', 'SMB - Small', 'Act Now', 80, 80],
        ['6', '', 'Medium', 'Act Now', 80, 80],
      ]),
    );
    await importFile(db, f);
    const subs = db
      .prepare('SELECT customer_id, sub_segment, sub_segment_derived FROM customers ORDER BY customer_id')
      .all();
    expect(subs).toEqual([
      { customer_id: '1', sub_segment: 'Very small business', sub_segment_derived: 'Very small business' },
      {
        customer_id: '2',
        sub_segment: 'Top Unmanaged – user based',
        sub_segment_derived: 'Top Unmanaged – user based',
      },
      // OrgSize is known: the segment follows it, whatever the file's label says (kept beside it).
      { customer_id: '3', sub_segment: 'Very small business', sub_segment_derived: 'Very small business' },
      { customer_id: '4', sub_segment: 'Top Unmanaged – user based', sub_segment_derived: null },
      { customer_id: '5', sub_segment: 'Small business', sub_segment_derived: null },
      { customer_id: '6', sub_segment: 'Medium business', sub_segment_derived: null },
    ]);
    // The file's own label stays beside the segment, on the customer and on each row.
    expect(db.prepare("SELECT sub_segment_file FROM customers WHERE customer_id = '3'").pluck().get()).toBe(
      'SMB - Upper Medium',
    );
    expect(db.prepare("SELECT file_sub_segment FROM propensity WHERE customer_id = '5'").pluck().get()).toBe(
      'SMB - Small',
    );
  });

  it('XLSX with Excel serial dates and numbers as numbers', async () => {
    const { db, dir } = cache();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Agreements');
    ws.addRow(['Agreement renewals']);
    ws.addRow([
      'CustomerID',
      'AccountName',
      'Agreement ID',
      'Agreement End Date',
      'Expiring Revenue',
      'License Program',
    ]);
    ws.addRow(['C1', 'One', 'A-1', 46022, 1000.1, 'CSP']); // serial 46022 = 2025-12-31
    ws.addRow(['C2', 'Two', 'A-2', new Date(Date.UTC(2027, 5, 30)), 2000.2, 'EA']);
    ws.addRow(['C3', 'Three', 'A-3', '2026-07-01', '$3,000.30', 'EA']);
    const f = path.join(dir, 'renewals.xlsx');
    await wb.xlsx.writeFile(f);
    // Dated before every as-of date asked below: a snapshot is current only from its date on.
    const r = await importFile(db, f, { snapshot: '2026-06-30' });
    expect(r.report).toBe('agreements');
    expect(db.prepare('SELECT end_date, expiring_revenue FROM agreements ORDER BY line').all()).toEqual([
      { end_date: '2025-12-31', expiring_revenue: 1000.1 },
      { end_date: '2027-06-30', expiring_revenue: 2000.2 },
      { end_date: '2026-07-01', expiring_revenue: 3000.3 },
    ]);
    // FY27 runs 2026-07-01..2027-06-30: two agreements; on 2026-11-25 the July one has ended.
    const s = summary(db, '2026-11-25');
    expect(s.expiringAgreements).toBe(2);
    expect(s.openExpiringRevenue).toBe(2000.2);
    expect(summary(db, '2026-07-01').openExpiringRevenue).toBe(5000.5);
    expect(summary(db, '2026-06-30')).toMatchObject({
      fiscalYear: 'FY26',
      expiringAgreements: 1,
      openExpiringRevenue: 0,
    });
  });

  it('the day/month order of a date column is decided from its data', async () => {
    const { db, dir } = cache();
    const head = 'CustomerID,Agreement ID,Agreement End Date,Expiring Revenue\n';
    await importFile(db, write(dir, 'a_2026-01-01.csv', head + 'C1,A1,3/4/2026,1\nC2,A2,12/25/2026,1\n'));
    await importFile(db, write(dir, 'b_2026-02-01.csv', head + 'C1,A1,3-4-2026,1\nC2,A2,25-12-2026,1\n'));
    expect(db.prepare('SELECT import_id, end_date FROM agreements ORDER BY import_id, line').all()).toEqual([
      { import_id: 1, end_date: '2026-03-04' },
      { import_id: 1, end_date: '2026-12-25' },
      { import_id: 2, end_date: '2026-04-03' },
      { import_id: 2, end_date: '2026-12-25' },
    ]);
  });
});

describe('duplicates', () => {
  it('a CustomerID seen earlier in the file is rejected, naming the first line', async () => {
    const { db, dir } = cache();
    const f = write(
      dir,
      'dup_2026-09-30.tsv',
      tsv([
        ['CustomerID', 'AccountName', 'M365Cluster', 'M365Fit', 'M365Intent'],
        ['7', 'First', 'Act Now', 80, 80],
        ['8', 'Other', 'Educate', 10, 10],
        ['7', 'Second', 'Educate', 10, 10],
      ]),
    );
    const r = await importFile(db, f);
    expect(r).toMatchObject({ status: 'imported', rows: 2, rejected: 1 });
    expect(r.issues).toContainEqual({
      line: 4,
      column: 'CustomerID',
      value: '7',
      message: 'duplicate CustomerID (first on line 2): rejected',
    });
    expect(row(db, "SELECT account_name FROM customers WHERE customer_id = '7'")!.account_name).toBe('First');
    expect(row(db, "SELECT cluster FROM propensity WHERE customer_id = '7'")!.cluster).toBe('Act Now');
  });
});

describe('snapshots and current data', () => {
  it('takes the snapshot date from --snapshot, else the file name, else the modification date', async () => {
    expect(snapshotFromFileName('x_2026-10-20.tsv')).toBe('2026-10-20');
    expect(snapshotFromFileName('CLAS_20261120.csv')).toBe('2026-11-20');
    expect(snapshotFromFileName('CLAS_2026-11.xlsx')).toBe('2026-11-01');
    expect(snapshotFromFileName('CLAS_20261340.csv')).toBeNull();
    expect(snapshotFromFileName('report.tsv')).toBeNull();
    const { db, dir } = cache();
    const f = write(
      dir,
      'report.tsv',
      tsv([M365_HEADER, ['1', 'A', '', 'NL', '', '', '', 5, 'Yes', 'No', 'Act Now', 80, 80]]),
    );
    fs.utimesSync(f, new Date(2026, 2, 15, 12), new Date(2026, 2, 15, 12));
    expect((await importFile(db, f)).snapshot).toBe('2026-03-15');
    const g = write(
      dir,
      'report2_2026-01-01.tsv',
      tsv([M365_HEADER, ['2', 'B', '', 'NL', '', '', '', 5, 'Yes', 'No', 'Act Now', 80, 80]]),
    );
    expect((await importFile(db, g, { snapshot: '2026-04-30' })).snapshot).toBe('2026-04-30');
  });

  it('current data is the latest snapshot of each kind whatever the import order', async () => {
    const { db } = cache();
    await importFile(db, sample('CloudAscent_M365_Propensity_2026-11-20.tsv'));
    await importFile(db, sample('CloudAscent_M365_Propensity_2026-10-20.tsv'));
    expect(currentImports(db)).toEqual([{ id: 1, report: 'm365', snapshot: '2026-11-20' }]);
    const q = queryRows(db, { filters: {}, limit: 5 });
    expect(q.rows.every((r) => r.snapshot === '2026-11-20')).toBe(true);
    // Moved into Act Now: present in both, Act Now now, not before (checked by hand in SQL).
    const expected = db
      .prepare(
        `SELECT COUNT(*) AS n FROM propensity n
         JOIN customers c ON c.import_id = 2 AND c.customer_id = n.customer_id
         LEFT JOIN propensity o ON o.import_id = 2 AND o.customer_id = n.customer_id AND o.product = n.product
         WHERE n.import_id = 1 AND n.product = 'M365' AND n.cluster = 'Act Now' AND o.cluster IS NOT 'Act Now'`,
      )
      .get() as { n: number };
    const s = summary(db, '2026-11-25');
    expect(expected.n).toBeGreaterThan(0);
    expect(s.movedIntoActNow.M365).toBe(expected.n);
    expect(queryRows(db, { filters: { product: ['M365'], movedIntoActNow: true } }).total).toBe(expected.n);
  });

  it('re-importing the same bytes changes nothing and says skipped', async () => {
    const { db } = cache();
    const f = sample('CloudAscent_M365_Propensity_2026-10-20.tsv');
    await importFile(db, f);
    const before = tableCounts(db);
    const again = await importFile(db, f);
    expect(again.status).toBe('skipped');
    expect(again.report).toBe('m365');
    expect(tableCounts(db)).toEqual(before);
  });
});

describe('bad input loses nothing', () => {
  it.each([
    ['empty.csv', '', /file is empty/],
    ['bank.csv', 'Datum,Omschrijving,Bedrag\n01-11-2026,Koffie,-3.50\n', /not a CloudAscent report/],
    ['broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]), /corrupt XLSX/],
    ['bin.tsv', Buffer.from([0xff, 0x00, 0x00, 0x00, 0x01, 0x02]), /./],
  ])('%s fails with one clear line and the cache as before', async (name, content, message) => {
    const { db, dir } = cache();
    await importFile(db, sample('CloudAscent_M365_Propensity_2026-10-20.tsv'));
    const before = tableCounts(db);
    const r = await importFile(db, write(dir, name, content));
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(message);
    expect(r.error).not.toMatch(/\n/);
    expect(tableCounts(db)).toEqual(before);
  });

  it('a missing file fails clearly', async () => {
    const { db } = cache();
    const r = await importFile(db, '/nonexistent/x.tsv');
    expect(r).toMatchObject({ status: 'failed', error: 'no such file' });
  });

  it('a failure injected mid-file rolls the whole file back; the same file then imports cleanly', async () => {
    const { db, dir } = cache();
    await importFile(db, sample('CloudAscent_M365_Propensity_2026-10-20.tsv'));
    const before = tableCounts(db);
    const f = write(dir, 'big_2026-11-20.tsv', tsv(m365Rows(5000)));
    await expect(
      importFile(db, f, {
        afterBatch: (n) => {
          if (n > 2500) throw new Error('disk on fire');
        },
      }),
    ).rejects.toThrow('disk on fire');
    expect(db.inTransaction).toBe(false);
    expect(tableCounts(db)).toEqual(before);
    const ok = await importFile(db, f);
    expect(ok).toMatchObject({ status: 'imported', rows: 5000 });
  });

  it('a failure in a load that rebuilds the indexes brings the old indexes back', async () => {
    const { db, dir } = cache();
    const indexes = () =>
      db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").all();
    const before = indexes();
    expect(before.length).toBeGreaterThan(5);
    const f = write(dir, 'big_2026-11-20.tsv', tsv(m365Rows(5000)));
    await expect(
      importFile(db, f, {
        afterBatch: (n) => {
          // Mid-load, the empty table's indexes are gone, to be built after the rows are in.
          if (n > 2500) expect(indexes().length).toBeLessThan(before.length);
          if (n > 2500) throw new Error('disk on fire');
        },
      }),
    ).rejects.toThrow('disk on fire');
    expect(indexes()).toEqual(before);
  });

  it('indexes are whole and the same after a bulk load (built afterwards) and a small load (kept up)', async () => {
    const { db, dir } = cache();
    const indexes = () =>
      db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").all();
    const before = indexes();
    const rows = (from: number, n: number) =>
      m365Rows(n, (j) => ({
        id: `X${from + j}`,
        name: `Name ${from + j}`,
        country: (from + j) % 2 ? 'NL' : 'BE',
        fit: `${(from + j) % 101}`,
      }));
    await importFile(db, write(dir, 'a_2026-10-20.tsv', tsv(rows(0, 4000))));
    await importFile(db, write(dir, 'b_2026-11-20.tsv', tsv(rows(100, 200))));
    expect(indexes()).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const viaIndex = db
      .prepare(
        "SELECT COUNT(*) AS n FROM propensity INDEXED BY propensity_country WHERE import_id = 1 AND country = 'NL'",
      )
      .get() as { n: number };
    expect(viaIndex.n).toBe(2000);
  });

  it('a cancelled import stores nothing', async () => {
    const { db, dir } = cache();
    const f = write(dir, 'c_2026-11-20.tsv', tsv(m365Rows(3000, () => ({ name: 'N' }))));
    const ac = new AbortController();
    const r = await importFile(db, f, { signal: ac.signal, onProgress: (p) => p.rows > 1000 && ac.abort() });
    expect(r).toMatchObject({ status: 'failed', error: 'import cancelled' });
    expect(tableCounts(db).imports).toBe(0);
  });
});

describe('row counts', () => {
  it('follow the data: a remembered count is not served after an import or a forget', async () => {
    const { db } = cache();
    await importFile(db, sample('CloudAscent_M365_Propensity_2026-10-20.tsv'));
    const october = queryRows(db, { filters: { product: ['M365'] }, limit: 1 }).total;
    expect(queryRows(db, { filters: { product: ['M365'] }, limit: 1 }).total).toBe(october);
    await importFile(db, sample('CloudAscent_M365_Propensity_2026-11-20.tsv'));
    const november = queryRows(db, { filters: { product: ['M365'] }, limit: 1 }).total;
    expect(november).not.toBe(october);
    expect(november).toBe(
      (
        row(db, "SELECT COUNT(*) AS n FROM propensity WHERE import_id = 2 AND product = 'M365'") as {
          n: number;
        }
      ).n,
    );
    db.prepare('DELETE FROM imports WHERE id = 2').run();
    expect(queryRows(db, { filters: { product: ['M365'] }, limit: 1 }).total).toBe(october);
  });
});

describe('deep pages', () => {
  it('served from a remembered order, they equal the same slice of one full query', async () => {
    const { db } = cache();
    for (const f of [
      'CloudAscent_M365_Propensity_2026-11-20.tsv',
      'CLASD365Propensity_20261120.csv',
      'Surface_Propensity_2026-11-20.txt',
    ])
      await importFile(db, sample(f));
    const sorts: Parameters<typeof queryRows>[1]['sort'][] = [
      undefined,
      [{ field: 'fit', dir: 'desc' }],
      [{ field: 'accountName', dir: 'asc' }],
      [
        { field: 'country', dir: 'asc' },
        { field: 'whitespaceRevenue', dir: 'desc' },
      ],
    ];
    for (const sort of sorts) {
      const all = queryRows(db, { filters: {}, sort, limit: 10_000 });
      expect(all.total).toBeGreaterThan(1200);
      expect(all.rows).toHaveLength(all.total);
      const key = (r: { customerId: string; product: string }) => `${r.customerId}/${r.product}`;
      for (const offset of [1000, 1100, all.total - 30]) {
        const page = queryRows(db, { filters: {}, sort, offset, limit: 50 });
        expect(page.total).toBe(all.total);
        expect(page.rows.map(key)).toEqual(all.rows.slice(offset, offset + 50).map(key));
      }
    }
  });
});

describe('blank values', () => {
  it('"(none)" in a list filter finds the rows without a value', async () => {
    const { db } = cache();
    await importFile(db, sample('CloudAscent_M365_Propensity_2026-10-20.tsv'));
    const blanks = (row(db, 'SELECT COUNT(*) AS n FROM propensity WHERE cell IS NULL') as { n: number }).n;
    expect(blanks).toBeGreaterThan(0);
    const r = queryRows(db, { filters: { cell: ['(none)'] }, limit: 1000 });
    expect(r.total).toBe(blanks);
    expect(r.rows.every((x) => x.cell === null)).toBe(true);
    expect(queryRows(db, { filters: { cell: ['(none)', 'A1'] }, limit: 0 }).total).toBe(
      blanks + (row(db, "SELECT COUNT(*) AS n FROM propensity WHERE cell = 'A1'") as { n: number }).n,
    );
  });
});
