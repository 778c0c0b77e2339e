export * from './locales';
export * from './terms';
export * from './columns';
