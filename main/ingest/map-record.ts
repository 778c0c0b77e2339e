/**
 * The middle stage of an import: one record of a file → the rows it becomes and the issues it
 * raises. Pure: no SQLite, no state between records (a duplicate CustomerID is the store's to
 * find, by the customers key). The domain rules it applies live in shared/domain; the columns
 * it fills are those of cache/columns.ts.
 */
import {
  CUSTOMER_COLUMNS,
  type AgreementRecord,
  type CustomerKey,
  type CustomerRecord,
  type PropensityRecord,
} from '../cache/columns';
import type { FlagValue, ImportIssue, MappedRecord } from '../cache/snapshot-writer';
import { classify, normaliseCluster, type MatrixSettings } from '../../shared/domain/matrix';
import type { Product, ReportKind } from '../../shared/domain/products';
import { PROPENSITY_REPORTS } from '../../shared/domain/products';
import { canonicalSegment, deriveSubSegment } from '../../shared/domain/segments';
import { isWhitespace, whitespaceRevenue, type EstimateTable } from '../../shared/domain/whitespace';
import { issueText } from '../../shared/i18n/issues';
import { productFromText, productsIn, type ColumnMap, type CustomerField } from './headers';
import type { CellValue, RawRecord } from './records';
import {
  detectDateOrder,
  detectDecimalComma,
  parseBool,
  parseDate,
  parseInteger,
  parseNumber,
  parseScore,
  type DateOrder,
  type Parsed,
} from './values';

/** Per column, decided from the rows read ahead: date order and decimal separator. */
export interface Hints {
  dateOrder: Map<number, DateOrder | null>;
  decimalComma: Map<number, boolean>;
}

/** What every record of one file is mapped with. */
export interface MapContext {
  map: ColumnMap;
  report: ReportKind;
  /** Products whose scores the file carries (none for an agreements report). */
  products: Product[];
  hints: Hints;
  matrix: MatrixSettings;
  estimates: EstimateTable;
  /** The file is UTF-8 with some invalid bytes: rows holding U+FFFD get an issue. */
  invalidText: boolean;
}

export function mapContext(
  map: ColumnMap,
  report: ReportKind,
  hints: Hints,
  settings: { matrix: MatrixSettings; estimates: EstimateTable },
  invalidText = false,
): MapContext {
  const products = PROPENSITY_REPORTS.includes(report) ? productsIn(map) : [];
  return { map, report, products, hints, ...settings, invalidText };
}

export type { FlagValue, ImportIssue, MappedRecord, RecordRows } from '../cache/snapshot-writer';

const BLANK: MappedRecord = { kind: 'blank', rows: null, issues: [] };

const FOOTER =
  /^(total|totals|grand total|sum|subtotal|note|notes|source|data provided|generated|exported|\*)/i;

/** The customer columns read straight from the file's cell of the same customer field. */
const CELL_TEXT = CUSTOMER_COLUMNS.filter((c) => 'cell' in c && c.kind === 'text').map(
  (c) => c.key as CustomerField & CustomerKey,
);
const CELL_BOOL = CUSTOMER_COLUMNS.filter((c) => 'cell' in c && c.kind === 'bool').map(
  (c) => c.key as CustomerField & CustomerKey,
);

export function text(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v).trim();
  return s === '' ? null : s;
}

function display(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : String(v);
}

export function decideHints(map: ColumnMap, rows: RawRecord[], semicolon: boolean): Hints {
  const hints: Hints = { dateOrder: new Map(), decimalComma: new Map() };
  const texts = (i: number) => {
    const out: string[] = [];
    for (const r of rows) {
      const v = r.cells[i];
      if (typeof v === 'string' && v.trim()) out.push(v.trim());
    }
    return out;
  };
  if (map.agreement.endDate !== undefined)
    hints.dateOrder.set(map.agreement.endDate, detectDateOrder(texts(map.agreement.endDate)));
  const money: number[] = [];
  for (const slot of Object.values(map.products)) if (slot?.revenue !== undefined) money.push(slot.revenue);
  for (const i of [map.genericRevenue, map.agreement.expiringRevenue, map.customer.azurePotential])
    if (i !== null && i !== undefined) money.push(i);
  for (const i of money) hints.decimalComma.set(i, detectDecimalComma(texts(i)) ?? semicolon);
  return hints;
}

/**
 * One record's cells as the mapping reads them: a value that does not parse becomes null and
 * an issue in `into`. Methods rather than closures made per record: a load maps millions.
 */
class Cells {
  readonly cells: CellValue[];
  constructor(
    readonly rec: RawRecord,
    readonly ctx: MapContext,
  ) {
    this.cells = rec.cells;
  }

  /** `message`: the issue's English words (shared/i18n/issues.ts `issueText`), as stored. */
  issue(into: ImportIssue[], column: string | null, value: string | null, message: string): void {
    into.push({ line: this.rec.line, column, value, message });
  }

  text(index: number | undefined): string | null {
    return index === undefined ? null : text(this.cells[index]);
  }

  field(f: CustomerField): string | null {
    return this.text(this.ctx.map.customer[f]);
  }

  parse<T>(into: ImportIssue[], index: number | undefined, p: (v: CellValue) => Parsed<T>): T | null {
    if (index === undefined) return null;
    const v = this.cells[index] ?? null;
    return this.settle(into, index, v, p(v));
  }

  money(into: ImportIssue[], index: number | undefined): number | null {
    if (index === undefined) return null;
    const v = this.cells[index] ?? null;
    const decimalComma = this.ctx.hints.decimalComma.get(index) ?? false;
    return this.settle(into, index, v, parseNumber(v, { decimalComma }));
  }

  date(into: ImportIssue[], index: number | undefined): string | null {
    if (index === undefined) return null;
    const v = this.cells[index] ?? null;
    return this.settle(into, index, v, parseDate(v, this.ctx.hints.dateOrder.get(index) ?? null));
  }

  private settle<T>(into: ImportIssue[], index: number, v: CellValue, r: Parsed<T>): T | null {
    if (r.ok) return r.value;
    this.issue(into, this.ctx.map.headers[index] ?? null, display(v), r.message);
    return null;
  }
}

/** Maps one record of the file (its cells after the header row) to rows and issues. */
export function mapRecord(rec: RawRecord, ctx: MapContext): MappedRecord {
  const { map } = ctx;
  const cells = rec.cells;
  const issues: ImportIssue[] = [];
  const idIndex = map.customer.customerId!;
  const id = text(cells[idIndex]);
  let filled = 0;
  let first: string | null = null;
  for (const c of cells) {
    const t = text(c);
    if (t === null) continue;
    filled++;
    first ??= t;
  }
  if (filled === 0) return BLANK;
  const r = new Cells(rec, ctx);
  // Totals and notes below the data: a "Total…" row or a sparse row without an ID.
  const sparse = filled < Math.max(3, map.headers.length / 3);
  if (sparse && (id === null || FOOTER.test(first!))) {
    r.issue(issues, null, first!.slice(0, 200), issueText({ kind: 'notCustomerRow' }));
    return { kind: 'ignored', rows: null, issues };
  }
  if (id === null) {
    r.issue(issues, map.headers[idIndex] ?? 'CustomerID', null, issueText({ kind: 'noCustomerId' }));
    return { kind: 'rejected', rows: null, issues };
  }
  // A download cut off mid-transfer ends inside its last row: that row is not a customer.
  if (rec.unterminated && cells.length < map.headers.length) {
    r.issue(
      issues,
      null,
      display(cells[cells.length - 1])?.slice(0, 200) ?? null,
      issueText({ kind: 'cutOff', fields: cells.length, header: map.headers.length }),
    );
    return { kind: 'rejected', rows: null, issues };
  }
  if (ctx.invalidText && cells.some((c) => typeof c === 'string' && c.includes('\uFFFD')))
    r.issue(issues, null, null, issueText({ kind: 'invalidUtf8' }));
  if (cells.length > map.headers.length) {
    const extra = cells.slice(map.headers.length).filter((c) => text(c) !== null);
    if (extra.length)
      r.issue(
        issues,
        null,
        extra
          .map((c) => display(c))
          .join(' | ')
          .slice(0, 200),
        issueText({ kind: 'extraFields', fields: cells.length, header: map.headers.length }),
      );
  }
  const customer = customerOf(r, id, issues);
  const flags = flagsOf(cells, map);
  const productIssues: ImportIssue[] = [];
  if (ctx.report === 'agreements') {
    const agreement = agreementOf(r, id, issues);
    return { kind: 'row', rows: { customer, flags, propensity: [], agreement, productIssues }, issues };
  }
  const propensity = propensityOf(r, customer, productIssues);
  return { kind: 'row', rows: { customer, flags, propensity, agreement: null, productIssues }, issues };
}

function customerOf(r: Cells, id: string, issues: ImportIssue[]): CustomerRecord {
  const m = r.ctx.map.customer;
  // Issues in the order of the columns: org size, Azure potential, then the yes/no columns.
  const orgSize = r.parse(issues, m.orgSize, parseInteger);
  const azurePotential = r.money(issues, m.azurePotential);
  const fileSubSegment = r.field('subSegment') ?? r.field('smcType');
  const row = {
    customerId: id,
    line: r.rec.line,
    orgSize,
    azurePotential,
    subSegment: canonicalSegment(orgSize, azurePotential, fileSubSegment),
    fileSubSegment,
    derivedSubSegment: deriveSubSegment(orgSize, azurePotential),
    extra: null as string | null,
  } as Record<CustomerKey, unknown>;
  for (const f of CELL_TEXT) row[f] = r.field(f);
  for (const f of CELL_BOOL) {
    const v = r.parse(issues, m[f], parseBool);
    row[f] = v === null ? null : v ? 1 : 0;
  }
  const extra: Record<string, string> = {};
  let anyExtra = false;
  for (const e of r.ctx.map.extra) {
    const v = display(r.cells[e.index]);
    if (v !== null && v !== '') {
      extra[e.name] = v;
      anyExtra = true;
    }
  }
  if (anyExtra) row.extra = JSON.stringify(extra);
  return row as CustomerRecord;
}

function flagsOf(cells: CellValue[], map: ColumnMap): FlagValue[] {
  const out: FlagValue[] = [];
  for (let k = 0; k < map.flags.length; k++) {
    const v = cells[map.flags[k]!.index];
    const s = text(v);
    if (s === null) continue;
    const b = parseBool(v ?? null);
    if (b.ok && b.value === false) continue;
    out.push({ flag: k, value: b.ok ? null : s });
  }
  return out;
}

const boolOf = (v: 0 | 1 | null): boolean | null => (v === null ? null : v === 1);

function propensityOf(r: Cells, c: CustomerRecord, issues: ImportIssue[]): PropensityRecord[] {
  const { ctx } = r;
  const { map } = ctx;
  const upsell: Product[] = [];
  for (const u of map.upsell)
    if (r.parse(issues, u.index, parseBool)) for (const p of u.products) upsell.push(p);
  let genericProduct: Product | null = null;
  if (map.genericRevenue !== null) {
    if (map.productColumn !== null) genericProduct = productFromText(r.text(map.productColumn) ?? '');
    else if (ctx.products.length === 1) genericProduct = ctx.products[0]!;
  }
  const owns = { M365: boolOf(c.hasM365), Azure: boolOf(c.hasAzure), D365: boolOf(c.hasD365) };
  const transacted36 = boolOf(c.transacted36);
  const out: PropensityRecord[] = [];
  for (const p of ctx.products) {
    const slot = map.products[p]!;
    const rawCluster = r.text(slot.cluster);
    if (rawCluster === null && r.text(slot.fit) === null && r.text(slot.intent) === null) continue;
    const fit = r.parse(issues, slot.fit, parseScore);
    const intent = r.parse(issues, slot.intent, parseScore);
    const cluster = normaliseCluster(rawCluster);
    if (rawCluster !== null && cluster === null)
      r.issue(issues, map.headers[slot.cluster!] ?? null, rawCluster, issueText({ kind: 'unknownCluster' }));
    const k = classify(fit, intent, ctx.matrix);
    const whitespace = isWhitespace(p, owns, transacted36);
    const revIndex = slot.revenue ?? (genericProduct === p ? map.genericRevenue! : undefined);
    const fileRevenue = r.money(issues, revIndex);
    const ws = whitespaceRevenue(p, fileRevenue, whitespace, c.orgSize, c.azurePotential, ctx.estimates);
    out.push({
      customerId: c.customerId,
      product: p,
      accountName: c.accountName,
      domain: c.domain,
      country: c.country,
      area: c.area,
      salesTerritory: c.salesTerritory,
      industry: c.industry,
      vertical: c.vertical,
      subSegment: c.subSegment,
      orgSize: c.orgSize,
      fit,
      intent,
      fitBand: k.fitBand,
      intentBand: k.intentBand,
      cell: k.cell,
      cluster,
      computedCluster: k.computedCluster,
      whitespace: whitespace ? 1 : 0,
      upsell: upsell.includes(p) ? 1 : 0,
      whitespaceRevenue: ws.revenue,
      whitespaceEstimated: ws.estimated ? 1 : 0,
      fileSubSegment: c.fileSubSegment,
    });
  }
  return out;
}

function agreementOf(r: Cells, id: string, issues: ImportIssue[]): AgreementRecord {
  const a = r.ctx.map.agreement;
  const endDate = r.date(issues, a.endDate);
  const revenue = r.money(issues, a.expiringRevenue);
  const upsell = r.parse(issues, a.upsell, parseBool);
  const clusters: Record<string, string> = {};
  for (const [p, slot] of Object.entries(r.ctx.map.products)) {
    if (slot?.cluster === undefined) continue;
    const v = normaliseCluster(r.text(slot.cluster));
    if (v) clusters[p] = v;
  }
  return {
    line: r.rec.line,
    customerId: id,
    agreementId: r.text(a.agreementId),
    licenseProgram: r.text(a.licenseProgram),
    endDate,
    expirationType: r.text(a.expirationType),
    expiringRevenue: revenue,
    product: r.text(a.product),
    upsell: upsell === null ? null : upsell ? 1 : 0,
    clusters: Object.keys(clusters).length ? JSON.stringify(clusters) : null,
  };
}
