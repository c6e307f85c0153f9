/**
 * A smoke pass of the Upstash store in the production build: the suites run
 * the native Redis store (the production default), and the Upstash store
 * keeps its full contract (test/cache/contract-upstash.test.ts) and this: a
 * server configured with UPSTASH_REDIS_REST_URL, through the REST bridge in
 * front of the local Redis, caches pages and reports its store.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from '@/scripts/redis-rest-bridge/server';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';
import { ensureOwnDatabase } from '../../scripts/lib/own-database';
import { postgresReachable, redisReachable, servicesRequired, TEST_REDIS_URL } from '../../scripts/lib/local-services';
import { eventually } from '../faults/fault-rig';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built && servicesRequired) throw new Error('no production build: run `npm run build` (npm test does) before the Upstash smoke pass');

describe.skipIf(!servicesUp || !built)('the production build on the Upstash store', () => {
  let bridge: Bridge;
  let server: NextServer;
  beforeAll(async () => {
    bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomUUID() });
    server = await startNextServer(undefined, {
      DATABASE_URL: await ensureOwnDatabase('catalog_http'),
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: bridge.token,
      CACHE_PREFIX: `upstash-${randomUUID().slice(0, 8)}`,
      ADMIN_PASSWORD: randomBytes(12).toString('hex'),
      WEB_CONCURRENCY: '1',
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await bridge?.close();
  });

  it('caches a page, serves it again from the cache, and names its store in health', async () => {
    expect(await eventually(async () => (await fetch(`${server.url}/?size=10`)).headers.get('x-page-cache') === 'hit')).toBe(true);
    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health).toMatchObject({ status: 'ok', checks: { cache: { ok: true, store: 'upstash' } } });
  });
});
