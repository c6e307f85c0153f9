/**
 * Test-only: harnesses for a store that talks to a real, shared Redis. Each
 * harness has its own prefix, and cleanup deletes only keys under it through
 * one more store of the same kind (the janitor): nothing here flushes the Redis.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CacheStore } from '@/lib/cache';
import { uniquePrefix, type StoreHarness } from '@/lib/cache/testing';

export interface RealRedisHarnesses {
  /** A fresh harness: its own prefix and its own store (a test may close it). */
  create(): StoreHarness;
  /** Deletes every harness's keys again (for tests that failed before their cleanup), then closes. */
  stop(): Promise<void>;
}

/**
 * @param name the harness name tests report ('redis', 'upstash').
 * @param openStore a new store on the real Redis, called once per harness
 *   (and once more, at the first harness, for the janitor).
 * @param closeShared closes what the stores share (a REST bridge), after them.
 */
export function realRedisHarnesses(name: string, openStore: () => CacheStore, closeShared: () => Promise<void> = async () => {}): RealRedisHarnesses {
  // Kept open for cleanup, whatever the tests do with their own stores.
  let janitor: CacheStore | null = null;
  const prefixes: string[] = [];
  const stores: CacheStore[] = [];
  return {
    create() {
      const cleaner = (janitor ??= openStore());
      const prefix = uniquePrefix();
      const store = openStore();
      prefixes.push(prefix);
      stores.push(store);
      return { name, store, prefix, elapse: (ms) => sleep(ms), now: Date.now, cleanup: () => cleaner.deleteByPrefix(prefix).then(() => undefined) };
    },
    async stop() {
      for (const prefix of prefixes) await janitor?.deleteByPrefix(prefix);
      await Promise.all([...stores, ...(janitor ? [janitor] : [])].map((store) => store.close()));
      await closeShared();
    },
  };
}
