/**
 * Test-only: the Upstash store against the real Redis, through the project's
 * REST bridge (started here on a random port with a random token).
 * Cleanup deletes only keys under each harness's unique prefix: the Redis is
 * shared, so nothing here ever flushes it.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { startBridge } from '../../../scripts/redis-rest-bridge/server';
import { TEST_REDIS_URL } from '../../../test/support/services';
import { globEscape } from '../keys';
import { createUpstashStore } from '../stores/upstash-store';
import { uniquePrefix, type StoreHarness } from './store-harness';

export interface UpstashHarnesses {
  /** A fresh harness (own prefix) on the shared bridge. */
  create(): StoreHarness;
  /** Talks to Redis directly, bypassing the bridge (to inspect or clean up). */
  redis: Redis;
  stop(): Promise<void>;
}

async function deleteKeysStartingWith(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${globEscape(prefix)}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

export async function startUpstashHarnesses(): Promise<UpstashHarnesses> {
  const bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomUUID() });
  const redis = new Redis(TEST_REDIS_URL);
  const prefixes: string[] = [];
  return {
    redis,
    create() {
      const prefix = uniquePrefix();
      prefixes.push(prefix);
      return {
        name: 'upstash',
        store: createUpstashStore({ url: bridge.url, token: bridge.token }),
        prefix,
        elapse: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        now: Date.now,
        cleanup: () => deleteKeysStartingWith(redis, prefix),
      };
    },
    async stop() {
      // Again at the end, for tests that failed before their own cleanup ran.
      for (const prefix of prefixes) await deleteKeysStartingWith(redis, prefix);
      await redis.quit();
      await bridge.close();
    },
  };
}
