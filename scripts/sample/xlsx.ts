/** The XLSX writer: small, in memory; zip timestamps normalised for byte-for-byte reproducibility. */
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { Money, type CellValue, type FormatOptions } from './cells';

/** Sets every zip entry's DOS modification time/date (local headers and central directory) to `date`. */
export function normaliseZipTimestamps(zip: Buffer, date: Date): Buffer {
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  const dosDate = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  let eocd = -1;
  for (let i = zip.length - 22; i >= 0; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file');
  const entries = zip.readUInt16LE(eocd + 10);
  let pos = zip.readUInt32LE(eocd + 16);
  for (let e = 0; e < entries; e++) {
    if (zip.readUInt32LE(pos) !== 0x02014b50) throw new Error('bad central directory');
    zip.writeUInt16LE(dosTime, pos + 12);
    zip.writeUInt16LE(dosDate, pos + 14);
    const local = zip.readUInt32LE(pos + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('bad local header');
    zip.writeUInt16LE(dosTime, local + 10);
    zip.writeUInt16LE(dosDate, local + 12);
    pos += 46 + zip.readUInt16LE(pos + 28) + zip.readUInt16LE(pos + 30) + zip.readUInt16LE(pos + 32);
  }
  return zip;
}

export interface XlsxRow {
  values: CellValue[];
  tag?: string;
}

export interface XlsxSheetSpec {
  name: string;
  titleRows: string[];
  header: string[];
  rows: XlsxRow[];
  /** Header names whose numbers get a currency number format. */
  moneyColumns?: string[];
}

/** Writes a workbook; returns tag → 1-based sheet row number. */
export async function writeXlsx(
  path: string,
  sheets: XlsxSheetSpec[],
  asOf: Date,
  booleans: FormatOptions['booleans'] = 'YesNo',
): Promise<Map<string, { sheet: string; row: number }>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Microsoft Partner Center';
  wb.lastModifiedBy = 'Microsoft Partner Center';
  wb.created = asOf;
  wb.modified = asOf;
  const tags = new Map<string, { sheet: string; row: number }>();
  for (const spec of sheets) {
    const ws = wb.addWorksheet(spec.name);
    for (const [i, t] of spec.titleRows.entries()) {
      const r = ws.addRow([t]);
      if (i === 0) r.font = { bold: true, size: 14 };
    }
    const headerRow = ws.addRow(spec.header);
    headerRow.font = { bold: true };
    const moneyIdx = new Set((spec.moneyColumns ?? []).map((h) => spec.header.indexOf(h)));
    for (const row of spec.rows) {
      const values = row.values.map((v) =>
        v instanceof Money
          ? v.amount
          : typeof v === 'boolean'
            ? booleans === 'YesNo'
              ? v
                ? 'Yes'
                : 'No'
              : v
                ? 1
                : 0
            : v,
      );
      const r = ws.addRow(values);
      if (row.tag) tags.set(row.tag, { sheet: spec.name, row: r.number });
      for (const i of moneyIdx) if (i >= 0) r.getCell(i + 1).numFmt = '"$"#,##0.00';
    }
    ws.columns.forEach((col) => {
      col.width = 16;
    });
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  await writeFile(path, normaliseZipTimestamps(buf, asOf));
  return tags;
}
