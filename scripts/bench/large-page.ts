/**
 * Does the cache slow a 1000-row list page? Side by side in one run, on the
 * real PostgreSQL and Redis (through the REST bridge): the data layer with no
 * cache, and with the cache on a hit. Prints medians; asserts nothing.
 *
 *   npx tsx scripts/bench/large-page.ts [--rounds 200]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client';
import { seedProducts } from '../../db/seed';
import { createCache, createUpstashStore } from '../../lib/cache';
import { createProductRepository, type ProductRepository } from '../../lib/products/repository';
import { ensureOwnDatabase } from '../lib/own-database';
import { TEST_REDIS_URL } from '../lib/local-services';
import { startBridge } from '../redis-rest-bridge/server';
import { listQuery } from '../../lib/validation/list-query';
import { median } from './stats';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '200' }, size: { type: 'string', default: '1000' } } });
const rounds = Number(values.rounds);
const query = listQuery({ page: 1, size: Number(values.size), q: '' });

const database = await openDatabase({ url: await ensureOwnDatabase('catalog_large'), maxConnections: 4 });
await database.db.execute(sql`truncate table products restart identity`);
await seedProducts(database.db, 1000);
const bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomUUID() });
const cache = createCache({ store: createUpstashStore({ url: bridge.url, token: bridge.token }), prefix: `bench-${randomUUID().slice(0, 8)}` });

const uncached = createProductRepository({ db: database.db, cache: null, ttlSeconds: 300 });
const cached = createProductRepository({ db: database.db, cache, ttlSeconds: 300 });

/** Median time of one list-page read through `repository`, in ms, over `rounds` reads. */
async function medianReadMs(repository: ProductRepository): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    await repository.listPage(query);
    times.push(performance.now() - started);
  }
  return median(times);
}

await cached.listPage(query); // fill once; every measured read is a hit
await medianReadMs(uncached); // warm-up of both paths (JIT, pool)
await medianReadMs(cached);
// Interleaved halves, so drift on a busy machine hits both sides alike.
const noCache = [await medianReadMs(uncached), await medianReadMs(uncached)];
const hit = [await medianReadMs(cached), await medianReadMs(cached)];
const ms = (values: number[]) => (values.reduce((a, b) => a + b, 0) / values.length).toFixed(2);
console.log(`${query.size}-row list page, median of ${rounds} reads (x2), data layer only (no React rendering):`);
console.log(`  no cache (PostgreSQL):             ${ms(noCache)} ms`);
console.log(`  cache hit (Redis via REST bridge): ${ms(hit)} ms`);
console.log(`  ratio hit / no cache:              ${(Number(ms(hit)) / Number(ms(noCache))).toFixed(2)}`);

await cache.clear();
await cache.close();
await bridge.close();
await database.close();
