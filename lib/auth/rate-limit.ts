/**
 * Counts failed sign-ins per client in the cache (Django-style add + incr with
 * a TTL), so every app process shares one limit through Redis.
 */
import type { Cache } from '@/lib/cache';

export const MAX_FAILED_SIGN_INS = 5;
export const FAILURE_WINDOW_SECONDS = 15 * 60;

const keyFor = (client: string) => `auth:failed-sign-ins:${client}`;

export function createSignInLimiter(cache: Cache) {
  return {
    async isBlocked(client: string): Promise<boolean> {
      return (await cache.get<number>(keyFor(client), 0)) >= MAX_FAILED_SIGN_INS;
    },
    async recordFailure(client: string): Promise<void> {
      // add() starts the window only if none is running, so the TTL is not extended by each failure.
      await cache.add(keyFor(client), 0, { ttl: FAILURE_WINDOW_SECONDS });
      try {
        await cache.incr(keyFor(client));
      } catch {
        // The counter expired between add and incr, or the cache is down: counting is best effort,
        // and the password check itself still stands.
      }
    },
    async reset(client: string): Promise<void> {
      await cache.delete(keyFor(client));
    },
  };
}
