/**
 * The three stores side by side, in process, on one small value (a 50-row list
 * page is measured elsewhere): what a hit, a miss and an invalidation cost
 * through cached(). "Hit" reads the entry every time (local copies off), so it
 * is one store round trip; "hit, local copy" reads only the generation.
 */
import { randomBytes } from 'node:crypto';
import { createCache, createMemoryStore, createRedisStore, createUpstashStore, type CacheStore } from '../../lib/cache';
import { opsPerSecond } from './stats';

export interface StoreRow {
  store: string;
  hitOps: number;
  localHitOps: number;
  missOps: number;
  invalidateOps: number;
}

const VALUE = { id: 1, title: 'Heirloom Tomatillo', price: '9.03', updatedAt: new Date(0) };

async function measureStore(name: string, store: CacheStore, rounds: number): Promise<StoreRow> {
  const prefix = `bench-stores-${randomBytes(4).toString('hex')}`;
  const direct = createCache({ store, prefix, localCopyMaxBytes: 0, timeoutMs: 2000 });
  const local = createCache({ store, prefix, timeoutMs: 2000 });
  const load = async () => VALUE;
  await direct.cached('hit', load, { namespace: 'bench' });
  const hitOps = await opsPerSecond(() => direct.cached('hit', load, { namespace: 'bench' }), rounds, 200);
  await local.cached('hit', load, { namespace: 'bench' });
  const localHitOps = await opsPerSecond(() => local.cached('hit', load, { namespace: 'bench' }), rounds, 200);
  let missNumber = 0;
  const missOps = await opsPerSecond(() => direct.cached(`miss-${(missNumber += 1)}`, load, { namespace: 'bench' }), rounds, 200);
  const invalidateOps = await opsPerSecond(() => direct.invalidate('bench'), rounds, 200);
  await direct.clear();
  await direct.close();
  return { store: name, hitOps, localHitOps, missOps, invalidateOps };
}

/** Memory, Upstash REST through the local bridge, and native Redis over TCP. */
export async function measureStores(bridge: { url: string; token: string }, redisUrl: string, rounds: number): Promise<StoreRow[]> {
  return [
    await measureStore('memory', createMemoryStore(), rounds),
    await measureStore('Upstash REST (local bridge)', createUpstashStore({ url: bridge.url, token: bridge.token }), rounds),
    await measureStore('native Redis (ioredis, TCP)', createRedisStore({ url: redisUrl }), rounds),
  ];
}
