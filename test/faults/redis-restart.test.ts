/**
 * Redis flushed, losing only the generation key (eviction), or crashing and
 * restarting empty: no stale data afterwards, and caching resumes by itself.
 * Runs on a THROWAWAY redis-server (a free port), never the machine's own.
 */
import { sql } from 'drizzle-orm';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheKeys } from '@/lib/cache';
import { PRODUCTS_NAMESPACE } from '@/lib/products/keys';
import { postgresReachable, redisReachable } from '../../scripts/lib/local-services';
import { throwawayRedis } from '../support/throwaway-redis';
import { eventually, startFaultRig, type FaultRig } from './fault-rig';

const servicesUp = (await redisReachable()) && (await postgresReachable());
if (!servicesUp) console.warn('\n!!! SKIPPING the Redis restart tests: they need redis-server and PostgreSQL. !!!\n');

describe.skipIf(!servicesUp)('Redis flushed or restarted mid-run (throwaway redis-server)', () => {
  const redis = throwawayRedis();
  let rig: FaultRig;
  let admin: Redis;
  let id: number;

  beforeAll(async () => {
    await redis.start();
    admin = new Redis(redis.url);
    admin.on('error', () => undefined); // it reconnects by itself after the crash test
    rig = await startFaultRig(redis.url);
    id = (await rig.repository.create({ title: 'Restart probe', price: '1.00' })).value.id;
  });
  afterAll(async () => {
    admin?.disconnect();
    await rig?.close();
    await redis.kill();
  });

  const lookups = () => rig.events.filter((event) => event.op === 'lookup').map((event) => event.result);
  const versionSeen = async () => (await rig.repository.product(id))?.version;
  const write = async (price: string) => (await rig.repository.update({ id, title: 'Restart probe', price })).value.version;

  it('FLUSHALL: the next read misses and loads fresh; a write right after still invalidates', async () => {
    expect(await versionSeen()).toBe(1);
    expect(await versionSeen()).toBe(1);
    await admin.flushall();
    expect(await versionSeen()).toBe(1);
    expect(await write('2.00')).toBe(2);
    expect(await versionSeen()).toBe(2);
    expect(lookups()).toEqual(['miss', 'hit', 'miss', 'miss']);
  });

  it('only the generation key lost (evicted) while entries remain: old entries are never served again', async () => {
    await versionSeen(); // cached at version 2
    await admin.del(cacheKeys.generationKey(rig.prefix, PRODUCTS_NAMESPACE));
    // The version bump goes to the database only (as if its invalidation were lost with the key).
    await rig.direct.db.execute(sql`update products set version = version + 1 where id = ${id}`);
    expect(await versionSeen()).toBe(3); // a new random generation: the old entry is unreachable
  });

  it('crash and empty restart: pages from the database while down, a write during it is fresh after, caching resumes', async () => {
    await versionSeen();
    await redis.kill();
    expect(await versionSeen()).toBe(3);
    const { value, invalidation } = await rig.repository.update({ id, title: 'Restart probe', price: '4.00' });
    expect([value.version, invalidation]).toEqual([4, 'pending-retry']);
    await redis.start();
    expect(await eventually(async () => (await versionSeen()) === 4 && (await rig.cache.ping(), true))).toBe(true);
    // The pending invalidation's background retry may land in between; caching resumes all the same.
    const resumed = await eventually(async () => {
      rig.events.length = 0;
      await versionSeen();
      return (await versionSeen()) === 4 && lookups().at(-1) === 'hit';
    });
    expect(resumed).toBe(true);
  });
});
