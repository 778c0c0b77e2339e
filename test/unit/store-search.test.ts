import { describe, expect, it } from 'vitest';
import { haystackOf, valueOf, valuesContaining } from '../../main/query/store/search';

describe("the row store's search texts", () => {
  const values = ['Contoso Ltd', 'ABC-123', 'abc-123', '', 'São Paulo ÉTÉ', 'x😀Y', 'ZZ top'];
  const hay = haystackOf(values);

  it('give every value back as it was, upper-case letters and all', () => {
    expect(values.map((_, c) => valueOf(hay, c))).toEqual(values);
  });

  it('find values as LIKE does: ASCII letters in any case, other letters as written', () => {
    const found = (text: string) => values.filter((_, c) => valuesContaining(hay, text)[c] === 1);
    expect(found('abc')).toEqual(['ABC-123', 'abc-123']);
    expect(found('CONTOSO')).toEqual(['Contoso Ltd']);
    expect(found('été')).toEqual([]);
    expect(found('ÉTÉ')).toEqual(['São Paulo ÉTÉ']);
    expect(found('😀y')).toEqual(['x😀Y']);
  });
});
