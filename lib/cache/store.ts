/**
 * The storage contract every cache backend fulfils (native Redis, Upstash REST, in-memory).
 *
 * Values are opaque strings here: serialization (Dates, exact decimals) lives
 * above the store, so each backend only has to move strings and honour TTLs.
 * TTLs are milliseconds, always > 0; `null` means "never expires". (The cache
 * turns Django's "ttl <= 0" into a delete before it reaches a store.)
 *
 * The last four methods are the atomic steps of a generation-guarded,
 * lease-protected read-through (see read-through.ts). Each must be atomic on
 * its backend: one Lua script on Redis, one synchronous step in memory.
 */
export interface CacheStore {
  /** 'memory', 'upstash' or 'redis' — shown in logs, the dev overlay and test names. */
  readonly kind: string;

  get(key: string): Promise<string | null>;
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  set(key: string, value: string, ttlMs: number | null): Promise<void>;
  /** Stores only when the key is absent (Django's `add`). True when stored. */
  setIfAbsent(key: string, value: string, ttlMs: number | null): Promise<boolean>;
  setMany(entries: ReadonlyArray<readonly [string, string]>, ttlMs: number | null): Promise<void>;
  /** Number of keys that existed and were removed. */
  delete(keys: readonly string[]): Promise<number>;
  /** Resets the TTL of an existing key. False when the key does not exist. */
  touch(key: string, ttlMs: number | null): Promise<boolean>;
  /**
   * Adds delta to an integer value, keeping its TTL. Null when the key does not
   * exist. Throws CacheValueError (errors.ts, notAnIntegerError) when the value
   * is not an integer or the result would leave the signed 64-bit range: the
   * caller's mistake, which the cache never counts as a store failure.
   */
  incrBy(key: string, delta: number): Promise<number | null>;
  /** Removes every key starting with prefix (never anything else). Number removed. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** Up to `limit` keys starting with prefix, in no particular order (a SCAN on Redis). */
  keysWithPrefix(prefix: string, limit: number): Promise<string[]>;
  /** The key's remaining lifetime in ms: null when it never expires, undefined when it does not exist. */
  remainingTtl(key: string): Promise<number | null | undefined>;

  /**
   * One round trip for a read-through lookup:
   * 1. read the namespace generation at `generationKey`; when absent, store
   *    `candidateGeneration` there (only if still absent) and use whatever is
   *    stored, reporting whether it started it (`generationStarted`);
   * 2. read the entry at `${entryPrefix}${generation}:${entrySuffix}`;
   * 3. when the entry is missing, try to take the lease at
   *    `${entryPrefix}${generation}!lease:${entrySuffix}` (set-if-absent with
   *    `leaseToken`, expiring after leaseTtlMs). The '!' (never part of a
   *    generation) keeps lease keys apart from every entry key, whatever the
   *    suffix; keys.ts builds both.
   * On a hit it also reports how long the entry has left (`valueTtlMs`), so a
   * process-local copy never outlives the entry it copies.
   *
   * A waiter polls the entry and the lease together with `getMany`, one round trip.
   */
  lookup(request: LookupRequest): Promise<LookupResult>;

  /**
   * Stores a refill, but only while the namespace generation still equals
   * `generation` (otherwise a write happened since the read began: 'stale').
   * Releases the lease when `leaseToken` still holds it.
   */
  fill(request: FillRequest): Promise<'stored' | 'stale'>;

  /** Releases a lease only if `leaseToken` still holds it (a loader failed). */
  releaseLease(leaseKey: string, leaseToken: string): Promise<void>;

  /**
   * Retires the namespace's generation: deletes the generation key, so every
   * entry of it becomes unreachable and the next lookup starts a new random
   * one. A delete, never a write of a new id, so a Redis that refuses writes
   * once full (maxmemory-policy noeviction) still accepts it: a committed
   * write can always be made visible.
   *
   * Retirement markers make a retirement checkable on another primary: each
   * is written with it, in the same atomic step, so a primary holds a marker
   * exactly when its history holds that retirement. `unlessMarked` (a redo
   * after a failover, or on the other side of a split) deletes the generation
   * only when one of the markers is missing there. With `replicas` > 0 it then
   * waits, at most `replicaWaitMs`, until that many replicas hold the result
   * (Redis WAIT, on a connection of its own, so no other call waits behind it).
   */
  retireGeneration(request: RetireRequest): Promise<RetireResult>;

  /**
   * Subscribes to the loss of a connection (the socket closed, a failover was
   * announced, a cluster node left): the store may come back talking to
   * another primary, which may lack recent writes. Stores without connections
   * leave it out. Returns the unsubscribe.
   */
  onConnectionLost?(listener: () => void): () => void;

  /** Where the store's data lives, for health reports: its topology and the primaries it talks to now. */
  topology?(): StoreTopology;

  /**
   * Releases what the store holds (a connection). The store stays usable: a
   * later call opens what it needs again, as Django's caches do after close().
   * Must leave nothing (socket, timer) that keeps the process alive.
   */
  close(): Promise<void>;
}

export interface LookupRequest {
  generationKey: string;
  candidateGeneration: string;
  entryPrefix: string;
  entrySuffix: string;
  leaseToken: string;
  leaseTtlMs: number;
}

export interface LookupResult {
  generation: string;
  entryKey: string;
  leaseKey: string;
  value: string | null;
  /** 'acquired' when this caller now holds the lease; 'held' when another does; 'none' on a hit. */
  lease: 'acquired' | 'held' | 'none';
  /**
   * On a hit: the entry's remaining TTL in ms (Redis PTTL), null when it never
   * expires. Undefined when the store does not say; the cache then assumes
   * the read's own TTL.
   */
  valueTtlMs?: number | null;
  /**
   * True when this lookup found no generation and stored `candidateGeneration`
   * (the namespace's first read, or the first after an invalidate retired the
   * old one). Undefined when the store does not say. Tools (the dev overlay)
   * use it to tell "the generation moved" from "the entry expired".
   */
  generationStarted?: boolean;
}

export interface FillRequest {
  generationKey: string;
  generation: string;
  entryKey: string;
  leaseKey: string;
  leaseToken: string | null;
  value: string;
  ttlMs: number | null;
}

export interface RetireRequest {
  generationKey: string;
  /** Markers to write with the retirement (in the generation's slot); none when nothing will check. */
  markerKeys: readonly string[];
  /** Delete the generation only when one of markerKeys is missing on this primary. */
  unlessMarked: boolean;
  /** How long a marker lives, in ms. */
  markerTtlMs: number;
  /** Replicas that must acknowledge; 0 = do not wait. */
  replicas: number;
  /** The longest wait for them, in ms. */
  replicaWaitMs: number;
}

export interface RetireResult {
  /** The generation this call deleted; null when none was current (or every marker was there). */
  retired: string | null;
  /** How many replicas acknowledged within the wait; null when none were asked for. */
  replicasAcknowledged: number | null;
}

export interface StoreTopology {
  /** 'memory', 'server' (one Redis), 'sentinel', 'cluster' or 'rest' (Upstash). */
  kind: 'memory' | 'server' | 'sentinel' | 'cluster' | 'rest';
  /** host:port of each primary a connection is open to now (every master of a cluster); empty while disconnected. */
  primaries: string[];
}
