/**
 * The read-through a worker process uses: the real cache, or the deliberately
 * broken plain delete-after-write variant, both over the Upstash store (so
 * both are shared across processes through the bridge and one Redis).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { createCache, createUpstashStore } from '../../lib/cache';
import { createPlainDeleteCache } from '../../lib/cache/testing/plain-delete-cache';
import type { ReadThroughCache } from '../../lib/products/repository';
import type { WorkerSetup } from './protocol';

export interface WorkerCache {
  cache: ReadThroughCache;
  /** Store calls that failed or timed out (the real cache fails open; worth reporting). */
  failures(): number;
  close(): Promise<void>;
}

export function createWorkerCache(setup: WorkerSetup): WorkerCache {
  // A long request timeout: under stress a slow answer is still an answer.
  const store = createUpstashStore({ url: setup.bridgeUrl, token: setup.bridgeToken, requestTimeoutMs: 10_000 });
  if (setup.variant === 'broken') {
    return { cache: createPlainDeleteCache({ store, prefix: setup.prefix }), failures: () => 0, close: async () => {} };
  }
  let failures = 0;
  const cache = createCache({ store, prefix: setup.prefix, ...setup.cache, logger: { warn: (message) => console.warn(`[worker ${setup.index}] ${message}`) } });
  cache.onStoreFailure(() => {
    failures += 1;
  });
  return { cache, failures: () => failures, close: () => cache.close() };
}


/**
 * Wraps every loader: counts database loads, and (optionally) holds the
 * loaded value a little before handing it back, as a slow query would.
 */
export function instrumentLoads(inner: ReadThroughCache, delayMs: () => number): { cache: ReadThroughCache; loads: () => number } {
  let loads = 0;
  const cache: ReadThroughCache = {
    cached: (key, loader, options) =>
      inner.cached(
        key,
        async () => {
          loads += 1;
          const value = await loader();
          const delay = delayMs();
          if (delay > 0) await sleep(delay);
          return value;
        },
        options,
      ),
    invalidate: (namespace) => inner.invalidate(namespace),
    onStoreFailure: (listener) => inner.onStoreFailure(listener),
  };
  return { cache, loads: () => loads };
}
