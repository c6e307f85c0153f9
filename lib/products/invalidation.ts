/**
 * Invalidation after a committed write.
 *
 * The write has already happened, so a cache failure here must not turn it
 * into an error: we retry briefly, then keep retrying in the background, and
 * report "pending" so the user is told pages may lag. Staleness is bounded by
 * the entry TTL even if every retry fails.
 */
import { PRODUCTS_NAMESPACE } from './keys';

export interface Invalidator {
  invalidate(namespace: string): Promise<void>;
}

export type InvalidationOutcome = 'done' | 'pending-retry';

const IMMEDIATE_RETRY_DELAYS_MS = [0, 50, 200];
const BACKGROUND_RETRY_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createCatalogInvalidator(cache: Invalidator, options: { ttlSeconds: number; log?: (message: string) => void }) {
  const log = options.log ?? ((message: string) => console.error(message));
  let backgroundRetry: NodeJS.Timeout | undefined;

  async function tryOnce(): Promise<boolean> {
    try {
      await cache.invalidate(PRODUCTS_NAMESPACE);
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

  return async function invalidateCatalog(): Promise<InvalidationOutcome> {
    for (const delay of IMMEDIATE_RETRY_DELAYS_MS) {
      if (delay) await sleep(delay);
      if (await tryOnce()) return 'done';
    }
    log(`cache invalidation failed after a committed write; retrying every ${BACKGROUND_RETRY_MS / 1000}s (pages may be stale for up to ${options.ttlSeconds}s)`);
    retryInBackground(Date.now());
    return 'pending-retry';
  };
}
