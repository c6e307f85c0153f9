/**
 * The ioredis connection behind the native store, for each topology Redis
 * comes in: one server, a primary with replicas behind Redis Sentinel, or a
 * Redis Cluster. It defines the Lua scripts as commands (EVALSHA, EVAL on
 * NOSCRIPT) and reports every connection it loses, which the cache needs to
 * know: the next connection may reach a newly promoted primary that lacks
 * the writes the old one acknowledged last.
 */
import Redis, { Cluster, type ChainableCommander } from 'ioredis';
import { FILL, INCR_EXISTING, LOOKUP, RELEASE_LEASE, RETIRE, RETIRE_ALLOW_OOM, TOUCH } from './lua-scripts';

/** host and port of a Redis (or Sentinel) process. */
export interface RedisAddress {
  host: string;
  port: number;
}

export type RedisStoreOptions = (
  | {
      /** One server: redis://[user:password@]host:port[/db], or rediss:// for TLS. */
      url: string;
    }
  | {
      /**
       * Redis Sentinel: where the sentinels listen, and the name they know the
       * primary by (`sentinel monitor <name> …`). The store asks them for the
       * primary, follows a failover (a sentinel's +switch-master) and checks
       * that the server it reached really is the primary.
       */
      sentinels: RedisAddress[];
      masterName: string;
      /** For the sentinels themselves (`requirepass` in sentinel.conf). */
      sentinelPassword?: string;
      /** For the primary (and its replicas). */
      password?: string;
      username?: string;
    }
  | {
      /**
       * A Redis Cluster: some of its nodes (redis://host:port). Multi-key calls of the
       * low-level API (getMany, setMany, deleteMany) then go key by key, so a cluster's
       * setMany is not all-or-nothing; read-through keys share their namespace's slot.
       */
      clusterNodes: string[];
      password?: string;
      username?: string;
    }
) & {
  /** Fails a command Redis has not answered after this long (default 2000 ms). */
  commandTimeoutMs?: number;
  /** The name its connections give themselves (CLIENT SETNAME), so CLIENT LIST tells them apart. */
  connectionName?: string;
};

type Script<T> = (numberOfKeys: number, ...keysAndArgs: string[]) => Promise<T>;

interface Scripts {
  cacheLookup: Script<[string, string | null, string, number | null, number]>;
  cacheFill: Script<string>;
  cacheReleaseLease: Script<number>;
  cacheIncrExisting: Script<string | null | [string, string]>;
  cacheTouch: Script<number>;
  cacheRetire: Script<string | null>;
}

export type ScriptedPipeline = ChainableCommander & {
  cacheRetireAllowOom(numberOfKeys: number, ...keysAndArgs: string[]): ScriptedPipeline;
};

/** A connection with the cache's scripts as commands, and close(). */
export type RedisConnection = (Redis | Cluster) &
  Scripts & {
    /** QUIT (or drop the socket when Redis does not answer); reports no loss. */
    close(): Promise<void>;
  };

// Reconnect quickly, then every second while Redis stays away.
const retryStrategy = (attempt: number) => Math.min(50 * attempt, 1000);

/** A promoted replica answers writes with READONLY until a client moves on: reconnect, to the new primary. */
const reconnectOnError = (error: Error) => error.message.startsWith('READONLY');

function client(options: RedisStoreOptions): Redis | Cluster {
  const connection = {
    commandTimeout: options.commandTimeoutMs ?? 2000,
    connectionName: options.connectionName,
    maxRetriesPerRequest: 1,
    retryStrategy,
    reconnectOnError,
  };
  if ('url' in options) return new Redis(options.url, connection);
  if ('sentinels' in options) {
    return new Redis({
      ...connection,
      sentinels: options.sentinels,
      name: options.masterName,
      role: 'master',
      sentinelPassword: options.sentinelPassword,
      password: options.password,
      username: options.username,
      sentinelRetryStrategy: retryStrategy,
      // Subscribes to +switch-master: a failover ends the old connection at once,
      // instead of when the old primary stops answering.
      failoverDetector: true,
    });
  }
  return new Cluster(
    options.clusterNodes.map((node) => {
      const { hostname, port } = new URL(node);
      return { host: hostname, port: Number(port || 6379) };
    }),
    {
      redisOptions: { ...connection, password: options.password, username: options.username },
      clusterRetryStrategy: retryStrategy,
      enableAutoPipelining: true,
    },
  );
}

/**
 * Opens a connection for `options`; `onLost` is called each time a connection
 * that was ready closes (a cluster: any node's), except by close().
 */
export function connectRedis(options: RedisStoreOptions, onLost: () => void): RedisConnection {
  const redis = client(options) as RedisConnection;
  let closing = false;
  redis.once('ready', () => {
    redis.options.enableOfflineQueue = false;
  });
  // An outage is reported by the failing calls (and the cache's events); without a
  // listener, ioredis would print every reconnect attempt as an unhandled error.
  redis.on('error', () => {});
  // Only a connection that was ready counts as lost: a node the cluster client drops while it
  // learns the topology (a replica it will not use), or an attempt that never connected, held no data.
  const whenLost = (connection: Redis) => {
    let ready = connection.status === 'ready';
    connection.on('ready', () => (ready = true));
    connection.on('close', () => {
      if (ready && !closing) onLost();
      ready = false;
    });
  };
  if (redis instanceof Cluster) redis.on('+node', whenLost);
  else whenLost(redis);
  // defineCommand sends EVALSHA and falls back to EVAL when Redis answers NOSCRIPT.
  redis.defineCommand('cacheLookup', { lua: LOOKUP });
  redis.defineCommand('cacheFill', { lua: FILL });
  redis.defineCommand('cacheReleaseLease', { lua: RELEASE_LEASE });
  redis.defineCommand('cacheIncrExisting', { lua: INCR_EXISTING });
  redis.defineCommand('cacheTouch', { lua: TOUCH });
  redis.defineCommand('cacheRetire', { lua: RETIRE });
  redis.defineCommand('cacheRetireAllowOom', { lua: RETIRE_ALLOW_OOM });
  redis.close = async () => {
    closing = true;
    await redis.quit().catch(() => redis.disconnect());
  };
  return redis;
}

/** Every node that holds keys: one for a single Redis, each master of a cluster. */
export async function keyNodes(redis: Redis | Cluster): Promise<Redis[]> {
  if (!(redis instanceof Cluster)) return [redis];
  // A cluster client learns its nodes once connected; until then it lists none,
  // and a SCAN right after (re)connecting would find nothing. The PING waits for that.
  if (redis.status !== 'ready') await redis.ping();
  return redis.nodes('master');
}

/** host:port of the primaries `redis` is connected to now (each master of a cluster); empty while disconnected. */
export function primariesOf(redis: Redis | Cluster): string[] {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  return nodes
    .filter((node) => node.status === 'ready' && node.stream?.remoteAddress)
    .map((node) => `${node.stream.remoteAddress}:${node.stream.remotePort}`)
    .sort();
}
