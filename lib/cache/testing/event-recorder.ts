/** Test-only: collects a cache's events and lets a test wait for a particular one. */
import type { CacheEvent } from '../events';
import type { Cache } from '../types';

export interface EventRecorder {
  readonly events: CacheEvent[];
  /** [op, result] pairs, the shape most assertions want. */
  steps(): [CacheEvent['op'], CacheEvent['result']][];
  waitFor(matches: (event: CacheEvent) => boolean): Promise<CacheEvent>;
}

export function recordEvents(cache: Pick<Cache, 'onEvent'>): EventRecorder {
  const events: CacheEvent[] = [];
  const waiters: { matches: (event: CacheEvent) => boolean; resolve: (event: CacheEvent) => void }[] = [];
  cache.onEvent((event) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (!waiter.matches(event)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  });
  return {
    events,
    steps: () => events.map((event) => [event.op, event.result]),
    waitFor(matches) {
      const seen = events.find(matches);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ matches, resolve }));
    },
  };
}
