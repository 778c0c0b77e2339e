import { PROVENANCE_FIELDS, ROW_FIELDS, type ShownField } from '../../../shared/filters';

/**
 * Every grid column: the sortable row keys, then provenance (shown, not sorted on). Their names
 * come from shared/i18n/columns.ts (i18n/index.tsx: columnLabel), as the exports' do.
 */
export const SHOWN_FIELDS: readonly ShownField[] = [...ROW_FIELDS, ...PROVENANCE_FIELDS];
