/**
 * An infinite grid's datasource with its first page asked for ahead of the grid: the grid's
 * request for that same page takes the answer under way, any other request is its own, and
 * what the view hears of the answers is as without the early page.
 */
import { describe, expect, it, vi } from 'vitest';
import type { IGetRowsParams } from 'ag-grid-community';
import { createSource, type PageParams } from '../../renderer/src/components/page-source';

type Answer = { rows: string[]; total: number };

const first: PageParams = { startRow: 0, endRow: 100, sortModel: [{ colId: 'fit', sort: 'desc' }] };

function setup(
  answer: (p: PageParams) => Promise<Answer> = (p) => Promise.resolve({ rows: [`${p.startRow}`], total: 7 }),
) {
  const fetchPage = vi.fn((_q: string, p: PageParams) => answer(p));
  const listener = { answered: vi.fn(), failed: vi.fn() };
  const source = createSource({ query: 'q', dataVersion: 0 }, fetchPage, listener, (e) => String(e));
  return { source, fetchPage, listener };
}

/** The grid's request for `p`, settled: what its callbacks received. */
async function ask(source: ReturnType<typeof setup>['source'], p: PageParams) {
  const got = { rows: null as unknown, total: null as unknown, failed: false };
  source.getRows({
    ...p,
    filterModel: {},
    context: undefined,
    successCallback: (rows: unknown, total: unknown) => Object.assign(got, { rows, total }),
    failCallback: () => (got.failed = true),
  } as unknown as IGetRowsParams);
  await new Promise((r) => setTimeout(r));
  return got;
}

describe('a datasource with its first page asked for ahead', () => {
  it('answers the grid’s request for that page from the request already made', async () => {
    const { source, fetchPage, listener } = setup();
    source.ahead(first);
    source.ahead(first);
    expect(fetchPage).toHaveBeenCalledTimes(1);
    expect(await ask(source, { ...first, sortModel: [{ colId: 'fit', sort: 'desc' }] })).toEqual({
      rows: ['0'],
      total: 7,
      failed: false,
    });
    expect(fetchPage).toHaveBeenCalledTimes(1);
    expect(listener.answered).toHaveBeenCalledWith({ rows: ['0'], total: 7 }, 'q');
  });

  it('asks anew for another page, another sort, or the same page a second time', async () => {
    const { source, fetchPage } = setup();
    source.ahead(first);
    await ask(source, { ...first, sortModel: [{ colId: 'fit', sort: 'asc' }] });
    expect(fetchPage).toHaveBeenCalledTimes(2);
    expect(fetchPage.mock.calls[1]![1].sortModel).toEqual([{ colId: 'fit', sort: 'asc' }]);
    await ask(source, first);
    expect(fetchPage).toHaveBeenCalledTimes(3);

    const other = setup();
    other.source.ahead(first);
    expect((await ask(other.source, { ...first, startRow: 100, endRow: 200 })).rows).toEqual(['100']);
    expect(other.fetchPage).toHaveBeenCalledTimes(2);
  });

  it('reports a failed early answer to the grid and the view, and only while the view holds it', async () => {
    const { source, listener } = setup(() => Promise.reject(new Error('busy')));
    source.ahead(first);
    await new Promise((r) => setTimeout(r));
    expect(await ask(source, first)).toMatchObject({ failed: true });
    expect(listener.failed).toHaveBeenCalledWith('Error: busy', 'q');

    const dropped = setup();
    dropped.source.ahead(first);
    dropped.source.held(false);
    expect((await ask(dropped.source, first)).rows).toEqual(['0']);
    expect(dropped.listener.answered).not.toHaveBeenCalled();
  });
});
