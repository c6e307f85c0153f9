/**
 * A start-up check of the Redis the app caches in: without `maxmemory` Redis
 * grows until the machine runs out of memory, and with `noeviction` a full
 * Redis refuses writes, including the fills that keep pages fast. Neither is
 * visible until it hurts, so a production server says so once when it starts
 * (README, "Redis memory"). Managed services that forbid CONFIG are skipped.
 */
import 'server-only';
import Redis from 'ioredis';
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

/** Reads maxmemory and maxmemory-policy from the Redis at `url`; null when it does not say (CONFIG refused, or unreachable). */
export async function readMemoryPolicy(url: string): Promise<MemoryPolicy | null> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on('error', () => undefined); // reported as "does not say"; ioredis would log it unhandled
  try {
    await client.connect();
    const [, maxmemory] = (await client.config('GET', 'maxmemory')) as string[];
    const [, policy] = (await client.config('GET', 'maxmemory-policy')) as string[];
    if (maxmemory === undefined || policy === undefined) return null;
    return { maxmemoryBytes: Number(maxmemory), policy };
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}

/** Logs memoryPolicyProblem() for the Redis at `url`, once; never throws. */
export async function warnAboutMemoryPolicy(url: string, warn: (message: string) => void = console.warn): Promise<void> {
  try {
    const policy = await readMemoryPolicy(url);
    const problem = policy && memoryPolicyProblem(policy);
    if (problem) warn(`Warning: ${problem}`);
  } catch (error) {
    warn(`Warning: could not read Redis's memory settings: ${describeError(error)}`);
  }
}
