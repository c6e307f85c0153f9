/**
 * The app's cache as its environment describes it (lib/env.ts): the store
 * (Upstash REST when its URL is set, else a native connection to REDIS_URL,
 * else memory, which only this process sees) and the cache's settings.
 * Shared by the composition root (lib/server/root.ts) and the command line (npm run cache).
 */
import { createCache, createMemoryStore, createRedisStore, createUpstashStore, type Cache, type CacheStore, type RedisStoreOptions } from '@/lib/cache';
import { invalidationReplicas, nativeRedisConfigured, type Env } from '@/lib/env';

/** Where the cache lives, for messages: 'upstash', 'redis' or 'memory'. */
export function cacheStoreKind(config: Env): 'upstash' | 'redis' | 'memory' {
  if (config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN) return 'upstash';
  return nativeRedisConfigured(config) ? 'redis' : 'memory';
}

/** The native store's options for the Redis topology the settings name (one server, Sentinel or Cluster). */
export function redisStoreOptions(config: Env): RedisStoreOptions {
  const credentials = { username: config.REDIS_USERNAME, password: config.REDIS_PASSWORD };
  const connectionName = `catalog:${config.CACHE_PREFIX}`;
  if (config.REDIS_SENTINELS) {
    return { sentinels: config.REDIS_SENTINELS, masterName: config.REDIS_SENTINEL_MASTER!, sentinelPassword: config.REDIS_SENTINEL_PASSWORD, ...credentials, connectionName };
  }
  if (config.REDIS_CLUSTER_NODES) return { clusterNodes: config.REDIS_CLUSTER_NODES.map(({ host, port }) => `redis://${host}:${port}`), ...credentials, connectionName };
  return { url: config.REDIS_URL!, connectionName };
}

function openStore(config: Env): CacheStore {
  const kind = cacheStoreKind(config);
  if (kind === 'upstash') return createUpstashStore({ url: config.UPSTASH_REDIS_REST_URL!, token: config.UPSTASH_REDIS_REST_TOKEN! });
  return kind === 'redis' ? createRedisStore(redisStoreOptions(config)) : createMemoryStore();
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
    replication: { replicas: invalidationReplicas(config), waitMs: config.CACHE_INVALIDATION_REPLICA_WAIT_MS },
  });
}
