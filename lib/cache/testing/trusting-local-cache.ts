/**
 * Test-only, DELIBERATELY BROKEN: the real cache behind a per-process copy
 * that is trusted WITHOUT reading the namespace generation first. A hit on the
 * copy skips the store entirely, and only this process's own invalidate()
 * drops it, so a write acknowledged in another process leaves this process
 * serving the old value until it restarts. local-copy-freshness.test.ts and
 * freshness.test.ts run the same scenarios on this and on the real design, to
 * show that they catch the mistake the generation read prevents.
 */
import { createCache } from '../cache';
import type { CacheStore } from '../store';
import type { InvalidationReceipt } from '../types';
import type { ReadThroughUnderTest } from './stale-set-scenario';

export function createTrustingLocalCache(options: { store: CacheStore; prefix: string }): ReadThroughUnderTest {
  // The real cache's own copies are off, so the only copy is the broken one.
  const inner = createCache({ ...options, localCopyMaxBytes: 0, logger: { warn: () => {} } });
  const copies = new Map<string, Map<string, unknown>>();
  return {
    async cached<T>(key: string, loader: () => Promise<T>, cachedOptions: { namespace?: string } = {}): Promise<T> {
      const namespace = cachedOptions.namespace ?? 'default';
      const ofNamespace = copies.get(namespace) ?? new Map<string, unknown>();
      copies.set(namespace, ofNamespace);
      if (ofNamespace.has(key)) return ofNamespace.get(key) as T;
      const value = await inner.cached(key, loader, cachedOptions);
      ofNamespace.set(key, value);
      return value;
    },
    async invalidate(namespace: string): Promise<InvalidationReceipt> {
      const receipt = await inner.invalidate(namespace);
      copies.delete(namespace);
      return receipt;
    },
    onStoreFailure: (listener) => inner.onStoreFailure(listener),
  };
}
