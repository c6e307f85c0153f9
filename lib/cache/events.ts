/**
 * What the cache did, as typed events. The dev overlay subscribes through
 * `cache.onEvent` (and groups events per request itself), logs and tests too.
 */

export type CacheOp =
  | 'get'
  | 'set'
  | 'delete'
  | 'getMany'
  | 'setMany'
  | 'add'
  | 'incr'
  | 'decr'
  | 'touch'
  | 'clear'
  | 'hasKey'
  | 'deleteMany'
  | 'incrVersion'
  | 'decrVersion'
  | 'ttl'
  | 'keys'
  | 'lookup'
  | 'lease-wait'
  | 'fill'
  | 'invalidate'
  | 'error'
  | 'timeout'
  /** The circuit breaker changed state (result: open, half-open or closed). */
  | 'circuit'
  /** The store lost a connection (result: lost): the next one may reach another primary. */
  | 'connection';

export type CacheResult =
  | 'hit'
  | 'miss'
  | 'stored'
  | 'stale-rejected'
  /** A fill the caller's admission (CachedOptions.admit, a byte budget) refused: served, not stored. */
  | 'not-admitted'
  | 'ok'
  | 'error'
  | 'timeout'
  | 'waited-hit'
  | 'waited-gave-up'
  /** The call was not made: the circuit breaker is open. */
  | 'circuit-open'
  /**
   * The store answered with a value this cache cannot decode (not written by
   * it, or by a release that knew a type this one does not): the caller's
   * problem, not the store's. `error` says why. get/getMany throw
   * CacheValueError; cached() loads from the source and replaces the entry.
   */
  | 'undecodable'
  | 'open'
  | 'half-open'
  | 'closed'
  /** An invalidate the primary applied but fewer replicas than asked for acknowledged in time. */
  | 'unreplicated'
  /** A connection to the store closed. */
  | 'lost';

export interface CacheEvent {
  op: CacheOp;
  /** The key as the caller named it (a namespace for 'invalidate'). */
  key: string;
  /** The Redis key actually used, when there is one. */
  storedKey?: string;
  /** The read-through namespace of a lookup, lease-wait, fill or invalidate. */
  namespace?: string;
  /**
   * The namespace generation a read-through step used: the one a lookup read
   * (or started), the one a fill or lease-wait was tied to. Entries live under
   * it (storedKey contains it), so a different one means a write moved it.
   */
  generation?: string;
  /**
   * On a 'lookup' that reached the store: true when no generation existed and
   * this lookup started `generation` (the first read, or the first after an
   * invalidate retired the old one); false when it found one. Absent when the
   * store does not say.
   */
  generationStarted?: boolean;
  result?: CacheResult;
  /**
   * On a 'lookup' hit: true when this process served its own decoded copy of
   * the entry (storedKey), after reading only the namespace generation.
   */
  local?: boolean;
  /** Size of the serialized value moved (or, for a local hit, stored), in bytes. */
  bytes?: number;
  /** TTL applied by a write; null = never expires. */
  ttlSeconds?: number | null;
  /** On a read-through hit: seconds the entry had left (null = never expires). */
  remainingTtlSeconds?: number | null;
  /** On an 'invalidate' that waited for replicas: how many acknowledged in time. */
  replicasAcknowledged?: number;
  /** performance.now() when the operation started, in ms. */
  startedAt: number;
  durationMs: number;
  /** For 'error'/'timeout': which store call failed and why; for 'undecodable', what could not be decoded. */
  error?: string;
  /** The store's kind: 'memory', 'upstash' or 'redis'. */
  store: string;
}

export type CacheEventListener = (event: CacheEvent) => void;

/** An event under construction: the emitter adds durationMs and store. */
export type CacheEventDraft = Omit<CacheEvent, 'durationMs' | 'store'>;

export interface CacheEventEmitter {
  subscribe(listener: CacheEventListener): () => void;
  emit(draft: CacheEventDraft): void;
}

export function createEventEmitter(storeKind: string): CacheEventEmitter {
  const listeners = new Set<CacheEventListener>();

  // A listener is somebody else's code (an overlay, a logger): whatever it
  // does, including throwing or returning a rejected promise, must not turn
  // into a cache failure or an unhandled rejection.
  const deliver = (listener: CacheEventListener, event: CacheEvent) => {
    try {
      const returned: unknown = listener(event);
      if (returned instanceof Promise) returned.catch(() => undefined);
    } catch {
      // ignored on purpose, see above
    }
  };

  return {
    subscribe(listener) {
      // Wrapping gives each subscription its own identity, so subscribing the
      // same function twice and unsubscribing once leaves one subscription.
      const subscription: CacheEventListener = (event) => listener(event);
      listeners.add(subscription);
      return () => {
        listeners.delete(subscription);
      };
    },
    emit(draft) {
      if (listeners.size === 0) return;
      const event: CacheEvent = { ...draft, durationMs: performance.now() - draft.startedAt, store: storeKind };
      for (const listener of [...listeners]) deliver(listener, event);
    },
  };
}
