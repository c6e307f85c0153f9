/**
 * The start-up warning about Redis's memory settings (lib/redis-memory-policy.ts),
 * read from a throwaway redis-server whose settings the test changes.
 */
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryPolicyProblem, readMemoryPolicy, warnAboutMemoryPolicy } from '@/lib/redis-memory-policy';
import { throwawayRedis } from '../support/throwaway-redis';

describe('the Redis memory settings warning', () => {
  const redis = throwawayRedis();
  let admin: Redis;
  beforeAll(async () => {
    await redis.start();
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis.kill();
  });

  const warnings = async () => {
    const said: string[] = [];
    await warnAboutMemoryPolicy({ url: redis.url }, (message) => said.push(message));
    return said;
  };

  it('warns without maxmemory, and with noeviction; not with an evicting policy', async () => {
    await admin.config('SET', 'maxmemory', '0');
    expect(await readMemoryPolicy({ url: redis.url })).toEqual({ maxmemoryBytes: 0, policy: 'noeviction' });
    expect(await warnings()).toEqual([expect.stringContaining('Redis has no maxmemory')]);
    await admin.config('SET', 'maxmemory', String(256 * 1024 * 1024));
    expect(await warnings()).toEqual([expect.stringContaining('maxmemory-policy noeviction')]);
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    expect(await warnings()).toEqual([]);
  });

  it('says nothing, and never throws, when Redis does not answer', async () => {
    expect(await readMemoryPolicy({ url: 'redis://127.0.0.1:1' })).toBeNull();
    expect(memoryPolicyProblem({ maxmemoryBytes: 1024, policy: 'volatile-lru' })).toBeNull();
  });
});
