import { afterAll, beforeAll, describe } from 'vitest';
import { redisReachable } from '../../scripts/lib/local-services';
import { runCacheContract } from '@/lib/cache/testing';
import { startUpstashHarnesses, type UpstashHarnesses } from '../support/cache-stores/upstash-harness';

// Throws under REQUIRE_SERVICES=1 when Redis is down, so CI cannot skip this silently.
const reachable = await redisReachable();

describe.skipIf(!reachable)('upstash store through the REST bridge, on real Redis', () => {
  let upstash: UpstashHarnesses;
  beforeAll(async () => {
    upstash = await startUpstashHarnesses();
  });
  afterAll(() => upstash?.stop());

  runCacheContract('upstash', () => upstash.create());
});
