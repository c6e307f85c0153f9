/** The cache library's public API (README.md beside this file). It knows nothing of the app that uses it. */
export { createCache } from './cache';
export type { ByteBudget, ByteBudgetOptions } from './byte-budget';
export type { StoreFailure } from './store-call';
export type { Cache, CacheOptions, CachedOptions, CallOptions, InvalidateOptions, InvalidationReceipt, VersionOption } from './types';
export type { CircuitState } from './circuit-breaker';
export type { CacheEvent, CacheEventListener, CacheOp, CacheResult } from './events';
export type { CacheLogger } from './failure-log';
export { CacheError, CacheInvalidationError, CacheKeyMissingError, CacheStoreError, CacheValueError } from './errors';
export type { CacheStore, FillRequest, LookupRequest, LookupResult, RetireRequest, RetireResult, StoreTopology } from './store';
export { createMemoryStore, type MemoryStoreOptions } from './stores/memory-store';
export { createUpstashStore, type UpstashStoreOptions } from './stores/upstash-store';
export { createRedisStore, type RedisStoreOptions } from './stores/redis-store';
export { serialize, deserialize } from './serialize';
/** How the library names its keys in the store (for tools and tests that look at Redis directly). */
export * as cacheKeys from './keys';
