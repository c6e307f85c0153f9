/**
 * A start-up check of the Redis the app caches in: without `maxmemory` Redis
 * grows until the machine runs out of memory, and with `noeviction` a full
 * Redis refuses writes, including the fills that keep pages fast. Neither is
 * visible until it hurts, so a production server says so once when it starts
 * (README, "Redis memory"). Managed services that forbid CONFIG are skipped.
 */
import 'server-only';
import Redis, { Cluster } from 'ioredis';
import type { RedisStoreOptions } from '@/lib/cache';
import { describeError } from '@/lib/describe-error';

export interface MemoryPolicy {
  maxmemoryBytes: number;
  policy: string;
}

/** What is wrong with `policy` for a cache, or null when nothing is. */
export function memoryPolicyProblem({ maxmemoryBytes, policy }: MemoryPolicy): string | null {
  if (maxmemoryBytes === 0) {
    return 'Redis has no maxmemory: the cache grows until the machine runs out of memory. Set maxmemory (say 512mb) and maxmemory-policy allkeys-lru (README, "Redis memory").';
  }
  if (policy === 'noeviction') {
    return `Redis refuses writes once its maxmemory (${Math.round(maxmemoryBytes / 1024 / 1024)} MB) is used (maxmemory-policy noeviction): the cache then stops filling. Set maxmemory-policy allkeys-lru (README, "Redis memory").`;
  }
  return null;
}

const ONE_TRY = { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null } as const;

/** A short-lived connection to the primary the options name (for a cluster, its first seed node's primary). */
function connectOnce(target: RedisStoreOptions): Redis | Cluster {
  if ('url' in target) return new Redis(target.url, { ...ONE_TRY, enableOfflineQueue: false });
  if ('sentinels' in target) {
    const { sentinels, masterName: name, sentinelPassword, password, username } = target;
    return new Redis({ ...ONE_TRY, sentinels, name, sentinelPassword, password, username, sentinelRetryStrategy: () => null });
  }
  const nodes = target.clusterNodes.map((node) => ({ host: new URL(node).hostname, port: Number(new URL(node).port) }));
  return new Cluster(nodes, { lazyConnect: true, clusterRetryStrategy: () => null, redisOptions: { ...ONE_TRY, password: target.password, username: target.username } });
}

/** Reads maxmemory and maxmemory-policy from the Redis `target` names (a cluster: one primary, which is set up like the others); null when it does not say (CONFIG refused, or unreachable). */
export async function readMemoryPolicy(target: RedisStoreOptions): Promise<MemoryPolicy | null> {
  const client = connectOnce(target);
  client.on('error', () => undefined); // reported as "does not say"; ioredis would log it unhandled
  try {
    await client.connect();
    const node = client instanceof Cluster ? client.nodes('master')[0] : client;
    if (!node) return null;
    const [, maxmemory] = (await node.config('GET', 'maxmemory')) as string[];
    const [, policy] = (await node.config('GET', 'maxmemory-policy')) as string[];
    if (maxmemory === undefined || policy === undefined) return null;
    return { maxmemoryBytes: Number(maxmemory), policy };
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}

/** Logs memoryPolicyProblem() for the Redis `target` names, once; never throws. */
export async function warnAboutMemoryPolicy(target: RedisStoreOptions, warn: (message: string) => void = console.warn): Promise<void> {
  try {
    const policy = await readMemoryPolicy(target);
    const problem = policy && memoryPolicyProblem(policy);
    if (problem) warn(`Warning: ${problem}`);
  } catch (error) {
    warn(`Warning: could not read Redis's memory settings: ${describeError(error)}`);
  }
}
