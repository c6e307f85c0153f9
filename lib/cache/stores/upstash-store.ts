/**
 * CacheStore over `@upstash/redis` (HTTP, the Upstash REST API): Upstash in
 * production, the local REST bridge in front of Redis in development and CI.
 *
 * The client must not JSON-parse replies (automaticDeserialization: false):
 * values are our own serialized strings, and a parse would turn "42" into 42
 * and a superjson document into a plain object.
 */
import { Redis } from '@upstash/redis';
import { globEscape } from '../keys';
import type { CacheStore, FillRequest, LookupRequest, LookupResult } from '../store';
import { FILL, INCR_EXISTING, incrExistingResult, LOOKUP, RELEASE_LEASE, RETIRE, TOUCH, ttlFromPttl } from './lua-scripts';
import { fillCall, fillOutcome, lookupCall, lookupResult, retireCall, retiredGeneration, ttlArgument } from './script-codec';

export type UpstashStoreOptions =
  | {
      url: string;
      token: string;
      /**
       * Aborts an HTTP request after this long (default 2000 ms). The cache
       * gives up on a call much sooner (its timeoutMs); this only stops
       * abandoned requests from piling up while Redis hangs.
       */
      requestTimeoutMs?: number;
    }
  /** A client you built yourself; it must have automaticDeserialization: false. */
  | { client: Redis };

const SCAN_BATCH = 500;

function createClient(options: UpstashStoreOptions): Redis {
  if ('client' in options) return options.client;
  const requestTimeoutMs = options.requestTimeoutMs ?? 2000;
  return new Redis({
    url: options.url,
    token: options.token,
    automaticDeserialization: false,
    enableTelemetry: false,
    // One quick retry covers a keep-alive socket closed under us; the default
    // (5 retries, exponential backoff up to seconds) would only keep doomed
    // requests alive long after the cache stopped waiting for them.
    retry: { retries: 1, backoff: () => 20 },
    signal: () => AbortSignal.timeout(requestTimeoutMs),
  });
}

/** Guards against a client that was built with automaticDeserialization on. */
function asStoredString(reply: unknown): string | null {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === 'string') return reply;
  if (typeof reply === 'number') return String(reply);
  throw new Error('@upstash/redis client must be created with automaticDeserialization: false');
}

export function createUpstashStore(options: UpstashStoreOptions): CacheStore {
  const client = createClient(options);
  const restHost = 'url' in options ? new URL(options.url).host : 'a client of your own';
  // createScript runs EVALSHA and falls back to EVAL when Redis answers NOSCRIPT.
  const scripts = {
    lookup: client.createScript<[string, string | null, string, number | null, number]>(LOOKUP),
    fill: client.createScript<string>(FILL),
    releaseLease: client.createScript<number>(RELEASE_LEASE),
    incrExisting: client.createScript<string | null | [string, string]>(INCR_EXISTING),
    touch: client.createScript<number>(TOUCH),
    retire: client.createScript<string | null>(RETIRE),
  };

  const setWithTtl = (key: string, value: string, ttlMs: number | null) =>
    ttlMs === null ? client.set(key, value) : client.set(key, value, { px: ttlMs });

  /** Each non-empty batch of keys matching prefix (SCAN, never KEYS). */
  async function* scan(prefix: string): AsyncGenerator<string[]> {
    let cursor = '0';
    do {
      const [next, keys] = (await client.scan(cursor, { match: `${globEscape(prefix)}*`, count: SCAN_BATCH })) as [string | number, string[]];
      cursor = String(next);
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }

  return {
    kind: 'upstash',

    async get(key) {
      return asStoredString(await client.get(key));
    },

    async getMany(keys) {
      if (keys.length === 0) return [];
      const replies = await client.mget<unknown[]>(...keys);
      return replies.map(asStoredString);
    },

    async set(key, value, ttlMs) {
      await setWithTtl(key, value, ttlMs);
    },

    async setIfAbsent(key, value, ttlMs) {
      const reply = ttlMs === null ? await client.set(key, value, { nx: true }) : await client.set(key, value, { nx: true, px: ttlMs });
      return reply !== null;
    },

    async setMany(pairs, ttlMs) {
      if (pairs.length === 0) return;
      if (ttlMs === null) {
        await client.mset(Object.fromEntries(pairs));
        return;
      }
      // MSET takes no TTL; MULTI keeps the batch all-or-nothing like MSET.
      const transaction = client.multi();
      for (const [key, value] of pairs) transaction.set(key, value, { px: ttlMs });
      await transaction.exec();
    },

    async delete(keys) {
      if (keys.length === 0) return 0;
      return client.del(...keys);
    },

    async touch(key, ttlMs) {
      return (await scripts.touch.exec([key], [ttlArgument(ttlMs)])) === 1;
    },

    async incrBy(key, delta) {
      return incrExistingResult(key, await scripts.incrExisting.exec([key], [String(delta)]));
    },

    async deleteByPrefix(prefix) {
      let removed = 0;
      // SCAN may return a key twice; DEL counts only what it really removed.
      for await (const keys of scan(prefix)) removed += await client.del(...keys);
      return removed;
    },

    async keysWithPrefix(prefix, limit) {
      const found = new Set<string>();
      for await (const keys of scan(prefix)) {
        for (const key of keys) if (found.size < limit) found.add(key);
        if (found.size >= limit) break;
      }
      return [...found];
    },

    async remainingTtl(key) {
      return ttlFromPttl(Number(await client.pttl(key)));
    },

    async lookup(request: LookupRequest): Promise<LookupResult> {
      const { keys, args } = lookupCall(request);
      const reply = await scripts.lookup.exec(keys, args);
      return lookupResult(request, reply, asStoredString(reply[1]));
    },

    async fill(request: FillRequest) {
      const { keys, args } = fillCall(request);
      return fillOutcome(await scripts.fill.exec(keys, args));
    },

    async releaseLease(key, token) {
      await scripts.releaseLease.exec([key], [token]);
    },

    async retireGeneration(request) {
      // Upstash replicates on its own terms: there is no WAIT to ask for, so none is promised.
      if (request.replicas > 0) throw new Error('the Upstash store cannot wait for Redis replicas (WAIT is not in its REST API)');
      const { keys, args } = retireCall(request);
      return { retired: retiredGeneration(await scripts.retire.exec(keys, args)), replicasAcknowledged: null };
    },

    topology: () => ({ kind: 'rest', primaries: [restHost] }),

    async close() {
      // HTTP is stateless: there is no connection to close, and later calls work as before.
    },
  };
}
