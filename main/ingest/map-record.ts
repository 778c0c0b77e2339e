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

/** Maps one record of the file (its cells after the header row) to rows and issues. */
export function mapRecord(rec: RawRecord, ctx: MapContext): MappedRecord {
  const { map } = ctx;
  const cells = rec.cells;
  const issues: ImportIssue[] = [];
  const issue = (column: string | null, value: string | null, message: string) =>
    issues.push({ line: rec.line, column, value, message });
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
  // Totals and notes below the data: a "Total…" row or a sparse row without an ID.
  const sparse = filled < Math.max(3, map.headers.length / 3);
  if (sparse && (id === null || FOOTER.test(first!))) {
    issue(null, first!.slice(0, 200), 'not a customer row (totals or note): ignored');
    return { kind: 'ignored', rows: null, issues };
  }
  if (id === null) {
    issue(map.headers[idIndex] ?? 'CustomerID', null, 'row without CustomerID: rejected');
    return { kind: 'rejected', rows: null, issues };
  }
  // A download cut off mid-transfer ends inside its last row: that row is not a customer.
  if (rec.unterminated && cells.length < map.headers.length) {
    issue(
      null,
      display(cells[cells.length - 1])?.slice(0, 200) ?? null,
      `the file ends inside this row: it looks cut off (${cells.length} of ${map.headers.length} fields): rejected`,
    );
    return { kind: 'rejected', rows: null, issues };
  }
  if (ctx.invalidText && cells.some((c) => typeof c === 'string' && c.includes('\uFFFD')))
    issue(null, null, 'bytes that are not valid UTF-8 were read as \uFFFD');
  if (cells.length > map.headers.length) {
    const extra = cells.slice(map.headers.length).filter((c) => text(c) !== null);
    if (extra.length)
      issue(
        null,
        extra
          .map((c) => display(c))
          .join(' | ')
          .slice(0, 200),
        `row has ${cells.length} fields, the header ${map.headers.length}: extra fields ignored`,
      );
  }
  const parsed = <T>(
    into: ImportIssue[],
    index: number | undefined,
    p: (v: CellValue) => Parsed<T>,
  ): T | null => {
    if (index === undefined) return null;
    const v = cells[index] ?? null;
    const r = p(v);
    if (r.ok) return r.value;
    into.push({ line: rec.line, column: map.headers[index] ?? null, value: display(v), message: r.message });
    return null;
  };
  const money = (into: ImportIssue[], index: number | undefined) =>
    parsed(into, index, (v) => parseNumber(v, { decimalComma: ctx.hints.decimalComma.get(index!) ?? false }));

  const customer = customerOf(
    rec,
    id,
    ctx,
    (index, p) => parsed(issues, index, p),
    () => money(issues, map.customer.azurePotential),
  );
  const flags = flagsOf(cells, map);
  const productIssues: ImportIssue[] = [];
  if (ctx.report === 'agreements') {
    const agreement = agreementOf(
      rec,
      id,
      ctx,
      (index, p) => parsed(issues, index, p),
      (i) => money(issues, i),
    );
    return { kind: 'row', rows: { customer, flags, propensity: [], agreement, productIssues }, issues };
  }
  const propensity = propensityOf(
    cells,
    customer,
    ctx,
    (index, p) => parsed(productIssues, index, p),
    (i) => money(productIssues, i),
    (column, value, message) => productIssues.push({ line: rec.line, column, value, message }),
  );
  return { kind: 'row', rows: { customer, flags, propensity, agreement: null, productIssues }, issues };
}

type Parse = <T>(index: number | undefined, p: (v: CellValue) => Parsed<T>) => T | null;
type Money = (index: number | undefined) => number | null;

function customerOf(
  rec: RawRecord,
  id: string,
  ctx: MapContext,
  parse: Parse,
  azurePotentialOf: () => number | null,
): CustomerRecord {
  const m = ctx.map.customer;
  const cells = rec.cells;
  const t = (f: CustomerField) => (m[f] === undefined ? null : text(cells[m[f]!]));
  // Issues in the order of the columns: org size, Azure potential, then the yes/no columns.
  const orgSize = parse(m.orgSize, parseInteger);
  const azurePotential = azurePotentialOf();
  const fileSubSegment = t('subSegment') ?? t('smcType');
  const row = {
    customerId: id,
    line: rec.line,
    orgSize,
    azurePotential,
    subSegment: canonicalSegment(orgSize, azurePotential, fileSubSegment),
    fileSubSegment,
    derivedSubSegment: deriveSubSegment(orgSize, azurePotential),
    extra: null as string | null,
  } as Record<CustomerKey, unknown>;
  for (const f of CELL_TEXT) row[f] = t(f);
  for (const f of CELL_BOOL) {
    const v = parse(m[f], parseBool);
    row[f] = v === null ? null : v ? 1 : 0;
  }
  const extra: Record<string, string> = {};
  let anyExtra = false;
  for (const e of ctx.map.extra) {
    const v = display(cells[e.index]);
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
  map.flags.forEach((f, k) => {
    const v = cells[f.index];
    const s = text(v);
    if (s === null) return;
    const b = parseBool(v ?? null);
    if (b.ok && b.value === false) return;
    out.push({ flag: k, value: b.ok ? null : s });
  });
  return out;
}

const boolOf = (v: 0 | 1 | null): boolean | null => (v === null ? null : v === 1);

function propensityOf(
  cells: CellValue[],
  c: CustomerRecord,
  ctx: MapContext,
  parse: Parse,
  money: Money,
  issue: (column: string | null, value: string | null, message: string) => void,
): PropensityRecord[] {
  const { map } = ctx;
  const upsell: Product[] = [];
  for (const u of map.upsell) if (parse(u.index, parseBool)) for (const p of u.products) upsell.push(p);
  let genericProduct: Product | null = null;
  if (map.genericRevenue !== null) {
    if (map.productColumn !== null) genericProduct = productFromText(text(cells[map.productColumn]) ?? '');
    else if (ctx.products.length === 1) genericProduct = ctx.products[0]!;
  }
  const owns = { M365: boolOf(c.hasM365), Azure: boolOf(c.hasAzure), D365: boolOf(c.hasD365) };
  const transacted36 = boolOf(c.transacted36);
  const out: PropensityRecord[] = [];
  for (const p of ctx.products) {
    const slot = map.products[p]!;
    const rawCluster = slot.cluster === undefined ? null : text(cells[slot.cluster]);
    const fitCell = slot.fit === undefined ? null : text(cells[slot.fit]);
    const intentCell = slot.intent === undefined ? null : text(cells[slot.intent]);
    if (rawCluster === null && fitCell === null && intentCell === null) continue;
    const fit = parse(slot.fit, parseScore);
    const intent = parse(slot.intent, parseScore);
    const cluster = normaliseCluster(rawCluster);
    if (rawCluster !== null && cluster === null)
      issue(map.headers[slot.cluster!] ?? null, rawCluster, 'unknown cluster');
    const k = classify(fit, intent, ctx.matrix);
    const whitespace = isWhitespace(p, owns, transacted36);
    const revIndex = slot.revenue ?? (genericProduct === p ? map.genericRevenue! : undefined);
    const fileRevenue = revIndex === undefined ? null : money(revIndex);
    const ws = whitespaceRevenue(p, fileRevenue, whitespace, c.orgSize, c.azurePotential, ctx.estimates);
    out.push({
      customerId: c.customerId,
      product: p,
      accountName: c.accountName,
      domain: c.domain,
      country: c.country,
      area: c.area,
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

function agreementOf(
  rec: RawRecord,
  id: string,
  ctx: MapContext,
  parse: Parse,
  money: Money,
): AgreementRecord {
  const a = ctx.map.agreement;
  const cells = rec.cells;
  const order = a.endDate === undefined ? null : (ctx.hints.dateOrder.get(a.endDate) ?? null);
  const endDate = parse(a.endDate, (v) => parseDate(v, order));
  const revenue = money(a.expiringRevenue);
  const upsell = parse(a.upsell, parseBool);
  const clusters: Record<string, string> = {};
  for (const [p, slot] of Object.entries(ctx.map.products)) {
    if (slot?.cluster === undefined) continue;
    const v = normaliseCluster(text(cells[slot.cluster]));
    if (v) clusters[p] = v;
  }
  const t = (i: number | undefined) => (i === undefined ? null : text(cells[i]));
  return {
    line: rec.line,
    customerId: id,
    agreementId: t(a.agreementId),
    licenseProgram: t(a.licenseProgram),
    endDate,
    expirationType: t(a.expirationType),
    expiringRevenue: revenue,
    product: t(a.product),
    upsell: upsell === null ? null : upsell ? 1 : 0,
    clusters: Object.keys(clusters).length ? JSON.stringify(clusters) : null,
  };
}
