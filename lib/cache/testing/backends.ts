/**
 * Test-only: the stores a read-through suite runs on — memory always, and
 * Upstash through the bridge and native Redis on real Redis when it answers (mandatory under
 * REQUIRE_SERVICES=1, see test/support/services.ts).
 */
import { redisReachable } from '../../../test/support/services';
import type { StoreHarness } from './store-harness';
import { startRedisHarnesses } from './redis-harness';
import { startUpstashHarnesses } from './upstash-harness';

export interface Backend {
  name: string;
  create(): StoreHarness;
}

export interface Backends {
  list: Backend[];
  stop(): Promise<void>;
}

export async function startBackends(memory: () => StoreHarness): Promise<Backends> {
  const reachable = await redisReachable();
  const upstash = reachable ? await startUpstashHarnesses() : null;
  const redis = reachable ? startRedisHarnesses() : null;
  const list: Backend[] = [{ name: 'memory', create: memory }];
  if (upstash) list.push({ name: 'upstash', create: () => upstash.create() });
  if (redis) list.push({ name: 'redis', create: () => redis.create() });
  console.info(`cache suites run on: ${list.map((backend) => backend.name).join(', ')}`);
  return {
    list,
    stop: async () => {
      await upstash?.stop();
      await redis?.stop();
    },
  };
}
