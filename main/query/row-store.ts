/**
 * The in-memory row store, whose parts live in ./store/ (the column table, coding, paging,
 * search, the build, the persisted copy). Queries reach it through ./row-source.ts.
 */
export { RowStore } from './store/row-store';
export { rowStoreKey, STORE_FORMAT } from './store/key';
export { STORE_COLUMNS } from './store/columns';
