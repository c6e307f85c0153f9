/**
 * The app's cache as its environment describes it (lib/env.ts): the store
 * (Upstash REST when its URL is set, else a native connection to REDIS_URL,
 * else memory, which only this process sees) and the cache's settings.
 * Shared by the composition root (lib/server/root.ts) and the command line (npm run cache).
 */
import { createCache, createMemoryStore, createRedisStore, createUpstashStore, type Cache, type CacheStore } from '@/lib/cache';
import type { Env } from '@/lib/env';

/** Where the cache lives, for messages: 'upstash', 'redis' or 'memory'. */
export function cacheStoreKind(config: Env): 'upstash' | 'redis' | 'memory' {
  if (config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN) return 'upstash';
  return config.REDIS_URL ? 'redis' : 'memory';
}

function openStore(config: Env): CacheStore {
  const kind = cacheStoreKind(config);
  if (kind === 'upstash') return createUpstashStore({ url: config.UPSTASH_REDIS_REST_URL!, token: config.UPSTASH_REDIS_REST_TOKEN! });
  return kind === 'redis' ? createRedisStore({ url: config.REDIS_URL!, connectionName: `catalog:${config.CACHE_PREFIX}` }) : createMemoryStore();
}

/** A new cache client with the app's store, prefix, TTL, timeout and circuit breaker; null when CACHE_DISABLED. */
export function createAppCache(config: Env): Cache | null {
  if (config.CACHE_DISABLED) return null;
  return createCache({
    store: openStore(config),
    prefix: config.CACHE_PREFIX,
    defaultTtlSeconds: config.CACHE_DEFAULT_TTL_SECONDS,
    timeoutMs: config.CACHE_TIMEOUT_MS,
    circuitBreaker: config.CACHE_CIRCUIT_BREAKER ? { openMs: config.CACHE_CIRCUIT_OPEN_MS } : false,
  });
}
