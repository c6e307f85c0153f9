/**
 * Turns the stories recorded with a request's cache events into what its
 * Cache panel shows: a sentence per event (story-text.ts) naming the requests
 * involved, and whether the event's generation is dead by now.
 */
import type { Origin } from './generation-story';
import { requestTitle } from './request-label';
import { storyText } from './story-text';
import type { Explain } from './summary';
import type { RequestMeta } from './types';

export interface ExplainerSources {
  /** The namespace's generation as this process last saw it (generation-story.ts). */
  currentGeneration(namespace: string): string | null | undefined;
  /** A kept request's meta, by id (undefined once the ring buffer dropped it). */
  metaOf(id: string): RequestMeta | undefined;
}

/** Explains the events of request `requestId`. */
export function explainerFor(sources: ExplainerSources, requestId: string): Explain {
  const describe = (origin: Origin) => {
    if (origin.background) return 'background work (no request)';
    if (origin.id === requestId) return 'this request';
    const meta = origin.id ? sources.metaOf(origin.id) : undefined;
    return meta ? requestTitle(meta) : 'an earlier request (no longer kept)';
  };
  return (event, atEpochMs) => {
    const current = event.namespace ? sources.currentGeneration(event.namespace) : undefined;
    const deadGeneration = event.generation !== undefined && current !== undefined && current !== event.generation;
    return { ...(event.story && { why: storyText(event.story, atEpochMs, describe) }), ...(deadGeneration && { deadGeneration }) };
  };
}
