/** "Matrix": per product the Fit × Intent grid of customers and of whitespace revenue, cells coloured by cluster. */
import { readSettings } from '../../cache/settings';
import { matrixCells } from '../../query/export-queries';
import { BANDS, CLUSTERS, clusterOfCell } from '../../../shared/domain/matrix';
import { PRODUCTS, PRODUCT_INFO } from '../../../shared/domain/products';
import { CLUSTER_INT, CLUSTER_MONEY, CLUSTER_TEXT, S, type Style } from '../styles';
import type { Tab } from './tab';

export const matrixTab: Tab = {
  name: 'Matrix',
  async write(book, db, opts) {
    const cells = matrixCells(db, opts.filters, opts.asOf);
    const products = PRODUCTS.filter((p) => cells.some((c) => c.product === p));
    if (!products.length) return 0;
    const matrix = readSettings(db).matrix;
    book.check();
    const { add, finish } = book.freeSheet('Matrix', [22, 12, 12, 12, 12, 12, 4, 22, 14, 14, 14, 14, 16]);
    for (const p of products) {
      const mine = cells.filter((c) => c.product === p);
      add([`${PRODUCT_INFO[p].name} (${p})`], [S.title]);
      const head = ['Fit \\ Intent', ...BANDS, 'Total'];
      add(
        [
          ...head.map((h, i) => (i === 0 ? 'Customers: ' + h : h)),
          null,
          ...head.map((h, i) => (i === 0 ? 'Revenue: ' + h : h)),
        ],
        [...head.map(() => S.header), undefined, ...head.map(() => S.header)],
      );
      const colN = Array(BANDS.length + 1).fill(0) as number[];
      const colC = Array(BANDS.length + 1).fill(0) as number[];
      for (const fit of BANDS) {
        const n: number[] = [];
        const cents: number[] = [];
        const styleN: Style[] = [];
        const styleC: Style[] = [];
        for (const intent of BANDS) {
          const c = mine.find((x) => x.fitBand === fit && x.intentBand === intent);
          n.push(c?.customers ?? 0);
          cents.push(c?.cents ?? 0);
          const cluster = clusterOfCell(matrix.cells[fit][intent], matrix);
          styleN.push((cluster && CLUSTER_INT[cluster]) || S.int);
          styleC.push((cluster && CLUSTER_MONEY[cluster]) || S.money);
        }
        const sn = n.reduce((a, b) => a + b, 0);
        const sc = cents.reduce((a, b) => a + b, 0);
        [...n, sn].forEach((v, i) => (colN[i]! += v));
        [...cents, sc].forEach((v, i) => (colC[i]! += v));
        add(
          [`Fit ${fit}`, ...n, sn, null, `Fit ${fit}`, ...cents.map((c) => c / 100), sc / 100],
          [S.bold, ...styleN, S.boldInt, undefined, S.bold, ...styleC, S.boldMoney],
        );
      }
      add(
        ['Total', ...colN, null, 'Total', ...colC.map((c) => c / 100)],
        [S.bold, ...colN.map(() => S.boldInt), undefined, S.bold, ...colC.map(() => S.boldMoney)],
      );
      const unscored = mine.filter((c) => !c.fitBand || !c.intentBand).reduce((s, c) => s + c.customers, 0);
      if (unscored)
        add([`${unscored} customer(s) without a Fit or Intent score are not in the grid.`], [S.note]);
      add([]);
    }
    add(['Cells are coloured by cluster:'], [S.note]);
    add(
      CLUSTERS.map((c) => c),
      CLUSTERS.map((c) => CLUSTER_TEXT[c]),
    );
    add(['Revenue: estimated whitespace revenue of the whitespace customers in each cell.'], [S.note]);
    return finish();
  },
};
