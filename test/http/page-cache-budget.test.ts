/**
 * The page cache's byte budget on the production build: a run of distinct
 * addresses (searches nobody repeats) cannot make the stored pages take more
 * of Redis than PAGE_CACHE_BUDGET_BYTES, measured with Redis's own MEMORY
 * USAGE, and the page every visitor asks for stays a hit meanwhile. Before,
 * each distinct address was stored for the full TTL with no bound (about
 * 280 MB for 20,000 addresses; scripts/bench/page-cache-flood.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { products } from '@/db/schema';
import { freePort } from '../../scripts/lib/free-port';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';
import { ensureOwnDatabase } from '../../scripts/lib/own-database';
import { postgresReachable, redisReachable, servicesRequired, TEST_REDIS_URL } from '../../scripts/lib/local-services';
import { eventually } from '../faults/fault-rig';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built && servicesRequired) throw new Error('no production build: run `npm run build` (npm test does) before the page-cache budget test');
const skip = !servicesUp || !built;

const BUDGET_BYTES = 400 * 1024;

describe.skipIf(skip)('the page cache within its byte budget', () => {
  let server: NextServer;
  let redis: Redis;
  const prefix = `budget-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const databaseUrl = await ensureOwnDatabase('catalog_budget');
    const direct = await openDatabase({ url: databaseUrl, maxConnections: 1 });
    await direct.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations restart identity`);
    await direct.db.insert(products).values(Array.from({ length: 200 }, (_, index) => ({ title: `Budget Bean ${index + 1}`, price: '1.00' })));
    await direct.close();
    redis = new Redis(TEST_REDIS_URL);
    server = await startNextServer(await freePort(), {
      DATABASE_URL: databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      CACHE_PREFIX: prefix,
      PAGE_CACHE_BUDGET_BYTES: String(BUDGET_BYTES),
      ADMIN_PASSWORD: randomBytes(12).toString('hex'),
      WEB_CONCURRENCY: '1',
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    const keys = (await redis?.keys(`${prefix}:*`)) ?? [];
    if (keys.length) await redis.del(...keys);
    redis?.disconnect();
  });

  async function pageEntries() {
    const keys = await redis.keys(`${prefix}:rt:*:page:*`);
    let bytes = 0;
    for (const key of keys) bytes += Number(await redis.memory('USAGE', key));
    return { keys: keys.length, bytes };
  }

  it('stores distinct pages only while they fit, and keeps serving the stored ones', async () => {
    expect(await eventually(async () => (await fetch(`${server.url}/`)).headers.get('x-page-cache') === 'hit')).toBe(true);
    const stored: string[] = [];
    for (let index = 1; index <= 80; index += 1) {
      // Distinct content each (the search box and the rows differ), each matching a few rows.
      const response = await fetch(`${server.url}/?q=${encodeURIComponent(`bean ${index}`)}`);
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      if (response.headers.get('x-page-cache') === 'miss') stored.push(String(index));
    }
    const entries = await pageEntries();
    console.info(`[page cache budget] ${entries.keys} page entries, ${(entries.bytes / 1024).toFixed(0)} KB in Redis (budget ${BUDGET_BYTES / 1024} KB) after 80 distinct searches`);
    expect(entries.keys).toBeGreaterThan(3);
    expect(entries.keys).toBeLessThan(81);
    expect(entries.bytes).toBeLessThanOrEqual(BUDGET_BYTES);
    // The page everyone asks for was stored first and stays a hit.
    expect((await fetch(`${server.url}/`)).headers.get('x-page-cache')).toBe('hit');
  });
});
