/**
 * The catalog's data layer as the app uses it, bound to the process-wide
 * database and cache. Tests build their own with createProductRepository.
 */
import 'server-only';
import { env } from '@/lib/env';
import { forgetProcessSingleton, processSingleton } from '@/lib/process-singleton';
import { services } from '@/lib/services';
import { createProductRepository, type ProductRepository } from './repository';

export * from './errors';
export type { PriceChange, PricePreview, ProductSummary, Written } from './repository';
export type { ProductPage, RowSelection } from './queries';

/**
 * The process's product repository (the one data layer every read and write
 * goes through), opened on first use with the services from lib/services.ts.
 * A failed start is forgotten, so the next call tries again.
 */
export function productRepository(): Promise<ProductRepository> {
  return processSingleton('product-repository', () => openRepository());
}

function openRepository(): Promise<ProductRepository> {
  return (async () => {
    const { database, cache, stoppers } = services();
    const { db } = await database;
    const config = env();
    const admitList = cache
      ? cache.byteBudget({ name: 'lists', maxBytes: config.LIST_CACHE_BUDGET_BYTES, windowSeconds: config.CACHE_DEFAULT_TTL_SECONDS }).admit
      : undefined;
    const repository = createProductRepository({ db, cache, ttlSeconds: config.CACHE_DEFAULT_TTL_SECONDS, invalidation: config.CACHE_INVALIDATION, admitList });
    // Every process completes invalidations any other process left behind (a crash, a cache outage).
    stoppers.push(repository.startInvalidationSweep(config.CACHE_INVALIDATION_SWEEP_MS));
    return repository;
  })().catch((error: unknown) => {
    // Forget a failed start so the next request tries again instead of failing forever.
    forgetProcessSingleton('product-repository');
    throw error;
  });
}
