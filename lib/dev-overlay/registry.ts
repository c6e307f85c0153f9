/**
 * The one collector of the process, and the one story teller that reads the
 * cache's events for it. On globalThis because Next bundles the proxy, route
 * handlers and pages separately (and hot reload re-evaluates modules), yet
 * they must all see the same requests and the same generations.
 */
import { env } from '@/lib/env';
import { processSingleton } from '@/lib/process-singleton';
import { createCollector, type Collector } from './collector';
import { createStoryTeller, type StoryTeller } from './generation-story';
import { resolveFrames } from './source-frames';

/** Why each cache read hit or missed, from the generations this process saw (generation-story.ts). */
export function devStories(): StoryTeller {
  return processSingleton('dev-stories', () => createStoryTeller());
}

export function devCollector(): Collector {
  return processSingleton('dev-collector', () =>
    createCollector({
      capacity: 50,
      slowQueryMs: env().DEV_OVERLAY_SLOW_QUERY_MS,
      resolveFrames,
      currentGeneration: (namespace) => devStories().currentGeneration(namespace),
    }),
  );
}
