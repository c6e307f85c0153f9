/**
 * In-process single-flight: concurrent reads of one namespace+key share one
 * promise, so 100 simultaneous misses cost one lookup and one load.
 */
export interface Flight<V> {
  promise: Promise<V>;
  /** True when this caller joined a flight somebody else started. */
  joined: boolean;
}

export interface Flights<V> {
  run(namespace: string, key: string, start: () => Promise<V>): Flight<V>;
  /**
   * Called once a write's invalidation is done: reads starting afterwards must
   * not join a flight that may have read the data before the write.
   */
  forgetNamespace(namespace: string): void;
}

export function createFlights<V>(): Flights<V> {
  const byNamespace = new Map<string, Map<string, Promise<V>>>();

  return {
    run(namespace, key, start) {
      const flights = byNamespace.get(namespace) ?? new Map<string, Promise<V>>();
      byNamespace.set(namespace, flights);
      const existing = flights.get(key);
      if (existing) return { promise: existing, joined: true };

      const promise = start().finally(() => {
        // Only remove our own entry: after forgetNamespace a newer flight may sit here.
        const current = byNamespace.get(namespace);
        if (current?.get(key) !== promise) return;
        current.delete(key);
        if (current.size === 0) byNamespace.delete(namespace);
      });
      flights.set(key, promise);
      return { promise, joined: false };
    },
    forgetNamespace(namespace) {
      byNamespace.delete(namespace);
    },
  };
}
