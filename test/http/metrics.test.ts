/**
 * The metrics port of the production build (`npm start`, two workers, Redis
 * behind the fault rig's TCP proxy): it refuses anyone without the token, the
 * public port does not serve it, and its figures move as they should through
 * a short load and a Redis outage. The workers' counters are summed by the
 * primary; the outbox's gauges are the database's, read once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheInvalidations, products } from '@/db/schema';
import { freePort } from '../../scripts/lib/free-port';
import { postgresReachable, redisReachable, servicesRequired } from '../../scripts/lib/local-services';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';
import { eventually, startFaultRig, type FaultRig } from '../faults/fault-rig';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built && servicesRequired) throw new Error('no production build: run `npm run build` (npm test does) before the metrics test');
const skip = !servicesUp || !built;
if (skip) console.warn('\n!!! SKIPPING the metrics test: it needs a production build, Redis and PostgreSQL. !!!\n');

const TOKEN = randomBytes(24).toString('hex');

/** One sample's value from a scrape: `name{labels}` summed over the samples whose labels include `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const own = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => own[key] === value)) {
      total += Number(match[3]);
      found = true;
    }
  }
  return found ? total : Number.NaN;
}

/** A GET on a connection of its own; which worker answered. */
function getOnNewConnection(url: string): Promise<{ status: number; worker: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? 0, worker: String(response.headers['x-worker'] ?? '') }));
      })
      .on('error', reject);
  });
}

describe.skipIf(skip)('metrics in production', () => {
  let rig: FaultRig;
  let server: NextServer;
  let metricsUrl: string;

  beforeAll(async () => {
    rig = await startFaultRig();
    await rig.direct.db.insert(products).values(Array.from({ length: 20 }, (_, index) => ({ title: `Metered Mango ${index}`, price: '1.50' })));
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    server = await startNextServer(undefined, {
      DATABASE_URL: rig.proxiedDatabaseUrl,
      ...rig.cacheEnv,
      CACHE_PREFIX: `metrics-${randomUUID().slice(0, 8)}`,
      WEB_CONCURRENCY: '2',
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: TOKEN,
    });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
    await rig?.close();
  });

  const scrape = async () => {
    const response = await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  it('refuses a client without the token, and the public port does not serve it', async () => {
    const anonymous = await fetch(metricsUrl);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    expect(await anonymous.text()).not.toContain('catalog_');
    expect((await fetch(metricsUrl, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    const onPublicPort = await fetch(`${server.url}/metrics`);
    expect(onPublicPort.status).toBe(404);
    expect(await onPublicPort.text()).not.toContain('catalog_cache_hits_total');
  });

  it('counts page-cache hits and cache lookups under load, summed over both workers', async () => {
    await eventually(async () => (await fetch(`${server.url}/`)).headers.get('x-page-cache') === 'hit');
    const before = await scrape();
    const workers = new Set<string>();
    // A connection each, so both workers take views (a kept-alive connection stays with one).
    for (let view = 0; view < 60; view += 1) workers.add((await getOnNewConnection(`${server.url}/`)).worker);
    const after = await scrape();
    const hits = sample(after, 'catalog_page_cache_requests_total', { outcome: 'hit' }) - sample(before, 'catalog_page_cache_requests_total', { outcome: 'hit' });
    expect(hits).toBeGreaterThanOrEqual(55);
    expect(sample(after, 'catalog_cache_hits_total', { namespace: 'products' })).toBeGreaterThan(sample(before, 'catalog_cache_hits_total', { namespace: 'products' }));
    expect(sample(after, 'catalog_cache_store_latency_seconds_count', { operation: 'lookup' })).toBeGreaterThan(0);
    expect(sample(after, 'catalog_cache_circuit_state')).toBe(0);
    expect(sample(after, 'catalog_outbox_records')).toBe(0);
    expect(workers.size).toBe(2);
    console.log(`[metrics] 60 views over workers ${[...workers].join(', ')}: page-cache hits +${hits}`);
  });

  it('through a Redis outage: store errors, lost connections, an open circuit and a waiting outbox; back to normal after', async () => {
    const before = await scrape();
    await rig.cacheProxy.setMode('refuse');
    try {
      // A write the cache could not hear about: its record waits in the outbox.
      await rig.direct.db.insert(cacheInvalidations).values({ namespace: 'products' });
      for (let view = 0; view < 20; view += 1) expect((await fetch(`${server.url}/`)).status).toBe(200);
      await sleep(1200); // a sweep tick in each worker
      const during = await scrape();
      expect(sample(during, 'catalog_cache_store_errors_total')).toBeGreaterThan(sample(before, 'catalog_cache_store_errors_total') || 0);
      expect(sample(during, 'catalog_cache_connections_lost_total')).toBeGreaterThan(sample(before, 'catalog_cache_connections_lost_total') || 0);
      console.log(`[metrics] during the outage: ${['catalog_cache_store_errors_total', 'catalog_cache_connections_lost_total', 'catalog_cache_circuit_openings_total', 'catalog_outbox_records', 'catalog_outbox_oldest_age_seconds'].map((name) => `${name} ${sample(during, name)}`).join(', ')}`);
      expect(sample(during, 'catalog_outbox_records')).toBeGreaterThanOrEqual(1);
      expect(sample(during, 'catalog_outbox_oldest_age_seconds')).toBeGreaterThan(0);
      expect(sample(during, 'catalog_page_cache_requests_total', { outcome: 'bypass' })).toBeGreaterThan(sample(before, 'catalog_page_cache_requests_total', { outcome: 'bypass' }) || 0);
    } finally {
      await rig.cacheProxy.setMode('forward');
    }
    await eventually(async () => sample(await scrape(), 'catalog_outbox_records') === 0, 20_000);
    // Each worker's breaker closes on its next call that succeeds.
    const closed = await eventually(async () => {
      for (let view = 0; view < 6; view += 1) await getOnNewConnection(`${server.url}/`);
      return sample(await scrape(), 'catalog_cache_circuit_state') === 0;
    }, 20_000);
    expect(closed).toBe(true);
    expect(sample(await scrape(), 'catalog_cache_invalidations_total', { outcome: 'replicated' })).toBeGreaterThan(0);
  });
});
