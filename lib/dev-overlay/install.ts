/**
 * Connects the overlay's collector to what it observes: the cache's typed
 * events and the database driver's query timings, each with the call it
 * belongs to (where it came from; for the cache, the value). Called by the
 * composition root (lib/server/root.ts) when it opens the cache and the
 * database, in development only; a no-op unless the overlay is enabled.
 */
import 'server-only';
import { headers } from 'next/headers';
import type { DatabaseHandle } from '@/db/client';
import { setQueryObserver } from '@/db/instrumentation';
import { products } from '@/db/schema';
import type { Cache } from '@/lib/cache';
import { processSingleton } from '@/lib/process-singleton';
import { currentTrace } from './call-trace';
import { ignoreClientAborts } from './client-aborts';
import { devOverlayEnabled } from './enabled';
import { traceQueryCallSites } from './query-call-sites';
import type { Origin } from './generation-story';
import { devCollector, devStories } from './registry';
import { withRequestId } from './request-context';
import { tracedCache } from './traced-cache';
import { describeError } from '@/lib/describe-error';

/** Observes `cache` and `database` for the overlay; returns the cache the app should use (traced in development). */
export function installDevOverlay<C extends Cache | null>(cache: C, database: DatabaseHandle): C {
  if (!devOverlayEnabled()) return cache;
  const collector = devCollector();
  setQueryObserver((query) => {
    const frames = currentTrace()?.frames;
    const observed = { ...query, frames };
    withRequestId((id) => collector.recordQuery(id, observed), headers, () => collector.recordBackgroundQuery(observed));
  });
  try {
    traceQueryCallSites(database.db, products);
  } catch (error) {
    console.warn(`dev overlay: queries will show no call site (${describeError(error)})`);
  }
  if (!cache) return cache;
  // One subscription per cache instance, however often hot reload re-runs this.
  const subscribed = processSingleton('overlay-caches', () => new WeakSet<Cache>());
  if (!subscribed.has(cache)) {
    subscribed.add(cache);
    const stories = devStories();
    cache.onEvent((event) => {
      const trace = currentTrace();
      if (trace?.internal) return; // the overlay's own TTL reads
      // The story is told now, in the order the cache emitted: the request's id may resolve later.
      const origin: Origin = { id: null, background: false };
      const story = stories.observe(event, origin);
      const observed = { ...event, trace, story };
      withRequestId(
        (id) => {
          origin.id = id;
          // A timer of a finished request (the sweep) ran it: background work, not that request's.
          origin.background = !collector.recordCache(id, observed);
        },
        headers,
        () => {
          origin.background = true;
          collector.recordBackgroundCache(observed);
        },
      );
    });
  }
  return tracedCache(cache) as C;
}

/** Keeps a closed tab's aborted request out of the terminal (called once at start-up, in development only). */
export function registerDevOverlay(): void {
  ignoreClientAborts();
}

// What the composition root uses besides installDevOverlay, from this one module.
export { recordedForOverlay } from './entry-hook';
export { runAsBackground } from './background';
