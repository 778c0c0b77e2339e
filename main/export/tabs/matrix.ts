/** "Matrix": per product the Fit × Intent grid of customers and of whitespace revenue, cells coloured by cluster. */
import { readSettings } from '../../cache/settings';
import { matrixCells } from '../../query/export-queries';
import { BANDS, CLUSTERS, clusterOfCell } from '../../../shared/domain/matrix';
import { PRODUCTS } from '../../../shared/domain/products';
import type { Style } from '../styles';
import { productLabel } from '../words';
import type { Tab } from './tab';

export const matrixTab: Tab = {
  name: 'Matrix',
  async write(book, db, opts, w) {
    const S = book.S;
    const cells = matrixCells(db, opts.filters, opts.asOf);
    const products = PRODUCTS.filter((p) => cells.some((c) => c.product === p));
    if (!products.length) return 0;
    const matrix = readSettings(db).matrix;
    book.check();
    const { add, finish } = book.freeSheet(w.tab('Matrix'));
    const bands = BANDS.map((b) => w.band(b));
    const headers: Style[] = Array.from({ length: BANDS.length + 2 }, () => S.header);
    for (const p of products) {
      const mine = cells.filter((c) => c.product === p);
      add([productLabel(p)], [S.title]);
      add(
        [
          w.t('matrix.customers'),
          ...bands,
          w.t('total'),
          null,
          w.t('matrix.revenue'),
          ...bands,
          w.t('total'),
        ],
        [...headers, undefined, ...headers],
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
          styleN.push((cluster && S.clusterInt[cluster]) || S.int);
          styleC.push((cluster && S.clusterMoney[cluster]) || S.money);
        }
        const sn = n.reduce((a, b) => a + b, 0);
        const sc = cents.reduce((a, b) => a + b, 0);
        [...n, sn].forEach((v, i) => (colN[i]! += v));
        [...cents, sc].forEach((v, i) => (colC[i]! += v));
        const label = w.t('matrix.fit', { band: w.band(fit) });
        add(
          [label, ...n, sn, null, label, ...cents.map((c) => c / 100), sc / 100],
          [S.bold, ...styleN, S.boldInt, undefined, S.bold, ...styleC, S.boldMoney],
        );
      }
      add(
        [w.t('total'), ...colN, null, w.t('total'), ...colC.map((c) => c / 100)],
        [S.bold, ...colN.map(() => S.boldInt), undefined, S.bold, ...colC.map(() => S.boldMoney)],
      );
      const unscored = mine.filter((c) => !c.fitBand || !c.intentBand).reduce((s, c) => s + c.customers, 0);
      if (unscored) add([w.t('matrix.unscored', { count: unscored })], [S.note]);
      add([]);
    }
    add([w.t('matrix.legend')], [S.note]);
    add(
      CLUSTERS.map((c) => w.cluster(c)),
      CLUSTERS.map((c) => S.clusterText[c]),
    );
    add([w.t('matrix.revenueNote')], [S.note]);
    return finish();
  },
};
