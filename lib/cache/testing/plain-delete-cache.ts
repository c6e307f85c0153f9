/**
 * Test-only, DELIBERATELY BROKEN: the tutorial's "delete the key after the
 * write". cached() is get -> miss -> load -> set at a fixed key; invalidate()
 * deletes the namespace's keys. A reader that loaded before the write can set
 * its old data after the delete (the stale-set race). freshness.test.ts runs
 * the same scenarios on this and on the real cache, to show that the checker
 * catches the race where it exists.
 */
import { entryPrefix } from '../keys';
import { deserialize, serialize } from '../serialize';
import type { CacheStore } from '../store';
import type { InvalidationReceipt } from '../types';
import type { ReadThroughUnderTest } from './stale-set-scenario';

export function createPlainDeleteCache(options: { store: CacheStore; prefix: string; ttlSeconds?: number }): ReadThroughUnderTest {
  const { store, prefix } = options;
  const ttlMs = (options.ttlSeconds ?? 300) * 1000;
  return {
    async cached<T>(key: string, loader: () => Promise<T>, cachedOptions: { namespace?: string } = {}): Promise<T> {
      const storedKey = `${entryPrefix(prefix, cachedOptions.namespace ?? 'default')}${key}`;
      const hit = await store.get(storedKey);
      if (hit !== null) return deserialize(hit) as T;
      const value = await loader();
      await store.set(storedKey, serialize(value).text, ttlMs);
      return value;
    },
    async invalidate(namespace: string): Promise<InvalidationReceipt> {
      await store.deleteByPrefix(entryPrefix(prefix, namespace));
      return { namespace, retired: null, replicated: true, replicasAcknowledged: null, token: null };
    },
    // It reports no failures: it never knows it may have missed something.
    onStoreFailure: () => () => {},
  };
}
