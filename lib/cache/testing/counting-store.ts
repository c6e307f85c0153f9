/** Test-only: wraps a store and counts calls per method (e.g. "100 reads cost 1 lookup"). */
import type { CacheStore } from '../store';

export interface CountingStore {
  store: CacheStore;
  calls(method: keyof CacheStore): number;
}

export function countingStore(inner: CacheStore): CountingStore {
  const counts = new Map<PropertyKey, number>();
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      const member: unknown = Reflect.get(target, property, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        counts.set(property, (counts.get(property) ?? 0) + 1);
        return member.apply(target, args);
      };
    },
  });
  return { store, calls: (method) => counts.get(method) ?? 0 };
}
