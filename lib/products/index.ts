/**
 * The catalog's data layer (repository.ts): the one way to products. The
 * process's repository is built by the composition root (lib/server);
 * tests build their own with createProductRepository.
 */
export * from './errors';
export type { PriceChange, PricePreview, ProductSummary, Written } from './repository';
export type { ProductPage, RowSelection } from './queries';
export type { OutboxBacklog } from './invalidation-outbox';
