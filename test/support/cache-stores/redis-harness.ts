/** Test-only: the native Redis store (ioredis, over TCP) against the real Redis. */
import { createRedisStore } from '@/lib/cache';
import { TEST_REDIS_URL } from '../../../scripts/lib/local-services';
import { realRedisHarnesses, type RealRedisHarnesses } from './real-redis-harnesses';

export function startRedisHarnesses(): RealRedisHarnesses {
  return realRedisHarnesses('redis', () => createRedisStore({ url: TEST_REDIS_URL }));
}
