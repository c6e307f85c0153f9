import { afterAll, describe } from 'vitest';
import { redisReachable } from '../../scripts/lib/local-services';
import { runCacheContract } from '@/lib/cache/testing';
import { startRedisHarnesses } from '../support/cache-stores/redis-harness';

// Throws under REQUIRE_SERVICES=1 when Redis is down, so CI cannot skip this silently.
const reachable = await redisReachable();

describe.skipIf(!reachable)('native Redis store (ioredis), on real Redis', () => {
  const redis = reachable ? startRedisHarnesses() : null;
  afterAll(() => redis?.stop());

  runCacheContract('redis', () => redis!.create());
});
