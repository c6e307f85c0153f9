/**
 * Puts the page cache where the server entry (scripts/server-entry.mjs) looks
 * for it, when PAGE_CACHE asks for one. Called at start-up by
 * instrumentation-node.ts, in every server process.
 */
import 'server-only';
import { env, pageCacheMode } from '@/lib/env';
import { productRepository } from '@/lib/products';
import { PRODUCTS_NAMESPACE } from '@/lib/products/keys';
import { services } from '@/lib/services';
import { createPageCache, type PageCache, type StoredPage } from './page-cache';

const PAGE_CACHE = Symbol.for('catalog.page-cache');

export async function registerPageCache(): Promise<void> {
  const config = env();
  const mode = pageCacheMode(config);
  if (mode === 'off' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { cache } = services();
  if (!cache) return;
  let pageCache: PageCache = createPageCache({
    cached: (key, loader, options) => cache.cached(key, loader, options),
    namespace: PRODUCTS_NAMESPACE,
    cacheUsable: async () => (await productRepository()).cacheUsable(),
    maxBytes: config.PAGE_CACHE_MAX_BYTES,
    ttlSeconds: config.CACHE_DEFAULT_TTL_SECONDS,
    admit: cache.byteBudget({ name: 'pages', maxBytes: config.PAGE_CACHE_BUDGET_BYTES, windowSeconds: config.CACHE_DEFAULT_TTL_SECONDS }).admit,
    unguarded:
      mode === 'unguarded'
        ? {
            get: (key) => cache.get<StoredPage>(key),
            set: (key, page, ttl) => cache.set(key, page, { ttl }),
          }
        : undefined,
  });
  if (process.env.NODE_ENV === 'development') {
    const { recordedForOverlay } = await import('@/lib/dev-overlay/entry-hook');
    pageCache = recordedForOverlay(pageCache);
  }
  (globalThis as Record<symbol, unknown>)[PAGE_CACHE] = pageCache;
}
