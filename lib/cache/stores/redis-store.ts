/**
 * CacheStore over a native Redis connection (ioredis, RESP over TCP): for a
 * Node host next to its own Redis (REDIS_URL). Same key layout and the same
 * Lua scripts as the Upstash store, so the two are interchangeable on one
 * Redis; a command costs a few microseconds of CPU instead of an HTTP request.
 *
 * On a Redis Cluster (clusterNodes), the read-through's keys of one namespace
 * share a hash tag (keys.ts), so its scripts run in one slot.
 *
 * Failure behaviour, which the cache's fail-open path relies on:
 * - commands wait in ioredis's offline queue only until the first connection
 *   is ready; after that, a command while disconnected fails at once instead
 *   of piling up behind a Redis that is gone;
 * - a command that gets no answer fails after commandTimeoutMs (a hung Redis);
 *   the cache itself gives up much sooner (its timeoutMs).
 */
import Redis, { Cluster } from 'ioredis';
import { globEscape } from '../keys';
import type { CacheStore, FillRequest, LookupRequest, LookupResult } from '../store';
import { FILL, INCR_EXISTING, incrExistingResult, LOOKUP, RELEASE_LEASE, TOUCH, ttlFromPttl } from './lua-scripts';
import { fillCall, fillOutcome, lookupCall, lookupResult, ttlArgument, type ScriptCall as ScriptArguments } from './script-codec';

export type RedisStoreOptions = (
  | {
      /** redis://[user:password@]host:port[/db], or rediss:// for TLS. */
      url: string;
    }
  | {
      /**
       * A Redis Cluster: some of its nodes (redis://host:port). Multi-key calls of the
       * low-level API (getMany, setMany, deleteMany) then go key by key, so a cluster's
       * setMany is not all-or-nothing; read-through keys share their namespace's slot.
       */
      clusterNodes: string[];
    }
) & {
  /** Fails a command Redis has not answered after this long (default 2000 ms). */
  commandTimeoutMs?: number;
  /** The name its connections give themselves (CLIENT SETNAME), so CLIENT LIST tells them apart. */
  connectionName?: string;
};

type ScriptCall<T> = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<T>;

type Client = Redis | Cluster;

type ScriptedRedis = Client & {
  cacheLookup: ScriptCall<[string, string | null, string, number | null, number]>;
  cacheFill: ScriptCall<string>;
  cacheReleaseLease: ScriptCall<number>;
  cacheIncrExisting: ScriptCall<string | null | [string, string]>;
  cacheTouch: ScriptCall<number>;
};

const SCAN_BATCH = 500;

function connect(options: RedisStoreOptions): ScriptedRedis {
  const connection = {
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectionName: options.connectionName,
    maxRetriesPerRequest: 1,
    // Reconnect quickly, then every second while Redis stays away.
    retryStrategy: (attempt: number) => Math.min(50 * attempt, 1000),
  };
  const client = (
    'url' in options
      ? new Redis(options.url, connection)
      : new Cluster(
          options.clusterNodes.map((node) => {
            const { hostname, port } = new URL(node);
            return { host: hostname, port: Number(port || 6379) };
          }),
          { redisOptions: connection, clusterRetryStrategy: connection.retryStrategy, enableAutoPipelining: true },
        )
  ) as ScriptedRedis;
  client.once('ready', () => {
    client.options.enableOfflineQueue = false;
  });
  // An outage is reported by the failing calls (and the cache's events); without a
  // listener, ioredis would print every reconnect attempt as an unhandled error.
  client.on('error', () => {});
  // defineCommand sends EVALSHA and falls back to EVAL when Redis answers NOSCRIPT.
  client.defineCommand('cacheLookup', { lua: LOOKUP });
  client.defineCommand('cacheFill', { lua: FILL });
  client.defineCommand('cacheReleaseLease', { lua: RELEASE_LEASE });
  client.defineCommand('cacheIncrExisting', { lua: INCR_EXISTING });
  client.defineCommand('cacheTouch', { lua: TOUCH });
  return client;
}

/** A script's KEYS and ARGV as defineCommand's commands take them. */
const scriptArguments = ({ keys, args }: ScriptArguments): [number, ...string[]] => [keys.length, ...keys, ...args];

/** Every node that holds keys: one for a single Redis, each master of a cluster. */
async function keyNodes(client: Client): Promise<Redis[]> {
  if (!(client instanceof Cluster)) return [client];
  // A cluster client learns its nodes once connected; until then it lists none,
  // and a SCAN right after (re)connecting would find nothing. The PING waits for that.
  if (client.status !== 'ready') await client.ping();
  return client.nodes('master');
}

/**
 * Opens a connection to the Redis at options.url (or the cluster). close()
 * quits it (or drops it, when Redis does not answer); the next call connects
 * again, so a closed store keeps working, as Django's caches do.
 */
export function createRedisStore(options: RedisStoreOptions): CacheStore {
  let client: ScriptedRedis | null = connect(options);
  /** The live connection, or a new one after close(). */
  const open = (): ScriptedRedis => (client ??= connect(options));
  const cluster = 'clusterNodes' in options;

  /** Each key matching prefix, node by node (SCAN, never KEYS), until `limit`. */
  async function* scan(prefix: string, limit = Number.POSITIVE_INFINITY): AsyncGenerator<string[]> {
    let found = 0;
    for (const node of await keyNodes(open())) {
      for await (const keys of node.scanStream({ match: `${globEscape(prefix)}*`, count: SCAN_BATCH }) as AsyncIterable<string[]>) {
        const taken = keys.slice(0, limit - found);
        found += taken.length;
        if (taken.length > 0) yield taken;
        if (found >= limit) return;
      }
    }
  }

  /** DEL of keys that may sit in different slots: one DEL per key on a cluster. */
  const deleteKeys = async (keys: readonly string[]) =>
    cluster ? (await Promise.all(keys.map((key) => open().del(key)))).reduce((sum, removed) => sum + removed, 0) : open().del(...keys);

  const setWithTtl = (key: string, value: string, ttlMs: number | null) => (ttlMs === null ? open().set(key, value) : open().set(key, value, 'PX', ttlMs));

  return {
    kind: 'redis',

    get: (key) => open().get(key),

    async getMany(keys) {
      if (keys.length === 0) return [];
      return cluster ? Promise.all(keys.map((key) => open().get(key))) : open().mget(...keys);
    },

    async set(key, value, ttlMs) {
      await setWithTtl(key, value, ttlMs);
    },

    async setIfAbsent(key, value, ttlMs) {
      const reply = ttlMs === null ? await open().set(key, value, 'NX') : await open().set(key, value, 'PX', ttlMs, 'NX');
      return reply !== null;
    },

    async setMany(pairs, ttlMs) {
      if (pairs.length === 0) return;
      if (cluster) {
        await Promise.all(pairs.map(([key, value]) => setWithTtl(key, value, ttlMs)));
        return;
      }
      // MSET takes no TTL; MULTI keeps a batch with one all-or-nothing like MSET.
      if (ttlMs === null) await open().mset(...pairs.flat());
      else await open().multi(pairs.map(([key, value]) => ['set', key, value, 'PX', String(ttlMs)])).exec();
    },

    async delete(keys) {
      return keys.length === 0 ? 0 : deleteKeys(keys);
    },

    async touch(key, ttlMs) {
      return (await open().cacheTouch(1, key, ttlArgument(ttlMs))) === 1;
    },

    async incrBy(key, delta) {
      return incrExistingResult(key, await open().cacheIncrExisting(1, key, String(delta)));
    },

    async deleteByPrefix(prefix) {
      let removed = 0;
      // SCAN may return a key twice; DEL counts only what it really removed.
      for await (const keys of scan(prefix)) removed += await deleteKeys(keys);
      return removed;
    },

    async keysWithPrefix(prefix, limit) {
      const found = new Set<string>();
      for await (const keys of scan(prefix, limit)) for (const key of keys) found.add(key);
      return [...found];
    },

    async remainingTtl(key) {
      return ttlFromPttl(await open().pttl(key));
    },

    async lookup(request: LookupRequest): Promise<LookupResult> {
      const reply = await open().cacheLookup(...scriptArguments(lookupCall(request)));
      return lookupResult(request, reply, reply[1] ?? null);
    },

    async fill(request: FillRequest) {
      return fillOutcome(await open().cacheFill(...scriptArguments(fillCall(request))));
    },

    async releaseLease(key, token) {
      await open().cacheReleaseLease(1, key, token);
    },

    async retireGeneration(generationKey) {
      await open().del(generationKey);
    },

    async close() {
      const closing = client;
      client = null;
      // QUIT lets replies already on their way arrive; when Redis does not
      // answer (down, or the client gave up waiting), drop the socket and the
      // reconnect timer, so nothing keeps the process alive.
      await closing?.quit().catch(() => closing.disconnect());
    },
  };
}
