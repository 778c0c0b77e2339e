import { SHOWN_FIELDS, type ShownField } from '../../../shared/filters';

/**
 * Propensity's columns in their default order: the account, the product, its cluster, Fit,
 * Intent and whitespace first (what an analyst reads a product row by), then the rest of the
 * row. Their names come from shared/i18n/columns.ts (i18n/index.tsx: columnLabel), as the
 * exports' do.
 */
const FIRST: readonly ShownField[] = [
  'accountName',
  'product',
  'cluster',
  'fit',
  'intent',
  'whitespace',
  'whitespaceRevenue',
];
/** Then who the customer is: the keys a CRM matches on. */
const IDENTITY: readonly ShownField[] = ['customerId', 'domain'];
export const PROPENSITY_COLUMNS: readonly ShownField[] = [
  ...FIRST,
  ...IDENTITY,
  ...SHOWN_FIELDS.filter((f) => !FIRST.includes(f) && !IDENTITY.includes(f)),
];
