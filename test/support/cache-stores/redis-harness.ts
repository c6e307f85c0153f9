/**
 * Test-only: the native Redis store against the real Redis. Each harness has
 * its own prefix and removes only its own keys (the Redis is shared).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TEST_REDIS_URL } from '../../../scripts/lib/local-services';
import type { CacheStore } from '@/lib/cache';
import { createRedisStore } from '@/lib/cache';
import { uniquePrefix, type StoreHarness } from '@/lib/cache/testing';

export interface RedisHarnesses {
  /** A fresh harness: its own prefix and its own connection (a test may close its store). */
  create(): StoreHarness;
  stop(): Promise<void>;
}

export function startRedisHarnesses(): RedisHarnesses {
  // Kept open for cleanup, whatever the tests do with their own stores.
  const janitor: CacheStore = createRedisStore({ url: TEST_REDIS_URL });
  const prefixes: string[] = [];
  const stores: CacheStore[] = [];
  return {
    create() {
      const prefix = uniquePrefix();
      const store = createRedisStore({ url: TEST_REDIS_URL });
      prefixes.push(prefix);
      stores.push(store);
      return {
        name: 'redis',
        store,
        prefix,
        elapse: (ms) => sleep(ms),
        now: Date.now,
        cleanup: async () => {
          await janitor.deleteByPrefix(prefix);
        },
      };
    },
    async stop() {
      // Again at the end, for tests that failed before their own cleanup ran.
      for (const prefix of prefixes) await janitor.deleteByPrefix(prefix);
      await Promise.all([...stores, janitor].map((store) => store.close()));
    },
  };
}
