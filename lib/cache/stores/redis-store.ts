/**
 * CacheStore over a native Redis connection (ioredis, RESP over TCP): for a
 * Node host next to its own Redis. Three topologies (redis-connection.ts):
 * one server (url), a primary with replicas behind Redis Sentinel (sentinels
 * and the primary's name), and a Redis Cluster (clusterNodes). Same key
 * layout and the same Lua scripts as the Upstash store, so the two are
 * interchangeable on one Redis; a command costs a few microseconds of CPU
 * instead of an HTTP request.
 *
 * Every read and write goes to a primary (ioredis's default role): the
 * generation must come from where invalidations land. On a cluster, the
 * read-through's keys of one namespace share a hash tag (keys.ts), so its
 * scripts run in one slot.
 *
 * Failure behaviour, which the cache's fail-open path relies on:
 * - commands wait in ioredis's offline queue only until the first connection
 *   is ready; after that, a command while disconnected fails at once instead
 *   of piling up behind a Redis that is gone;
 * - a command that gets no answer fails after commandTimeoutMs (a hung Redis);
 *   the cache itself gives up much sooner (its timeoutMs);
 * - every lost connection is reported (onConnectionLost): after a failover
 *   the next connection may reach a primary that lacks recent writes.
 */
import { Cluster } from 'ioredis';
import { globEscape } from '../keys';
import type { CacheStore, FillRequest, LookupRequest, LookupResult, RetireRequest, RetireResult } from '../store';
import { incrExistingResult, ttlFromPttl } from './lua-scripts';
import { connectRedis, keyNodes, primariesOf, type RedisConnection, type RedisStoreOptions, type ScriptedPipeline } from './redis-connection';
import { fillCall, fillOutcome, lookupCall, lookupResult, retireCall, retiredGeneration, ttlArgument, type ScriptCall } from './script-codec';

export type { RedisStoreOptions } from './redis-connection';

const SCAN_BATCH = 500;

/** Cluster answers that mean "not here, or not now": the slot moved or is moving. */
const REDIRECTED = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN) /;

/** A script's KEYS and ARGV as defineCommand's commands take them. */
const scriptArguments = ({ keys, args }: ScriptCall): [number, ...string[]] => [keys.length, ...keys, ...args];

/**
 * Opens a connection to the Redis the options name. close() quits it (or
 * drops it, when Redis does not answer); the next call connects again, so a
 * closed store keeps working, as Django's caches do.
 */
export function createRedisStore(options: RedisStoreOptions): CacheStore {
  const lostListeners = new Set<() => void>();
  const connectionLost = () => {
    for (const listener of lostListeners) listener();
  };
  let client: RedisConnection | null = null;
  /**
   * Retirements that wait for replicas (WAIT blocks its connection) go on a
   * connection of their own, opened on the first such call: no read waits
   * behind a WAIT.
   */
  let retirements: RedisConnection | null = null;
  /**
   * The live connection, or a new one after close(), or after ioredis gave a
   * connection up for good (status 'end': seen once a Sentinel failover ended
   * one for good), so a store never stays dead while Redis is back.
   */
  const usable = (connection: RedisConnection | null) => (connection && connection.status !== 'end' ? connection : null);
  const open = (): RedisConnection => (client = usable(client) ?? connectRedis(options, connectionLost));
  const openRetirements = (): RedisConnection =>
    (retirements = usable(retirements) ?? connectRedis({ ...options, connectionName: `${options.connectionName ?? 'cache'}:retire` }, connectionLost));
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

  /**
   * RETIRE and WAIT in one pipeline on the retirements' connection: on a
   * cluster the pipeline goes to the node of the generation's slot, so the
   * WAIT asks that shard's replicas. A cluster whose slot moved (a failover)
   * answers MOVED; ioredis does not follow that for a pipeline in which
   * another command (the WAIT) succeeded, so the slots are refreshed here
   * and the pipeline sent again. Nothing ran where MOVED was answered.
   */
  async function retireAndWait(request: RetireRequest, attempt = 0): Promise<RetireResult> {
    const connection = openRetirements();
    const replies = await (connection.pipeline() as ScriptedPipeline)
      .cacheRetireAllowOom(...scriptArguments(retireCall(request)))
      .wait(request.replicas, request.replicaWaitMs)
      .exec();
    const [retire, wait] = replies ?? [];
    const failed = retire?.[0] ?? wait?.[0];
    if (failed && connection instanceof Cluster && REDIRECTED.test(failed.message) && attempt < 5) {
      await new Promise<void>((resolve) => connection.refreshSlotsCache(() => setTimeout(resolve, 20 * (attempt + 1))));
      return retireAndWait(request, attempt + 1);
    }
    if (failed) throw failed;
    return { retired: retiredGeneration(retire?.[1]), replicasAcknowledged: Number(wait?.[1]) };
  }

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

    async retireGeneration(request) {
      if (request.replicas > 0) return retireAndWait(request);
      return { retired: retiredGeneration(await open().cacheRetire(...scriptArguments(retireCall(request)))), replicasAcknowledged: null };
    },

    onConnectionLost(listener) {
      const subscription = () => listener();
      lostListeners.add(subscription);
      return () => lostListeners.delete(subscription);
    },

    topology() {
      const kind = cluster ? 'cluster' : 'sentinels' in options ? 'sentinel' : 'server';
      return { kind, primaries: client ? primariesOf(client) : [] };
    },

    async close() {
      const closing = [client, retirements];
      client = null;
      retirements = null;
      // QUIT lets replies already on their way arrive; when Redis does not
      // answer (down, or the client gave up waiting), drop the socket and the
      // reconnect timer, so nothing keeps the process alive.
      await Promise.all(closing.map((connection) => connection?.close()));
    },
  };
}
