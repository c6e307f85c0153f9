/** Test-only: stores that model Redis being down (every call rejects) or hanging (no call ever answers). */
import type { CacheStore } from '../store';

type StoreMethods = { [K in Exclude<keyof CacheStore, 'kind' | 'onConnectionLost' | 'topology'>]: CacheStore[K] };

function storeWhereEveryCall(kind: string, answer: () => Promise<never>): CacheStore {
  const methods: StoreMethods = {
    get: answer,
    getMany: answer,
    set: answer,
    setIfAbsent: answer,
    setMany: answer,
    delete: answer,
    touch: answer,
    incrBy: answer,
    deleteByPrefix: answer,
    keysWithPrefix: answer,
    remainingTtl: answer,
    lookup: answer,
    fill: answer,
    releaseLease: answer,
    retireGeneration: answer,
    close: answer,
  };
  return { kind, ...methods };
}

export function rejectingStore(): CacheStore {
  return storeWhereEveryCall('rejecting', () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')));
}

export function hangingStore(): CacheStore {
  return storeWhereEveryCall('hanging', () => new Promise<never>(() => {}));
}
