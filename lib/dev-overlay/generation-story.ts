/**
 * Why a cached() read hit or missed, told from the generation (the design:
 * docs/cache-design.md). Fed every cache event synchronously, in the order the
 * cache emitted them, it remembers per namespace the generation this process
 * last saw and the invalidate that retired the one before, and per key the
 * last fill; from those each read gets a story:
 * - a miss: the generation moved (at which request, how long before), the
 *   first read of the key, or the entry expired (or vanished before its TTL);
 * - a hit: which request stored the entry, and when;
 * - an invalidate: which generation it retired; a rejected fill: which write overtook it.
 *
 * Stories name requests through an Origin, filled in once the listener knows
 * the event's request (Next's request scope resolves asynchronously).
 */
import type { CacheEvent } from '@/lib/cache';

/** Who did something: a request (its id, once known), or background work. */
export interface Origin {
  id: string | null;
  background: boolean;
}

/** When (ms since the epoch) and by whom a generation was retired or an entry stored. */
export interface Deed {
  atEpochMs: number;
  by: Origin;
}

export type Story =
  /** A miss: the key was stored under an older generation; `retired` is the invalidate this process saw, if any. */
  | { kind: 'moved'; generation: string; previous: string; retired?: Deed & { how: 'invalidate' | 'clear' } }
  /** A miss: nothing was ever stored for this key (as far as this process saw); `started`: no generation existed either. */
  | { kind: 'first-read'; generation: string; started: boolean }
  /** A miss: stored under this very generation, and its TTL has run out (`expired`) or not (`vanished`: deleted or evicted). */
  | { kind: 'expired' | 'vanished'; generation: string; stored: Deed; ttlSeconds: number | null }
  /** A hit: who stored the entry (unknown when before this server started, or another process). */
  | { kind: 'stored-by'; generation: string; stored?: Deed; local: boolean }
  /** An invalidate: the generation it retired (null: none was current, as far as this process saw). */
  | { kind: 'retired'; previous: string | null }
  /** A fill refused because a write retired its generation while the value loaded. */
  | { kind: 'fill-rejected'; generation: string; retired?: Deed & { how: 'invalidate' | 'clear' } };

interface NamespaceState {
  /** The generation last read; null once retired here and not read since. */
  generation: string | null;
  /** The last invalidate (or clear) this process saw for the namespace. */
  lastRetire?: Deed & { how: 'invalidate' | 'clear'; previous: string | null };
}

interface Fill extends Deed {
  generation: string;
  ttlSeconds: number | null;
}

export interface StoryTeller {
  /** Reads one event (call it synchronously, in emission order); returns its story, if it has one. */
  observe(event: CacheEvent, origin: Origin): Story | undefined;
  /**
   * The namespace's generation as this process last saw it: a string, null
   * when retired and not read since, undefined when never seen.
   */
  currentGeneration(namespace: string): string | null | undefined;
}

/** How many keys' last fills are remembered (the oldest are forgotten first). */
const MAX_FILLS = 5000;

export function createStoryTeller(now: () => number = Date.now): StoryTeller {
  const namespaces = new Map<string, NamespaceState>();
  const fills = new Map<string, Fill>();
  const stateOf = (namespace: string) => {
    let state = namespaces.get(namespace);
    if (!state) namespaces.set(namespace, (state = { generation: null }));
    return state;
  };
  const fillKey = (namespace: string, key: string) => `${namespace}\u0000${key}`;
  const rememberFill = (key: string, fill: Fill) => {
    fills.delete(key); // re-inserted last: Map order is the eviction order
    fills.set(key, fill);
    if (fills.size > MAX_FILLS) fills.delete(fills.keys().next().value!);
  };

  function retire(state: NamespaceState, how: 'invalidate' | 'clear', origin: Origin): string | null {
    const previous = state.generation;
    // Already retired and not read since: this one moved nothing (the sweep repeating a write's
    // invalidate, say), so the one that did stays the explanation.
    if (previous !== null || !state.lastRetire) state.lastRetire = { atEpochMs: now(), by: origin, how, previous };
    state.generation = null;
    return previous;
  }

  /** The retire that explains a generation moving away from `storedUnder`, when this process saw it. */
  const retireSince = (state: NamespaceState, stored: Deed) =>
    state.lastRetire && state.lastRetire.atEpochMs >= stored.atEpochMs ? { atEpochMs: state.lastRetire.atEpochMs, by: state.lastRetire.by, how: state.lastRetire.how } : undefined;

  function missStory(state: NamespaceState, event: CacheEvent & { namespace: string; generation: string }, at: number): Story {
    const last = fills.get(fillKey(event.namespace, event.key));
    if (!last) return { kind: 'first-read', generation: event.generation, started: event.generationStarted === true };
    if (last.generation !== event.generation) return { kind: 'moved', generation: event.generation, previous: last.generation, retired: retireSince(state, last) };
    const expired = last.ttlSeconds !== null && at - last.atEpochMs >= last.ttlSeconds * 1000;
    return { kind: expired ? 'expired' : 'vanished', generation: event.generation, stored: { atEpochMs: last.atEpochMs, by: last.by }, ttlSeconds: last.ttlSeconds };
  }

  function lookupStory(event: CacheEvent & { namespace: string; generation: string }): Story | undefined {
    const state = stateOf(event.namespace);
    const at = now();
    let story: Story | undefined;
    if (event.result === 'miss') story = missStory(state, event, at);
    else if (event.result === 'hit' || event.result === 'waited-hit') {
      const last = fills.get(fillKey(event.namespace, event.key));
      const stored = last && last.generation === event.generation ? { atEpochMs: last.atEpochMs, by: last.by } : undefined;
      story = { kind: 'stored-by', generation: event.generation, stored, local: event.local === true };
    }
    state.generation = event.generation;
    return story;
  }

  return {
    observe(event, origin) {
      if (event.op === 'clear' && event.result !== 'error' && event.result !== 'timeout') {
        // clear() deletes the generation keys with everything else.
        for (const state of namespaces.values()) retire(state, 'clear', origin);
        fills.clear();
        return undefined;
      }
      if (!event.namespace) return undefined;
      const state = stateOf(event.namespace);
      if (event.op === 'invalidate') return event.result === 'ok' ? { kind: 'retired', previous: retire(state, 'invalidate', origin) } : undefined;
      if (!event.generation) return undefined;
      const step = { ...event, namespace: event.namespace, generation: event.generation };
      if (event.op === 'lookup' || event.op === 'lease-wait') return lookupStory(step);
      if (event.op === 'fill' && event.result === 'stored') {
        rememberFill(fillKey(event.namespace, event.key), { atEpochMs: now(), by: origin, generation: event.generation, ttlSeconds: event.ttlSeconds ?? null });
        state.generation = event.generation;
      }
      if (event.op === 'fill' && event.result === 'stale-rejected') {
        const retired = state.lastRetire && state.lastRetire.previous === event.generation ? { atEpochMs: state.lastRetire.atEpochMs, by: state.lastRetire.by, how: state.lastRetire.how } : undefined;
        return { kind: 'fill-rejected', generation: event.generation, retired };
      }
      return undefined;
    },
    currentGeneration(namespace) {
      return namespaces.get(namespace)?.generation ?? (namespaces.get(namespace)?.lastRetire ? null : undefined);
    },
  };
}
