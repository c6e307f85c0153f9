/**
 * The process-wide database and cache, opened once from the environment.
 *
 * Kept on globalThis so that hot reload in development reuses the same pool
 * instead of opening a new one on every edit.
 */
import 'server-only';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { createCache, createMemoryStore, createUpstashStore, type Cache } from '@/lib/cache';
import { installDevOverlay } from '@/lib/dev-overlay/install';
import { env } from '@/lib/env';

interface Services {
  database: Promise<DatabaseHandle>;
  cache: Cache | null;
}

const holder = globalThis as typeof globalThis & { __catalogServices?: Services };

function openServices(): Services {
  const config = env();
  const database = openDatabase(config.DATABASE_URL ? { url: config.DATABASE_URL } : { pgliteDir: config.PGLITE_DATA_DIR });
  if (config.CACHE_DISABLED) {
    installDevOverlay(null);
    return { database, cache: null };
  }
  const store =
    config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN
      ? createUpstashStore({ url: config.UPSTASH_REDIS_REST_URL, token: config.UPSTASH_REDIS_REST_TOKEN })
      : createMemoryStore();
  const cache = createCache({
    store,
    prefix: config.CACHE_PREFIX,
    defaultTtlSeconds: config.CACHE_DEFAULT_TTL_SECONDS,
    timeoutMs: config.CACHE_TIMEOUT_MS,
    timeoutPolicy: config.CACHE_TIMEOUT_POLICY,
    circuitBreaker: config.CACHE_CIRCUIT_BREAKER ? { openMs: config.CACHE_CIRCUIT_OPEN_MS } : false,
  });
  // Development only (a no-op otherwise): record cache events and query timings per request.
  installDevOverlay(cache);
  return { database, cache };
}

export function services(): Services {
  holder.__catalogServices ??= openServices();
  return holder.__catalogServices;
}
