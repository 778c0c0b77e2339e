/** The built-in view "Renewals at risk of being missed" (issue 13): listed first, dated when listed, kept. */
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_VIEW,
  builtInView,
  deleteView,
  listViews,
  renameView,
  saveView,
  viewFilters,
} from '../../main/cache/views';
import { exportScope } from '../../main/service/exports';
import { addDays } from '../../shared/dates';
import { todayIso } from '../../shared/domain/fiscal';
import { tempCache, tempService } from './helpers';

describe('the built-in view', () => {
  it('is listed first, marked builtIn, with its dates computed as of the day it is listed', () => {
    const { db } = tempCache();
    saveView(db, 'Aardvark', { filters: { vertical: ['Retail'] } });
    const [first, second, ...rest] = listViews(db, '2026-12-06');
    expect(rest).toEqual([]);
    expect(first).toEqual({
      id: 0,
      name: 'Renewals at risk of being missed',
      builtIn: true,
      state: {
        filters: { cluster: ['Act Now', 'Evaluate'], agreementEnd: { from: '2026-12-06', to: '2027-03-06' } },
        page: 'customers',
        customerSort: [{ field: 'priority', dir: 'desc' }],
      },
      createdAt: '2026-12-06T00:00:00.000Z',
      updatedAt: '2026-12-06T00:00:00.000Z',
    });
    expect(second!.name).toBe('Aardvark');
    expect(second!.builtIn).toBeUndefined();
    // Another day, other dates: nothing was stored.
    expect(listViews(db, '2027-02-27')[0]!.state.filters.agreementEnd).toEqual({
      from: '2027-02-27',
      to: '2027-05-28',
    });
    expect(db.prepare('SELECT COUNT(*) FROM views').pluck().get()).toBe(1);
    // Today's, by default.
    expect(listViews(db)[0]!.state.filters.agreementEnd).toEqual({
      from: todayIso(),
      to: addDays(todayIso(), 90),
    });
    db.close();
  });

  it('cannot be deleted, renamed or overwritten, with a clear error', () => {
    const { db } = tempCache();
    expect(() => deleteView(db, 0)).toThrow(
      '"Renewals at risk of being missed" is a built-in view: it cannot be deleted; save a copy under another name',
    );
    expect(() => renameView(db, 0, 'Mine')).toThrow(/built-in view: it cannot be renamed/);
    expect(() => saveView(db, BUILT_IN_VIEW, { filters: {} }, true)).toThrow(
      /built-in view: it cannot be overwritten/,
    );
    expect(() => saveView(db, '  renewals AT RISK of being missed ', { filters: {} })).toThrow(/built-in/);
    const mine = saveView(db, 'Mine', { filters: {} });
    expect(() => renameView(db, mine.id, BUILT_IN_VIEW)).toThrow(/the name of the built-in view/);
    expect(listViews(db).map((v) => v.name)).toEqual([BUILT_IN_VIEW, 'Mine']);
    expect(deleteView(db, mine.id)).toBe(true);
    db.close();
  });

  it('opens like a saved view: its filters for an export, and through the service', async () => {
    const { db } = tempCache();
    expect(viewFilters(db, BUILT_IN_VIEW, '2026-12-06')).toEqual(builtInView('2026-12-06').state.filters);
    expect(exportScope(db, undefined, BUILT_IN_VIEW)).toEqual(builtInView().state.filters);
    db.close();

    const { service } = tempService();
    try {
      const views = await service.views();
      expect(views[0]).toMatchObject({ id: 0, name: BUILT_IN_VIEW, builtIn: true });
      await expect(service.deleteView({ id: 0 })).rejects.toThrow(/cannot be deleted/);
      await expect(
        service.saveView({ name: BUILT_IN_VIEW, state: { filters: {} }, replace: true }),
      ).rejects.toThrow(/cannot be overwritten/);
      await expect(service.renameView({ id: 0, name: 'x' })).rejects.toThrow(/cannot be renamed/);
      expect((await service.views())[0]!.builtIn).toBe(true);
    } finally {
      service.close();
    }
  });
});
