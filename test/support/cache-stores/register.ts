/**
 * Vitest setup file: the cache library's backend-aware suites also run on
 * this machine's real Redis, through the Upstash store (via the REST bridge)
 * and the native store, when Redis answers (required under REQUIRE_SERVICES=1).
 */
import { registerStoreBackends } from '@/lib/cache/testing';
import { redisReachable } from '../../../scripts/lib/local-services';
import { startRedisHarnesses } from './redis-harness';
import { startUpstashHarnesses } from './upstash-harness';

registerStoreBackends(async () => {
  if (!(await redisReachable())) return { list: [], stop: async () => {} };
  const upstash = await startUpstashHarnesses();
  const redis = startRedisHarnesses();
  return {
    list: [
      { name: 'upstash', create: () => upstash.create() },
      { name: 'redis', create: () => redis.create() },
    ],
    stop: async () => {
      await upstash.stop();
      await redis.stop();
    },
  };
});
