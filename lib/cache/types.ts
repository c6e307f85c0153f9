import type { StoreFailure } from './store-call';
import type { ByteBudget, ByteBudgetOptions } from './byte-budget';
import type { CircuitBreakerOptions, CircuitState } from './circuit-breaker';
import type { CacheEventListener } from './events';
import type { CacheLogger } from './failure-log';
import type { CacheStore, StoreTopology } from './store';

export interface CacheOptions {
  store: CacheStore;
  /** Every key starts with `${prefix}:`; clear() deletes only those. Default 'cache'. */
  prefix?: string;
  /** Seconds; null = never expire. Default 300, as Django. */
  defaultTtlSeconds?: number | null;
  /** Django's VERSION: part of every low-level key. Default 1. */
  version?: number;
  /**
   * Upper bound for every store call; past it the cache gives up (fails open).
   * Measured against the store: a reply that arrived while the event loop was
   * busy is still used (bounded.ts). Default 250.
   */
  timeoutMs?: number;
  /** How long a refill lease lives if its holder never fills (it died). Default 5000. */
  leaseTtlMs?: number;
  /** How long a lease loser waits in total before loading by itself. Default 1500. */
  leaseWaitMs?: number;
  /** How often a lease loser re-reads the entry. Default 25. */
  pollMs?: number;
  /** Where store failures are reported (rate-limited). Default console. */
  logger?: CacheLogger;
  /**
   * Budget of cached()'s in-process copies, in serialized bytes (LRU beyond
   * it). A hit on a copy costs one small generation read instead of fetching
   * and decoding the value. Default 32 MiB; 0 turns the copies off (then each
   * read is one lookup round trip).
   */
  localCopyMaxBytes?: number;
  /** Milliseconds since the epoch, for the local copies' expiry. Default Date.now (tests move a manual clock). */
  now?: () => number;
  /**
   * After failureThreshold (3) consecutive store failures, calls fail at once
   * for openMs (2000) instead of each waiting timeoutMs; then one probe call
   * decides. false turns it off (every call waits out its own timeout).
   */
  circuitBreaker?: Pick<CircuitBreakerOptions, 'failureThreshold' | 'openMs'> | false;
  /**
   * Redis replicates asynchronously: an invalidation the primary acknowledged
   * is lost if the primary dies before a replica has it, and a promoted
   * replica then serves the old generation. With `replicas` > 0, invalidate()
   * waits (Redis WAIT, at most `waitMs`) until that many replicas hold it and
   * says whether they did (InvalidationReceipt.replicated), so the caller can
   * keep a record and redo it (InvalidateOptions.redo). Default { replicas: 0 }:
   * no wait, for one server.
   */
  replication?: { replicas: number; waitMs?: number };
}

/** invalidate()'s options. */
export interface InvalidateOptions {
  /**
   * A redo of retirements a failover (or a split between primaries) may have
   * lost, named by their receipts' tokens: retires the generation only where
   * one of them is missing, so a primary that has them all keeps its newer
   * generation, and one that lacks any (a promoted replica, the other side of
   * a split) retires whatever is current.
   */
  redo?: readonly string[];
}

/** What invalidate() did. */
export interface InvalidationReceipt {
  namespace: string;
  /** The generation it retired; null when none was current (or a redo found every retirement there). */
  retired: string | null;
  /**
   * True when the configured replicas acknowledged it (always, with none
   * configured). False: the primary has it, but a failover now could lose it;
   * redo it (redo: [token]) until it is replicated.
   */
  replicated: boolean;
  /** This retirement's marker, for a redo; null when no replicas are configured (nothing to redo), or for a redo itself. */
  token: string | null;
  /** Replicas that acknowledged within the wait; null when none were asked for. */
  replicasAcknowledged: number | null;
}

/** Per-call options of the low-level API, as Django's `timeout` and `version`. */
export interface CallOptions {
  /** Seconds; null = forever; undefined = the default; <= 0 = expire now. */
  ttl?: number | null;
  version?: number;
}

export interface VersionOption {
  version?: number;
}

export interface CachedOptions {
  /** The unit of invalidation: invalidate(namespace) drops all its entries at once. Default 'default'. */
  namespace?: string;
  ttl?: number | null;
  /**
   * Admission: asked, after the loader ran, whether its value may be stored,
   * with the serialized size in bytes. False (or a throw) serves the value
   * without storing it, and the lease is released. For a byte budget
   * (cache.byteBudget()) that bounds what a class of entries may take in Redis.
   */
  admit?: (bytes: number) => boolean | Promise<boolean>;
}

/**
 * Failure policy (Redis down, slower than timeoutMs, or the circuit open):
 * - cached() serves the loader's result; it never throws because of the cache.
 * - get/getMany return the default / {}; set, add, delete, touch return false,
 *   setMany returns every key as failed, clear returns 0. Each emits an
 *   'error'/'timeout' event and feeds the rate-limited warning.
 * - incr/decr throw CacheStoreError: a counter that silently did not count is a bug.
 * - invalidate throws CacheInvalidationError: the writer must know that readers
 *   may still see pre-write data (until the entry TTL).
 *
 * The caller's mistakes are not store failures (Django raises for them too):
 * they throw CacheValueError at the call, emit no 'error' event and never
 * touch the circuit breaker. They are: a value that cannot be stored (a
 * function, a symbol, a WeakMap, a Promise...: set, add, setMany, getOrSet,
 * cached; nothing is stored), a stored value that cannot be decoded (get,
 * getMany, getOrSet; cached() loads and replaces it instead), and incr/decr
 * of a value that is not an integer.
 */
export interface Cache {
  /** The store's kind ('memory', 'upstash', 'redis'). */
  readonly storeKind: string;

  /**
   * A byte budget shared by every process on this store, for a class of
   * cached() entries: pass its `admit` as CachedOptions.admit (byte-budget.ts).
   */
  byteBudget(options: ByteBudgetOptions): ByteBudget;

  /**
   * The stored value (a stored null or undefined included), else the fallback.
   * Throws CacheValueError when the stored text cannot be decoded (Django
   * raises an unpickling error): returning the fallback would hide a value
   * that hasKey() says is there.
   */
  get<T>(key: string, fallback?: undefined, options?: VersionOption): Promise<T | undefined>;
  get<T>(key: string, fallback: T, options?: VersionOption): Promise<T>;
  /**
   * False when nothing was stored (ttl <= 0 deletes the key instead, or the
   * store failed). Throws CacheValueError for a value that cannot be stored.
   */
  set(key: string, value: unknown, options?: CallOptions): Promise<boolean>;
  /** Stores only if the key is absent. True when stored. Throws CacheValueError as set(). */
  add(key: string, value: unknown, options?: CallOptions): Promise<boolean>;
  /** True when the key existed. */
  delete(key: string, options?: VersionOption): Promise<boolean>;
  /**
   * Django's get_or_set: a get, then add on a miss (a function is called once, on
   * a miss, to produce the value). NOT guarded against writes: a value loaded
   * before a write can be stored after it. For data a write can change, use cached().
   * Throws CacheValueError as get() and add() do.
   */
  getOrSet<T>(key: string, valueOrLoader: T | (() => T | Promise<T>), options?: CallOptions): Promise<T>;
  /** Only the keys that were found, as Django. Throws CacheValueError when one of them cannot be decoded. */
  getMany<T>(keys: readonly string[], options?: VersionOption): Promise<Record<string, T>>;
  /**
   * The keys that could not be stored (Django's set_many return value): all of
   * them when the store failed. Throws CacheValueError, storing none, when one
   * value cannot be stored.
   */
  setMany(values: Record<string, unknown>, options?: CallOptions): Promise<string[]>;
  /** Gives an existing key a new TTL. True when the key exists. */
  touch(key: string, options?: CallOptions): Promise<boolean>;
  /**
   * Adds delta (an integer) and returns the new value, keeping the key's TTL.
   * Throws CacheKeyMissingError when the key does not exist, CacheValueError
   * when its value is not an integer or the result would leave the signed
   * 64-bit range, CacheStoreError when the store fails.
   */
  incr(key: string, delta?: number, options?: VersionOption): Promise<number>;
  decr(key: string, delta?: number, options?: VersionOption): Promise<number>;
  /** Deletes every key under this cache's prefix (never anything else). Number deleted. */
  clear(): Promise<number>;
  /** Django's has_key. False also when the store failed. */
  hasKey(key: string, options?: VersionOption): Promise<boolean>;
  /** Django's delete_many. Number of keys that existed and were removed (0 when the store failed). */
  deleteMany(keys: readonly string[], options?: VersionOption): Promise<number>;
  /**
   * Django's incr_version: moves the value from `version` (default: the cache's)
   * to version + delta, keeping its remaining TTL; returns the new version.
   * Throws CacheKeyMissingError when absent, CacheStoreError when the store fails.
   */
  incrVersion(key: string, delta?: number, options?: VersionOption): Promise<number>;
  decrVersion(key: string, delta?: number, options?: VersionOption): Promise<number>;
  /** Seconds the key has left (django-redis's ttl): null = never expires; undefined = absent (or the store failed). */
  ttl(key: string, options?: VersionOption): Promise<number | null | undefined>;
  /** The stored keys under this cache's prefix, sorted, at most `limit` (1000): a SCAN, for looking around. */
  keys(options?: { limit?: number }): Promise<string[]>;
  /**
   * Releases the store's connection; never throws, and never waits more than
   * about timeoutMs. The cache stays usable: the next call reconnects, as
   * Django's caches do after close() (which Django calls after every request).
   */
  close(): Promise<void>;

  /**
   * The guarded read-through: never returns data older than an invalidate() of
   * its namespace that completed before the call began (docs/cache-design.md),
   * and one load per miss across processes (a lease). Fails open.
   *
   * The value is IMMUTABLE: it may be shared with other callers and other
   * requests of this process. Values served from the in-process copy (the
   * usual hit) are deep-frozen, so assigning to them throws a TypeError;
   * map rows to new objects instead of changing them.
   *
   * A loader that returns a value no store can hold (a function...) is a
   * programming error: CacheValueError, also while the store is down or with
   * ttl 0, so it shows up at once. An entry this cache cannot decode is
   * treated as a miss: loaded again, replaced, reported as 'undecodable'.
   */
  cached<T>(key: string, loader: () => Promise<T>, options?: CachedOptions): Promise<T>;
  /**
   * Call after the write's transaction committed: retires the namespace's
   * generation, so no read that starts afterwards sees an entry of it. Throws
   * CacheInvalidationError when the store fails (nothing is known to have
   * changed). With CacheOptions.replication, says whether replicas have it.
   */
  invalidate(namespace: string, options?: InvalidateOptions): Promise<InvalidationReceipt>;

  onEvent(listener: CacheEventListener): () => void;
  /**
   * Called once for every store call that failed, timed out or was skipped by
   * the open circuit (fail open hides those from the caller): for code whose
   * correctness depends on knowing, such as an invalidation outbox that must
   * read the database until it has caught up. Also called when the store
   * loses a connection (operation 'connection'): the next one may reach a
   * newly promoted primary. Returns the unsubscribe.
   */
  onStoreFailure(listener: (failure: StoreFailure) => void): () => void;

  /** The store's topology and the primaries it is connected to now (for health reports). */
  storeTopology(): StoreTopology;

  /** The circuit breaker's state ('closed' when it is turned off). */
  circuitState(): CircuitState;

  /** One store round trip, bounded by timeoutMs. Throws CacheStoreError when the store is down or hangs. */
  ping(): Promise<void>;
}
