/**
 * Large values: a 1000-row list page goes through the real cache (Upstash
 * store -> bridge -> Redis) intact: a hit equals the database's answer, Dates
 * stay Dates, prices stay exact. Speed is measured by scripts/bench/large-page.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { seedProducts } from '@/db/seed';
import { createCache, createUpstashStore, type Cache, type CacheEvent } from '@/lib/cache';
import { createProductRepository } from '@/lib/products/repository';
import { startBridge, type Bridge } from '@/scripts/redis-rest-bridge/server';
import { ensureOwnDatabase } from '../scripts/lib/own-database';
import { postgresReachable, redisReachable, TEST_REDIS_URL } from '../scripts/lib/local-services';
import { listQuery } from '@/lib/validation/list-query';

const servicesUp = (await redisReachable()) && (await postgresReachable());
if (!servicesUp) console.warn('\n!!! SKIPPING the large-page test: it needs the real Redis and PostgreSQL. !!!\n');

describe.skipIf(!servicesUp)('a 1000-row list page through the real cache', () => {
  let database: DatabaseHandle;
  let bridge: Bridge;
  let cache: Cache;
  const events: CacheEvent[] = [];

  beforeAll(async () => {
    database = await openDatabase({ url: await ensureOwnDatabase('catalog_large'), maxConnections: 4 });
    await database.db.execute(sql`truncate table products restart identity`);
    await seedProducts(database.db, 1000);
    bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomUUID() });
    // No in-process copy: the hit must travel through Redis, the REST bridge and the decoder.
    cache = createCache({
      store: createUpstashStore({ url: bridge.url, token: bridge.token }),
      prefix: `large-${randomUUID().slice(0, 8)}`,
      localCopyMaxBytes: 0,
    });
    cache.onEvent((event) => events.push(event));
  });
  afterAll(async () => {
    await cache?.clear();
    await cache?.close();
    await bridge?.close();
    await database?.close();
  });

  it('stores it, serves it back identical on a hit, and reports its size', async () => {
    const repository = createProductRepository({ db: database.db, cache, ttlSeconds: 300 });
    const query = listQuery({ page: 1, size: 1000, q: '' });
    const fromDatabase = await repository.listPage(query);
    const fromCache = await repository.listPage(query);
    expect(fromDatabase.rows).toHaveLength(1000);
    expect(fromCache).toEqual(fromDatabase);
    expect(fromCache.rows[999]!.createdAt).toBeInstanceOf(Date);
    const fill = events.find((event) => event.op === 'fill');
    expect(fill?.result).toBe('stored');
    expect(events.filter((event) => event.op === 'lookup').map((event) => event.result)).toEqual(['miss', 'hit']);
    console.info(`1000-row page: ${((fill?.bytes ?? 0) / 1024).toFixed(0)} KB in the cache`);
  });
});
