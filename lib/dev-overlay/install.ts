/**
 * Connects the overlay's collector to what it observes: the cache's typed
 * events and the database driver's query timings. Called by lib/services.ts
 * when it opens the process-wide cache and database; a no-op unless the
 * overlay is enabled, so production never subscribes anything.
 */
import 'server-only';
import { headers } from 'next/headers';
import { setQueryObserver } from '@/db/instrumentation';
import type { Cache } from '@/lib/cache';
import { devOverlayEnabled } from './enabled';
import { devCollector } from './registry';
import { withRequestId } from './request-context';

const holder = globalThis as typeof globalThis & { __catalogOverlayCaches?: WeakSet<Cache> };

export function installDevOverlay(cache: Cache | null): void {
  if (!devOverlayEnabled()) return;
  const collector = devCollector();
  setQueryObserver((query) => withRequestId((id) => collector.recordQuery(id, query), headers));
  // One subscription per cache instance, however often hot reload re-runs this.
  const subscribed = (holder.__catalogOverlayCaches ??= new WeakSet());
  if (cache && !subscribed.has(cache)) {
    subscribed.add(cache);
    cache.onEvent((event) => withRequestId((id) => collector.recordCache(id, event), headers));
  }
}
