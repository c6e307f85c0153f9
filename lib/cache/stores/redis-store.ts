/**
 * CacheStore over a native Redis connection (ioredis, RESP over TCP): for a
 * Node host next to its own Redis (REDIS_URL). Same key layout and the same
 * Lua scripts as the Upstash store, so the two are interchangeable on one
 * Redis; a command costs a few microseconds of CPU instead of an HTTP request.
 *
 * Failure behaviour, which the cache's fail-open path relies on:
 * - commands wait in ioredis's offline queue only until the first connection
 *   is ready; after that, a command while disconnected fails at once instead
 *   of piling up behind a Redis that is gone;
 * - a command that gets no answer fails after commandTimeoutMs (a hung Redis);
 *   the cache itself gives up much sooner (its timeoutMs).
 */
import Redis from 'ioredis';
import { entryKey, globEscape, leaseKey } from '../keys';
import type { CacheStore, FillRequest, LookupRequest, LookupResult } from '../store';
import { FILL, INCR_EXISTING, LOOKUP, RELEASE_LEASE, TOUCH, ttlFromPttl } from './lua-scripts';

export interface RedisStoreOptions {
  /** redis://[user:password@]host:port[/db], or rediss:// for TLS. */
  url: string;
  /** Fails a command Redis has not answered after this long (default 2000 ms). */
  commandTimeoutMs?: number;
}

type ScriptCall<T> = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<T>;

interface ScriptedRedis extends Redis {
  catalogLookup: ScriptCall<[string, string | null, string, number?]>;
  catalogFill: ScriptCall<string>;
  catalogReleaseLease: ScriptCall<number>;
  catalogIncrExisting: ScriptCall<number | null>;
  catalogTouch: ScriptCall<number>;
}

const SCAN_BATCH = 500;

function connect(options: RedisStoreOptions): ScriptedRedis {
  const client = new Redis(options.url, {
    commandTimeout: options.commandTimeoutMs ?? 2000,
    maxRetriesPerRequest: 1,
    // Reconnect quickly, then every second while Redis stays away.
    retryStrategy: (attempt) => Math.min(50 * attempt, 1000),
  }) as ScriptedRedis;
  client.once('ready', () => {
    client.options.enableOfflineQueue = false;
  });
  // An outage is reported by the failing calls (and the cache's events); without a
  // listener, ioredis would print every reconnect attempt as an unhandled error.
  client.on('error', () => {});
  // defineCommand sends EVALSHA and falls back to EVAL when Redis answers NOSCRIPT.
  client.defineCommand('catalogLookup', { lua: LOOKUP });
  client.defineCommand('catalogFill', { lua: FILL });
  client.defineCommand('catalogReleaseLease', { lua: RELEASE_LEASE });
  client.defineCommand('catalogIncrExisting', { lua: INCR_EXISTING });
  client.defineCommand('catalogTouch', { lua: TOUCH });
  return client;
}

const ttlArgument = (ttlMs: number | null) => (ttlMs === null ? '' : String(ttlMs));

/** The PTTL reply inside LOOKUP: -1 = the key never expires; absent on a miss. */
function lookupTtl(pttl: number | undefined): number | null | undefined {
  if (pttl === undefined || pttl === null) return undefined;
  return pttl < 0 ? null : pttl;
}

/** Opens a connection to the Redis at options.url; close() quits it. */
export function createRedisStore(options: RedisStoreOptions): CacheStore {
  const client = connect(options);

  const setWithTtl = (key: string, value: string, ttlMs: number | null) => (ttlMs === null ? client.set(key, value) : client.set(key, value, 'PX', ttlMs));

  return {
    kind: 'redis',

    get: (key) => client.get(key),

    async getMany(keys) {
      return keys.length === 0 ? [] : client.mget(...keys);
    },

    async set(key, value, ttlMs) {
      await setWithTtl(key, value, ttlMs);
    },

    async setIfAbsent(key, value, ttlMs) {
      const reply = ttlMs === null ? await client.set(key, value, 'NX') : await client.set(key, value, 'PX', ttlMs, 'NX');
      return reply !== null;
    },

    async setMany(pairs, ttlMs) {
      if (pairs.length === 0) return;
      // MSET takes no TTL; MULTI keeps a batch with one all-or-nothing like MSET.
      if (ttlMs === null) await client.mset(...pairs.flat());
      else await client.multi(pairs.map(([key, value]) => ['set', key, value, 'PX', String(ttlMs)])).exec();
    },

    async delete(keys) {
      return keys.length === 0 ? 0 : client.del(...keys);
    },

    async touch(key, ttlMs) {
      return (await client.catalogTouch(1, key, ttlArgument(ttlMs))) === 1;
    },

    async incrBy(key, delta) {
      const reply = await client.catalogIncrExisting(1, key, String(delta));
      return reply === null || reply === undefined ? null : Number(reply);
    },

    async deleteByPrefix(prefix) {
      let removed = 0;
      // SCAN may return a key twice; DEL counts only what it really removed.
      for await (const keys of client.scanStream({ match: `${globEscape(prefix)}*`, count: SCAN_BATCH }) as AsyncIterable<string[]>) {
        if (keys.length > 0) removed += await client.del(...keys);
      }
      return removed;
    },

    async keysWithPrefix(prefix, limit) {
      const found = new Set<string>();
      for await (const keys of client.scanStream({ match: `${globEscape(prefix)}*`, count: SCAN_BATCH }) as AsyncIterable<string[]>) {
        for (const key of keys) if (found.size < limit) found.add(key);
        if (found.size >= limit) break;
      }
      return [...found];
    },

    async remainingTtl(key) {
      return ttlFromPttl(await client.pttl(key));
    },

    async lookup(request: LookupRequest): Promise<LookupResult> {
      const [generation, value, lease, pttl] = await client.catalogLookup(
        1,
        request.generationKey,
        request.candidateGeneration,
        request.entryPrefix,
        request.entrySuffix,
        request.leaseToken,
        String(request.leaseTtlMs),
      );
      return {
        generation,
        entryKey: entryKey(request.entryPrefix, generation, request.entrySuffix),
        leaseKey: leaseKey(request.entryPrefix, generation, request.entrySuffix),
        value: value ?? null,
        lease: lease as LookupResult['lease'],
        valueTtlMs: lookupTtl(pttl),
      };
    },

    async fill(request: FillRequest) {
      const outcome = await client.catalogFill(
        3,
        request.generationKey,
        request.entryKey,
        request.leaseKey,
        request.generation,
        request.value,
        ttlArgument(request.ttlMs),
        request.leaseToken ?? '',
      );
      return outcome === 'stored' ? 'stored' : 'stale';
    },

    async releaseLease(key, token) {
      await client.catalogReleaseLease(1, key, token);
    },

    async setGeneration(generationKey, generation) {
      await client.set(generationKey, generation);
    },

    async close() {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
