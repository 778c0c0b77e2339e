/**
 * "Territories": the call list in scope per SalesTerritory (customers, Act Now and Evaluate
 * customers by their best cluster, whitespace and open expiring revenue) with a totals row, summed
 * in whole cents.
 */
import { territoryRows } from '../call-list';
import type { Tab } from './tab';

export const territoriesTab: Tab = {
  name: 'Territories',
  async write(book, db, opts, w) {
    const rows = await territoryRows(db, opts.filters, opts.asOf);
    if (!rows.length) return 0;
    const S = book.S;
    book.check();
    const sheet = book.freeSheet(w.tab('Territories'), { frozen: true, minWidths: [18] });
    const head = [
      w.col('salesTerritory'),
      w.t('col.customers'),
      w.t('col.actNowCustomers'),
      w.t('col.evaluateCustomers'),
      w.col('whitespaceRevenue'),
      w.col('expiringRevenue'),
    ];
    // Headers are measured with the data: a free sheet fits widths to every cell it holds.
    sheet.add(
      head,
      head.map(() => S.header),
    );
    const sum = { customers: 0, actNow: 0, evaluate: 0, ws: 0, exp: 0 };
    for (const t of rows) {
      sheet.add(
        [
          t.territory ?? w.t('noTerritory'),
          t.customers,
          t.actNow,
          t.evaluate,
          t.whitespaceCents / 100,
          t.expiringCents / 100,
        ],
        [S.text, S.int, S.int, S.int, S.money, S.money],
      );
      sum.customers += t.customers;
      sum.actNow += t.actNow;
      sum.evaluate += t.evaluate;
      sum.ws += t.whitespaceCents;
      sum.exp += t.expiringCents;
    }
    sheet.add(
      [
        w.t('totals.territories', { count: rows.length }),
        sum.customers,
        sum.actNow,
        sum.evaluate,
        sum.ws / 100,
        sum.exp / 100,
      ],
      [S.bold, S.boldInt, S.boldInt, S.boldInt, S.boldMoney, S.boldMoney],
    );
    return sheet.finish(rows.length);
  },
  count: async (db, opts) => (await territoryRows(db, opts.filters, opts.asOf)).length,
};
