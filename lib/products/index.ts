/**
 * The catalog's data layer as the app uses it, bound to the process-wide
 * database and cache. Tests build their own with createProductRepository.
 */
import 'server-only';
import { env } from '@/lib/env';
import { runtime } from '@/lib/runtime';
import { createProductRepository, type ProductRepository } from './repository';

export * from './errors';
export type { PriceChange, Written } from './repository';
export type { ProductPage, RowSelection } from './queries';

const holder = globalThis as typeof globalThis & { __productRepository?: Promise<ProductRepository> };

export function products(): Promise<ProductRepository> {
  holder.__productRepository ??= (async () => {
    const { database, cache } = runtime();
    const { db } = await database;
    return createProductRepository({ db, cache, ttlSeconds: env().CACHE_DEFAULT_TTL_SECONDS });
  })().catch((error: unknown) => {
    // Forget a failed start so the next request tries again instead of failing forever.
    holder.__productRepository = undefined;
    throw error;
  });
  return holder.__productRepository;
}
