/**
 * A grid's layout (column order and kept widths) in the URL and in saved views: only the grid's
 * own columns, widths within bounds, and the saved view's schema refusing anything else.
 */
import { describe, expect, it } from 'vitest';
import { COLUMN_WIDTH, parseInput } from '../../shared/api';
import { CALL_LIST_COLUMNS } from '../../shared/customers';
import { SHOWN_FIELDS } from '../../shared/filters';
import {
  arrange,
  layoutFromParams,
  layoutOfView,
  layoutToParams,
} from '../../renderer/src/components/grid-layout';

const KEYS = ['a', 'b', 'c', 'd'] as const;

describe('a layout in the URL', () => {
  it('keeps the listed columns first, then the others in their default order; unknown and repeated keys are dropped', () => {
    const l = layoutFromParams(new URLSearchParams({ order: 'c,zz,a,c' }), KEYS);
    expect(l.order).toEqual(['c', 'a', 'b', 'd']);
    expect(layoutFromParams(new URLSearchParams(), KEYS).order).toEqual([...KEYS]);
  });

  it('reads widths of known columns only, bounded, and ignores malformed parts', () => {
    const p = new URLSearchParams({ widths: `a:220,b:1,c:${COLUMN_WIDTH.max + 500},zz:100,d:wide,:90,b` });
    expect(layoutFromParams(p, KEYS).widths).toEqual({ a: 220, b: COLUMN_WIDTH.min, c: COLUMN_WIDTH.max });
  });

  it('writes no order for the default one, and reads back what it writes', () => {
    const p = layoutToParams({ order: [...KEYS], widths: {} }, KEYS, new URLSearchParams('order=x&widths=y'));
    expect(p.has('order')).toBe(false);
    expect(p.has('widths')).toBe(false);
    const l = { order: ['d', 'a', 'b', 'c'], widths: { d: 150.4, a: 90 } };
    const back = layoutFromParams(layoutToParams(l, KEYS, new URLSearchParams('q=x')), KEYS);
    expect(back).toEqual({ order: ['d', 'a', 'b', 'c'], widths: { d: 150, a: 90 } });
  });
});

describe("a saved view's layout", () => {
  it('puts its visible columns first in their order and keeps its widths of known columns', () => {
    const l = layoutOfView({ filters: {}, columns: ['c', 'a'], widths: { a: 300, zz: 80 } }, KEYS);
    expect(l).toEqual({ order: ['c', 'a', 'b', 'd'], widths: { a: 300 } });
  });

  it('arranges the column definitions in that order, a kept width replacing flex', () => {
    const defs = KEYS.map((colId) => ({ colId, flex: colId === 'a' ? 1 : undefined }));
    const out = arrange(defs, { order: ['c', 'a', 'b', 'd'], widths: { a: 300 } });
    expect(out.map((d) => d.colId)).toEqual(['c', 'a', 'b', 'd']);
    expect(out[1]).toEqual({ colId: 'a', width: 300, flex: undefined });
  });

  it('is refused when it names a column its grid does not have, twice, or a width out of bounds', () => {
    const save = (state: object) => parseInput('saveView', { name: 'v', state: { filters: {}, ...state } });
    expect(save({ columns: [...SHOWN_FIELDS].reverse(), widths: { domain: 200 } }).ok).toBe(true);
    expect(save({ page: 'customers', columns: [...CALL_LIST_COLUMNS], widths: { why: 300 } }).ok).toBe(true);
    // The call list's own columns are not Propensity's, and the other way round.
    expect(save({ columns: ['priority'] })).toMatchObject({
      ok: false,
      message: expect.stringContaining('columns.0'),
    });
    expect(save({ page: 'customers', widths: { fit: 100 } })).toMatchObject({
      ok: false,
      message: expect.stringContaining('widths.fit'),
    });
    expect(save({ columns: ['fit', 'fit'] }).ok).toBe(false);
    expect(save({ widths: { fit: COLUMN_WIDTH.max + 1 } }).ok).toBe(false);
    expect(save({ widths: { fit: 99.5 } }).ok).toBe(false);
  });
});
