import { describe, expect, it } from 'vitest';
import { mapColumns, reportKind } from '../../main/ingest/headers';
import { decideHints, mapContext, mapRecord, type MapContext } from '../../main/ingest/map-record';
import type { CellValue, RawRecord } from '../../main/ingest/records';
import { DEFAULT_MATRIX } from '../../shared/domain/matrix';
import { DEFAULT_ESTIMATES } from '../../shared/domain/whitespace';

const M365_HEADER = [
  'CustomerID',
  'AccountName',
  'OrgSize',
  'Country',
  'SubSegment',
  'Has M365',
  'Has Azure',
  'Transactedinthelast36months',
  'AzurePotential',
  'M365Cluster',
  'M365Fit',
  'M365Intent',
  'AzureCluster',
  'AzureFit',
  'AzureIntent',
  'Azure Whitespace Revenue',
  'M365UpsellCustomer',
  'MW_Windows 10 EOS',
  'MW_Teams Phone',
  'Notes for us',
];

function context(header: string[], sample: RawRecord[] = [], opts: Partial<MapContext> = {}): MapContext {
  const map = mapColumns(header);
  const report = reportKind(map)!;
  const ctx = mapContext(map, report, decideHints(map, sample, false), {
    matrix: DEFAULT_MATRIX,
    estimates: DEFAULT_ESTIMATES,
  });
  return { ...ctx, ...opts };
}

/** A record of the M365 header from named cells; the rest blank. */
function m365(line: number, cells: Record<string, CellValue>): RawRecord {
  return { line, cells: M365_HEADER.map((h) => cells[h] ?? '') };
}

const base = {
  CustomerID: 'C1',
  AccountName: 'Acme',
  OrgSize: '12',
  Country: 'NL',
  'Has M365': 'No',
  'Has Azure': 'Yes',
  Transactedinthelast36months: 'Yes',
};

describe('mapRecord: scores, bands and clusters', () => {
  const ctx = context(M365_HEADER);

  it('classifies the scores into bands, a cell and the computed cluster, per product the row scores', () => {
    const m = mapRecord(
      m365(5, {
        ...base,
        M365Cluster: 'Act now',
        M365Fit: '80',
        M365Intent: '56',
        AzureFit: '40',
        AzureIntent: '20',
      }),
      ctx,
    );
    expect(m.kind).toBe('row');
    expect(m.issues).toEqual([]);
    const [m365Row, azureRow] = m.rows!.propensity;
    expect(m.rows!.propensity).toHaveLength(2);
    expect(m365Row).toMatchObject({
      customerId: 'C1',
      product: 'M365',
      fit: 80,
      intent: 56,
      fitBand: 'High',
      intentBand: 'Medium',
      cell: 'A2',
      cluster: 'Act Now',
      computedCluster: 'Act Now',
      accountName: 'Acme',
      country: 'NL',
      orgSize: 12,
    });
    expect(azureRow).toMatchObject({
      product: 'Azure',
      fitBand: 'Low',
      intentBand: 'Very Low',
      cell: 'D3',
      cluster: null,
      computedCluster: 'Educate',
    });
  });

  it('follows the configured thresholds', () => {
    const strict = context(M365_HEADER, [], {
      matrix: { ...DEFAULT_MATRIX, thresholds: { high: 90, medium: 85, low: 81 } },
    });
    const m = mapRecord(m365(2, { ...base, M365Fit: '80', M365Intent: '95' }), strict);
    expect(m.rows!.propensity[0]).toMatchObject({ fitBand: 'Very Low', intentBand: 'High', cell: 'C3' });
  });

  it('skips a product whose cluster, fit and intent are all blank; one score alone gives no cell', () => {
    const m = mapRecord(m365(2, { ...base, M365Fit: '70' }), ctx);
    expect(m.rows!.propensity.map((r) => r.product)).toEqual(['M365']);
    expect(m.rows!.propensity[0]).toMatchObject({
      fit: 70,
      intent: null,
      fitBand: 'Medium',
      intentBand: null,
      cell: null,
      computedCluster: null,
    });
  });
});

describe('mapRecord: invalid and blank values', () => {
  const ctx = context(M365_HEADER);

  it('stores an invalid value as null with an issue naming line, column and value', () => {
    const m = mapRecord(
      m365(7, {
        ...base,
        OrgSize: 'x12',
        'Has M365': 'maybe',
        M365Fit: '101',
        M365Intent: '5',
        M365Cluster: 'Weird',
      }),
      ctx,
    );
    expect(m.kind).toBe('row');
    expect(m.issues).toEqual([
      { line: 7, column: 'OrgSize', value: 'x12', message: 'not a number' },
      { line: 7, column: 'Has M365', value: 'maybe', message: 'not yes/no' },
    ]);
    // Issues of the product rows are kept apart: a duplicate CustomerID drops them with the rows.
    expect(m.rows!.productIssues).toEqual([
      { line: 7, column: 'M365Fit', value: '101', message: 'score outside 0–100' },
      { line: 7, column: 'M365Cluster', value: 'Weird', message: 'unknown cluster' },
    ]);
    expect(m.rows!.customer).toMatchObject({ orgSize: null, hasM365: null });
    expect(m.rows!.propensity[0]).toMatchObject({ fit: null, intent: 5, cluster: null, fitBand: null });
  });

  it('reads blanks, "-" and "n/a" as no value, without an issue', () => {
    const m = mapRecord(
      m365(3, { ...base, OrgSize: '-', 'Has Azure': 'n/a', M365Fit: ' ', M365Intent: '60' }),
      ctx,
    );
    expect(m.issues).toEqual([]);
    expect(m.rows!.customer).toMatchObject({ orgSize: null, hasAzure: null, line: 3 });
  });

  it('an empty line is blank, a total row is ignored, a row without an ID is rejected', () => {
    expect(mapRecord({ line: 9, cells: ['', ' ', null] }, ctx)).toEqual({
      kind: 'blank',
      rows: null,
      issues: [],
    });
    expect(mapRecord({ line: 10, cells: ['Total', '', '1234'] }, ctx)).toEqual({
      kind: 'ignored',
      rows: null,
      issues: [
        { line: 10, column: null, value: 'Total', message: 'not a customer row (totals or note): ignored' },
      ],
    });
    const noId = mapRecord(m365(11, { ...base, CustomerID: '', M365Fit: '80', M365Intent: '80' }), ctx);
    expect(noId).toEqual({
      kind: 'rejected',
      rows: null,
      issues: [{ line: 11, column: 'CustomerID', value: null, message: 'row without CustomerID: rejected' }],
    });
  });

  it('rejects a last row the file ends inside; reports fields beyond the header', () => {
    const cut = mapRecord({ line: 12, cells: ['C9', 'Acme', '12', 'N'], unterminated: true }, ctx);
    expect(cut.kind).toBe('rejected');
    expect(cut.issues[0]).toMatchObject({ line: 12, value: 'N' });
    const wide = mapRecord({ line: 13, cells: [...m365(13, base).cells, 'x', '', 'y'] }, ctx);
    expect(wide.kind).toBe('row');
    expect(wide.issues).toEqual([
      {
        line: 13,
        column: null,
        value: 'x | y',
        message: `row has ${M365_HEADER.length + 3} fields, the header ${M365_HEADER.length}: extra fields ignored`,
      },
    ]);
  });

  it('flags U+FFFD only in a file with invalid UTF-8', () => {
    const rec = m365(4, { ...base, AccountName: 'Ac\uFFFDme' });
    expect(mapRecord(rec, ctx).issues).toEqual([]);
    expect(mapRecord(rec, { ...ctx, invalidText: true }).issues).toEqual([
      { line: 4, column: null, value: null, message: 'bytes that are not valid UTF-8 were read as \uFFFD' },
    ]);
  });
});

describe('mapRecord: whitespace and its revenue', () => {
  const ctx = context(M365_HEADER);

  it('estimates the revenue of a whitespace row without a file value, and marks it', () => {
    const m = mapRecord(m365(2, { ...base, M365Fit: '80', M365Intent: '80' }), ctx);
    // No M365: whitespace; 12 employees × 22 a month × 12 months.
    expect(m.rows!.propensity[0]).toMatchObject({
      whitespace: 1,
      whitespaceRevenue: 3168,
      whitespaceEstimated: 1,
    });
  });

  it("keeps the file's value (zero included), and estimates nothing for a product the customer owns", () => {
    const m = mapRecord(
      m365(2, {
        ...base,
        'Has Azure': 'No',
        AzureFit: '50',
        AzureIntent: '50',
        'Azure Whitespace Revenue': '0',
      }),
      ctx,
    );
    expect(m.rows!.propensity[0]).toMatchObject({
      whitespace: 1,
      whitespaceRevenue: 0,
      whitespaceEstimated: 0,
    });
    const owned = mapRecord(m365(2, { ...base, AzureFit: '50', AzureIntent: '50' }), ctx);
    expect(owned.rows!.propensity[0]).toMatchObject({
      whitespace: 0,
      whitespaceRevenue: null,
      whitespaceEstimated: 0,
    });
  });

  it("estimates Azure from the customer's Azure potential; reads a decimal comma where the column uses one", () => {
    const sample = [m365(2, { AzurePotential: '1.234,50' }), m365(3, { AzurePotential: '20,25' })];
    const comma = context(M365_HEADER, sample);
    const m = mapRecord(
      m365(4, { ...base, 'Has Azure': 'No', AzurePotential: '1.234,50', AzureFit: '50', AzureIntent: '50' }),
      comma,
    );
    expect(m.rows!.customer.azurePotential).toBe(1234.5);
    expect(m.rows!.propensity[0]).toMatchObject({ whitespaceRevenue: 1234.5, whitespaceEstimated: 1 });
  });

  it('without a Has column, a customer with no transaction in 36 months is whitespace', () => {
    const m = mapRecord(
      m365(2, { ...base, 'Has M365': '', Transactedinthelast36months: 'No', M365Fit: '1', M365Intent: '1' }),
      ctx,
    );
    expect(m.rows!.propensity[0]!.whitespace).toBe(1);
  });

  it("marks the upsell column's products", () => {
    const m = mapRecord(m365(2, { ...base, M365UpsellCustomer: 'Yes', M365Fit: '1', AzureFit: '1' }), ctx);
    expect(m.rows!.propensity.map((r) => [r.product, r.upsell])).toEqual([
      ['M365', 1],
      ['Azure', 0],
    ]);
  });
});

describe('mapRecord: segments, flags and unknown columns', () => {
  const ctx = context(M365_HEADER);

  it.each([
    ['12', 'SMB - Medium', '', 'Small business'],
    ['', 'SMB - Medium', '', 'Medium business'],
    ['', 'Upper Medium', '', 'Top Unmanaged – user based'],
    ['', 'Enterprise-ish', '', 'Enterprise-ish'],
    ['', '', '20000', 'Top Unmanaged – compute based'],
    ['', '', '', null],
  ])('OrgSize %j, label %j, Azure potential %j → %j', (orgSize, label, potential, segment) => {
    const m = mapRecord(
      m365(2, { ...base, OrgSize: orgSize, SubSegment: label, AzurePotential: potential, M365Fit: '1' }),
      ctx,
    );
    expect(m.rows!.customer.subSegment).toBe(segment);
    expect(m.rows!.customer.fileSubSegment).toBe(label || null);
    expect(m.rows!.propensity[0]).toMatchObject({ subSegment: segment, fileSubSegment: label || null });
  });

  it('keeps set flags (a plain yes as null, other text verbatim) and unknown columns as JSON', () => {
    const m = mapRecord(
      m365(2, { ...base, 'MW_Windows 10 EOS': 'Yes', 'MW_Teams Phone': 'maybe', 'Notes for us': 'call' }),
      ctx,
    );
    const flags = ctx.map.flags.map((f) => f.name);
    expect(m.rows!.flags.map((f) => [flags[f.flag], f.value])).toEqual([
      ['MW_Windows 10 EOS', null],
      ['MW_Teams Phone', 'maybe'],
    ]);
    expect(m.rows!.customer.extra).toBe('{"Notes for us":"call"}');
    const none = mapRecord(m365(3, { ...base, 'MW_Windows 10 EOS': 'No' }), ctx);
    expect(none.rows!.flags).toEqual([]);
    expect(none.rows!.customer.extra).toBeNull();
  });
});

describe('mapRecord: agreements', () => {
  const header = [
    'CustomerID',
    'AccountName',
    'AgreementID',
    'AgreementEndDate',
    'ExpiringRevenue',
    'M365Cluster',
  ];
  const sample: RawRecord[] = [{ line: 2, cells: ['C1', 'A', 'G1', '25/12/2026', '10', ''] }];
  const ctx = context(header, sample);

  it('maps an agreement line with the date order the column uses, and no product rows', () => {
    const m = mapRecord({ line: 3, cells: ['C1', 'Acme', 'G7', '3/4/2026', '1,200.50', 'act now'] }, ctx);
    expect(ctx.report).toBe('agreements');
    expect(m.rows!.propensity).toEqual([]);
    expect(m.rows!.agreement).toEqual({
      line: 3,
      customerId: 'C1',
      agreementId: 'G7',
      licenseProgram: null,
      endDate: '2026-04-03',
      expirationType: null,
      expiringRevenue: 1200.5,
      product: null,
      upsell: null,
      clusters: '{"M365":"Act Now"}',
    });
  });

  it('an invalid date is an issue of the record', () => {
    const m = mapRecord({ line: 4, cells: ['C1', 'Acme', 'G8', 'soon', '', ''] }, ctx);
    expect(m.issues).toEqual([{ line: 4, column: 'AgreementEndDate', value: 'soon', message: 'not a date' }]);
    expect(m.rows!.agreement!.endDate).toBeNull();
  });
});
