import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openCache, type DB } from '../../main/cache/db';
import { importFile } from '../../main/ingest/import';

export const HEADER = [
  'CustomerID',
  'AccountName',
  'Country',
  'Area',
  'Industry',
  'Vertical',
  'OrgSize',
  'Has M365',
  'Has Azure',
  'M365Cluster',
  'M365Fit',
  'M365Intent',
  'AzureCluster',
  'AzureFit',
  'AzureIntent',
  'M365UpsellCustomer',
  'Azure_Windows Server OR SQL Server: EOS 2012',
];

export type Customer = [
  id: string,
  name: string,
  country: string,
  area: string,
  industry: string,
  vertical: string,
  orgSize: number | '',
  hasM365: 'Yes' | 'No',
  hasAzure: 'Yes' | 'No',
  m365Cluster: string,
  m365Fit: number | '',
  m365Intent: number | '',
  azureCluster: string,
  azureFit: number | '',
  azureIntent: number | '',
  upsell: 'Yes' | 'No',
  eos: 'Yes' | 'No',
];

export const HOSTILE = ['=HYPERLINK("http://x","y")', '+SUM(1,2)', '@cmd', '-10+20'] as const;

/** The current snapshot (2026-10-20): 8 customers × 2 products = 16 propensity rows. */
export const CURRENT: Customer[] = [
  [
    'C001',
    'Contoso Retail',
    'Netherlands',
    'Western Europe',
    'Retail',
    'Stores',
    120,
    'No',
    'Yes',
    'Act Now',
    90,
    80,
    'Evaluate',
    80,
    40,
    'No',
    'Yes',
  ],
  [
    'C002',
    HOSTILE[0],
    'United States',
    'Americas',
    'Finance',
    'Banking',
    40,
    'No',
    'No',
    'Evaluate',
    85,
    35,
    'Nurture',
    40,
    80,
    'No',
    'No',
  ],
  [
    'C003',
    HOSTILE[1],
    'Germany',
    'Western Europe',
    'Retail',
    'Stores',
    15,
    'Yes',
    'No',
    'Nurture',
    35,
    90,
    'Act Now',
    95,
    95,
    'Yes',
    'No',
  ],
  [
    'C004',
    HOSTILE[2],
    'Netherlands',
    'Western Europe',
    'Manufacturing',
    'Discrete',
    500,
    'Yes',
    'Yes',
    'Educate',
    10,
    10,
    'Educate',
    20,
    20,
    'Yes',
    'Yes',
  ],
  [
    'C005',
    HOSTILE[3],
    'France',
    'Western Europe',
    'Retail',
    'Grocery',
    8,
    'No',
    'No',
    'Act Now',
    76,
    99,
    'Act Now',
    80,
    80,
    'No',
    'No',
  ],
  [
    'C006',
    'Fabrikam GmbH',
    'Germany',
    'Western Europe',
    'Manufacturing',
    'Process',
    2500,
    'No',
    'Yes',
    'Evaluate',
    60,
    50,
    'Nurture',
    30,
    90,
    'No',
    'No',
  ],
  [
    'C007',
    'Northwind "Traders", Ltd',
    'United States',
    'Americas',
    'Retail',
    'Stores',
    55,
    'Yes',
    'Yes',
    'Act Now',
    100,
    100,
    'Evaluate',
    70,
    20,
    'Yes',
    'No',
  ],
  [
    'C008',
    'Tailspin Toys',
    'Netherlands',
    'Western Europe',
    'Retail',
    'Toys',
    30,
    'No',
    'No',
    'Nurture',
    40,
    60,
    'Educate',
    5,
    5,
    'No',
    'No',
  ],
];

/** The previous snapshot (2026-09-20): C001 M365 was Evaluate, C003 Azure was Nurture; C006 is new. */
export const PREVIOUS: Customer[] = CURRENT.filter((c) => c[0] !== 'C006').map((c) => {
  const p = [...c] as Customer;
  if (c[0] === 'C001') p[9] = 'Evaluate';
  if (c[0] === 'C003') p[12] = 'Nurture';
  return p;
});

export const AGREEMENTS_HEADER = [
  'CustomerID',
  'AccountName',
  'License Program',
  'Agreement ID',
  'Agreement End Date',
  'Expiration Type',
  'Expiring Revenue',
  'RevSumDivisionName',
];
/** As of 2026-10-20 (FY27: 2026-07-01 – 2027-06-30): A1 ended, A2 and A3 open, A4 and A5 outside FY27. */
export const AGREEMENTS: string[][] = [
  ['C001', 'Contoso Retail', 'CSP', 'A1', '2026-09-30', 'Renewal', '1000.50', 'Modern Work'],
  ['C002', HOSTILE[0], 'EA', 'A2', '2027-03-31', 'Renewal', '2500', 'Azure'],
  ['C006', 'Fabrikam GmbH', 'EA', 'A3', '2027-06-30', 'Expiration', '12345.67', 'Azure'],
  ['C006', 'Fabrikam GmbH', 'EA', 'A4', '2027-08-01', 'Renewal', '99', 'Azure'],
  ['C003', HOSTILE[1], 'CSP', 'A5', '2026-06-30', 'Renewal', '77', 'Modern Work'],
];

export const AS_OF = '2026-10-20';

export function tsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.join('\t')).join('\r\n') + '\r\n';
}

export interface Fixture {
  dir: string;
  db: DB;
  dbPath: string;
  cleanup(): void;
}

/** A real cache file with two M365/Azure snapshots and an agreements download, imported by importFile. */
export async function buildCache(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'ascent-export-'));
  const dbPath = join(dir, 'workspace.sqlite');
  const db = openCache(dbPath);
  const files: [string, string][] = [
    ['m365_2026-09-20.tsv', tsv(HEADER, PREVIOUS)],
    ['m365_2026-10-20.tsv', tsv(HEADER, CURRENT)],
    ['agreements_2026-10-20.tsv', tsv(AGREEMENTS_HEADER, AGREEMENTS)],
  ];
  for (const [name, text] of files) {
    const p = join(dir, name);
    writeFileSync(p, text);
    const r = await importFile(db, p);
    if (r.status !== 'imported') throw new Error(`fixture ${name}: ${r.status} ${r.error ?? ''}`);
  }
  return {
    dir,
    db,
    dbPath,
    cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function readWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** A sheet's data rows as arrays of cell values (row 1 = header excluded), up to the first blank row. */
export function dataRows(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (!row.hasValues) break;
    out.push((row.values as unknown[]).slice(1));
  }
  return out;
}

export function headerOf(ws: ExcelJS.Worksheet): string[] {
  return (ws.getRow(1).values as unknown[]).slice(1).map(String);
}

/** A cell's value as text, for comparing (strings as they are, anything else as JSON). */
export function cellText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}
