/**
 * A test double: the invalidation design before the outbox, kept to show
 * that the checkers catch it. After a committed write it retries briefly,
 * then keeps retrying in this process's memory only. Nobody else knows the
 * write is pending and the retry dies with the process, so other processes
 * can serve pre-write data until the entry TTL. Injected through
 * createProductRepository({ invalidation }); never part of the product.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { InvalidationDesign, Invalidator } from '@/lib/products/invalidation-outbox';

const IMMEDIATE_RETRY_DELAYS_MS = [0, 50, 200];
const BACKGROUND_RETRY_MS = 2_000;

export function inMemoryRetryInvalidation(cache: Invalidator, options: { ttlSeconds: number; log?: (message: string) => void }): InvalidationDesign {
  const log = options.log ?? ((message: string) => console.error(message));
  let backgroundRetry: NodeJS.Timeout | undefined;

  async function tryOnce(namespace: string): Promise<boolean> {
    try {
      await cache.invalidate(namespace);
      return true;
    } catch {
      return false;
    }
  }

  function retryInBackground(namespace: string, failedAt: number) {
    if (backgroundRetry) return; // one retry loop covers every pending write: a single bump invalidates them all
    const attempt = async () => {
      const ok = await tryOnce(namespace);
      if (ok || Date.now() - failedAt > options.ttlSeconds * 1000) {
        backgroundRetry = undefined;
        return;
      }
      backgroundRetry = setTimeout(attempt, BACKGROUND_RETRY_MS);
      backgroundRetry.unref?.();
    };
    backgroundRetry = setTimeout(attempt, BACKGROUND_RETRY_MS);
    backgroundRetry.unref?.();
  }

  return {
    record: async () => null,
    async complete(_recordId, namespace) {
      for (const delay of IMMEDIATE_RETRY_DELAYS_MS) {
        if (delay) await sleep(delay);
        if (await tryOnce(namespace)) return 'done';
      }
      log(`cache invalidation failed after a committed write; retrying every ${BACKGROUND_RETRY_MS / 1000}s`);
      retryInBackground(namespace, Date.now());
      return 'pending-retry';
    },
    // It never knows that it missed anything: the cache is always used.
    cacheUsable: async () => true,
    drain: async () => 0,
    startSweeping: () => () => {},
    pendingCount: async () => 0,
    backlog: async () => ({ records: 0, oldestAgeSeconds: null, unreplicated: 0 }),
  };
}
