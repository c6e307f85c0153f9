/**
 * Test-only: the Upstash store against the real Redis, through the project's
 * REST bridge (started here on a random port with a random token).
 */
import { randomUUID } from 'node:crypto';
import { createUpstashStore } from '@/lib/cache';
import { TEST_REDIS_URL } from '../../../scripts/lib/local-services';
import { startBridge } from '../../../scripts/redis-rest-bridge/server';
import { realRedisHarnesses, type RealRedisHarnesses } from './real-redis-harnesses';

export type UpstashHarnesses = RealRedisHarnesses;

export async function startUpstashHarnesses(): Promise<UpstashHarnesses> {
  const bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomUUID() });
  return realRedisHarnesses('upstash', () => createUpstashStore({ url: bridge.url, token: bridge.token }), () => bridge.close());
}
