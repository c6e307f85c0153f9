/**
 * Test-only: the Upstash store against the real Redis, through the project's
 * REST bridge (started here on a random port with a random token). Cleanup
 * deletes only keys under each harness's unique prefix, through a native
 * connection: the Redis is shared, so nothing here ever flushes it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { createRedisStore, createUpstashStore } from '@/lib/cache';
import { uniquePrefix, type StoreHarness } from '@/lib/cache/testing';
import { TEST_REDIS_URL } from '../../../scripts/lib/local-services';
import { startBridge } from '../../../scripts/redis-rest-bridge/server';

export interface UpstashHarnesses {
  /** A fresh harness (own prefix) on the shared bridge. */
  create(): StoreHarness;
  stop(): Promise<void>;
}

export async function startUpstashHarnesses(): Promise<UpstashHarnesses> {
  const bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomUUID() });
  const janitor = createRedisStore({ url: TEST_REDIS_URL });
  const prefixes: string[] = [];
  return {
    create() {
      const prefix = uniquePrefix();
      prefixes.push(prefix);
      return {
        name: 'upstash',
        store: createUpstashStore({ url: bridge.url, token: bridge.token }),
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
      await janitor.close();
      await bridge.close();
    },
  };
}
