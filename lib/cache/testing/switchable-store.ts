/** Test-only: a store that can be cut off (every call rejects, as a partitioned Redis) and restored. */
import type { CacheStore } from '../store';

export interface SwitchableStore {
  store: CacheStore;
  cut(): void;
  restore(): void;
}

export function switchableStore(inner: CacheStore): SwitchableStore {
  let reachable = true;
  const store = new Proxy(inner, {
    get(target, property) {
      const member = target[property as keyof CacheStore];
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) =>
        reachable ? (member as (...values: unknown[]) => unknown).apply(target, args) : Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    },
  });
  return {
    store,
    cut: () => {
      reachable = false;
    },
    restore: () => {
      reachable = true;
    },
  };
}
