/**
 * A grid header's lines and height worked out from its name's text (grid-measure.ts), as the
 * browser wraps it: between words and after hyphens, the sort arrow beside the last line or on
 * a line of its own. A stand-in canvas measures every character 7 px wide.
 */
import { beforeAll, describe, expect, it } from 'vitest';

const CHAR = 7;
let m: typeof import('../../renderer/src/components/grid-measure');

beforeAll(async () => {
  const ctx = { font: '', measureText: (t: string) => ({ width: t.length * CHAR }) };
  Object.assign(globalThis, {
    document: { createElement: () => ({ getContext: () => ctx }), body: {} },
    getComputedStyle: () => ({ fontFamily: 'sans-serif' }),
  });
  m = await import('../../renderer/src/components/grid-measure');
});

describe('a header name at a width', () => {
  it('stays on one line when it fits, and breaks between words, never inside one', () => {
    expect(m.headerLines('Whitespace revenue', 18 * CHAR)).toEqual(['Whitespace revenue']);
    expect(m.headerLines('Whitespace revenue', 17 * CHAR)).toEqual(['Whitespace', 'revenue']);
    expect(m.headerLines('Nu actie ondernemen · Evalueren', 19 * CHAR)).toEqual([
      'Nu actie ondernemen',
      '· Evalueren',
    ]);
    // A word wider than the room keeps its line: the column's minimum width is its longest word.
    expect(m.headerLines('Accountnaam', 3 * CHAR)).toEqual(['Accountnaam']);
  });

  it('breaks after a hyphen, which stays with the first part', () => {
    expect(m.headerLines('Whitespace-omzet', 12 * CHAR)).toEqual(['Whitespace-', 'omzet']);
    expect(m.headerLines('Whitespace-omzet', 16 * CHAR)).toEqual(['Whitespace-omzet']);
    expect(m.headerWords('Whitespace-omzet per klant')).toEqual(['Whitespace-', 'omzet', 'per', 'klant']);
  });

  it('is as high as its lines: a line’s height more for each', () => {
    const padding = 12;
    const one = m.headerHeight('Fit', 3 * CHAR + 2 * padding, padding);
    const two = m.headerHeight('Whitespace revenue', 10 * CHAR + 2 * padding, padding);
    const three = m.headerHeight('Whitespace revenue estimate', 10 * CHAR + 2 * padding, padding);
    expect(m.headerLines('Whitespace revenue estimate', 10 * CHAR)).toHaveLength(3);
    expect(two - one).toBe(three - two);
    expect(two).toBeGreaterThan(one);
  });

  it('puts the sort arrow beside a name that leaves room for it, else on a line of its own', () => {
    const padding = 12;
    const plain = m.headerHeight('Fit', 40 + 2 * padding, padding);
    // "Fit" is 21 px: the arrow (22 px) fits beside it in 44 px, not in 40.
    expect(m.headerHeight('Fit', 44 + 2 * padding, padding, 'one')).toBeLessThan(plain + 10);
    expect(m.headerHeight('Fit', 40 + 2 * padding, padding, 'one')).toBeGreaterThan(plain + 10);
    // A wrapped name fills its lines: the arrow goes under it.
    const wrapped = m.headerHeight('Whitespace revenue', 10 * CHAR + 2 * padding, padding);
    expect(m.headerHeight('Whitespace revenue', 10 * CHAR + 2 * padding, padding, 'one')).toBeGreaterThan(
      wrapped + 10,
    );
    // The order of a column in a sort of several needs room beside the arrow too.
    expect(m.headerHeight('Fit', 44 + 2 * padding, padding, 'several')).toBeGreaterThan(plain + 10);
  });
});
