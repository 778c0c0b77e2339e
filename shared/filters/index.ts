/**
 * The filter model (shared/filters/registry.ts), its URL form (url.ts), and the rows it selects
 * (row-model.ts). `import … from 'shared/filters'` resolves here.
 */
export * from './registry';
export * from './row-model';
export * from './url';
