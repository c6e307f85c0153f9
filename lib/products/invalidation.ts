/**
 * What a write reports about its invalidation, and the previous design kept
 * for comparison.
 */

import { setTimeout as sleep } from 'node:timers/promises';

export interface Invalidator {
  invalidate(namespace: string): Promise<void>;
}

/** 'pending-retry': the write committed, but the cache could not be told yet (the outbox will). */
export type InvalidationOutcome = 'done' | 'pending-retry';

const IMMEDIATE_RETRY_DELAYS_MS = [0, 50, 200];
const BACKGROUND_RETRY_MS = 2_000;

/**
 * The design before the outbox: after a committed write, retry briefly, then
 * keep retrying in this process's memory. Nobody else knows the write is
 * pending, and the retry dies with the process, so other processes can serve
 * pre-write data until the entry TTL. Kept only so the fault tests can show
 * the difference (CACHE_INVALIDATION=in-memory-retry); never the default.
 */
export function createInMemoryRetryInvalidator(cache: Invalidator, namespace: string, options: { ttlSeconds: number; log?: (message: string) => void }) {
  const log = options.log ?? ((message: string) => console.error(message));
  let backgroundRetry: NodeJS.Timeout | undefined;

  async function tryOnce(): Promise<boolean> {
    try {
      await cache.invalidate(namespace);
      return true;
    } catch {
      return false;
    }
  }

  function retryInBackground(failedAt: number) {
    if (backgroundRetry) return; // one retry loop covers every pending write: a single bump invalidates them all
    const attempt = async () => {
      const ok = await tryOnce();
      const givenUp = Date.now() - failedAt > options.ttlSeconds * 1000;
      if (ok || givenUp) {
        backgroundRetry = undefined;
        log(ok ? 'cache invalidation succeeded on background retry' : 'cache invalidation abandoned: every stale entry has expired by its TTL');
        return;
      }
      backgroundRetry = setTimeout(attempt, BACKGROUND_RETRY_MS);
      backgroundRetry.unref?.();
    };
    backgroundRetry = setTimeout(attempt, BACKGROUND_RETRY_MS);
    backgroundRetry.unref?.();
  }

  return async function invalidateAfterCommit(): Promise<InvalidationOutcome> {
    for (const delay of IMMEDIATE_RETRY_DELAYS_MS) {
      if (delay) await sleep(delay);
      if (await tryOnce()) return 'done';
    }
    log(`cache invalidation failed after a committed write; retrying every ${BACKGROUND_RETRY_MS / 1000}s (pages may be stale for up to ${options.ttlSeconds}s)`);
    retryInBackground(Date.now());
    return 'pending-retry';
  };
}
