/**
 * Freshness through Redis outages, through two real production processes
 * (`npm start`'s entry) sharing PostgreSQL and a throwaway Redis, each
 * reaching Redis through its own TCP proxy in front of the REST bridge, so
 * one process can be cut off alone (a partition) or both (an outage).
 * Writes go through server A's own forms, reads are GETs of B's (or A's) page.
 *
 * Each scenario runs on the outbox design and on the previous one
 * (CACHE_INVALIDATION=in-memory-retry). Asserted is what holds regardless of
 * timing: the writer's own reads are fresh at once; a process that observed
 * the outage is fresh on its first read after it; the outbox design is fresh
 * by the end of the window everywhere; the previous design is still stale at
 * the end where nothing in it could ever fix the entry before its TTL. The
 * counts and the longest stale window are printed, and written to
 * test-results/outage-freshness.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import Redis from 'ioredis';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { products } from '@/db/schema';
import { startBridge, type Bridge } from '@/scripts/redis-rest-bridge/server';
import { ensureOwnDatabase } from '../../scripts/lib/own-database';
import { postgresReachable, redisReachable, servicesRequired } from '../../scripts/lib/local-services';
import { startTcpProxy, type TcpProxy } from '../../scripts/lib/tcp-proxy';
import { throwawayRedis } from '../support/throwaway-redis';
import { startAdminBrowser, type AdminBrowser } from './admin-browser';
import { FAULTS_DATABASE } from './fault-rig';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built && servicesRequired) throw new Error('no production build: run `npm run build` (npm test does) before the outage fault tests');
const skip = !servicesUp || !built;
if (skip) console.warn('\n!!! SKIPPING the outage freshness tests: they need a production build, redis-server and PostgreSQL. !!!\n');

type Design = 'outbox' | 'in-memory-retry';
/** How long each scenario watches after the outage ends. */
const WATCH_MS = 5_000;
const POLL_MS = 50;
const PASSWORD = 'outage-test-password';
const SESSION_SECRET = randomBytes(32).toString('hex');

interface Watch {
  reads: number;
  stale: number;
  /** From the start of the watch to the last stale read, in ms (0 when none was stale). */
  longestStaleMs: number;
  freshAtEnd: boolean;
}

const rows: string[] = [];

describe.skipIf(skip).each<Design>(['outbox', 'in-memory-retry'])('Redis outages through two production processes, %s design', (design) => {
  const redis = throwawayRedis();
  const ports = design === 'outbox' ? { a: 3311, b: 3312, proxyA: 16401, proxyB: 16402 } : { a: 3313, b: 3314, proxyA: 16403, proxyB: 16404 };
  let bridge: Bridge;
  let proxyA: TcpProxy;
  let proxyB: TcpProxy;
  let a: NextServer;
  let b: NextServer;
  let admin: AdminBrowser;
  let direct: DatabaseHandle;
  let redisAdmin: Redis;
  let productId: number;

  const serverEnv = (proxyPort: number, databaseUrl: string) => ({
    DATABASE_URL: databaseUrl,
    UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${proxyPort}`,
    UPSTASH_REDIS_REST_TOKEN: bridge.token,
    CACHE_PREFIX: `outage-${design}`,
    CACHE_INVALIDATION: design,
    ADMIN_PASSWORD: PASSWORD,
    SESSION_SECRET,
  });
  let envA: Record<string, string>;

  beforeAll(async () => {
    await redis.start();
    redisAdmin = new Redis(redis.url);
    const databaseUrl = await ensureOwnDatabase(FAULTS_DATABASE);
    direct = await openDatabase({ url: databaseUrl, maxConnections: 2 });
    await direct.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations, admin_sessions, sign_in_attempts restart identity`);
    const [probe] = await direct.db.insert(products).values({ title: 'Outage probe', price: '1.00' }).returning();
    productId = probe!.id;
    bridge = await startBridge({ redisUrl: redis.url, token: randomUUID() });
    proxyA = await startTcpProxy({ port: ports.proxyA, targetPort: bridge.port });
    proxyB = await startTcpProxy({ port: ports.proxyB, targetPort: bridge.port });
    envA = serverEnv(ports.proxyA, databaseUrl);
    [a, b] = await Promise.all([startNextServer(ports.a, envA), startNextServer(ports.b, serverEnv(ports.proxyB, databaseUrl))]);
    admin = await startAdminBrowser(PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await admin?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await proxyA?.close();
    await proxyB?.close();
    await bridge?.close();
    redisAdmin?.disconnect();
    await direct?.close();
    await redis.kill();
    const file = 'test-results/outage-freshness.md';
    fs.mkdirSync('test-results', { recursive: true });
    fs.writeFileSync(file, ['| design | scenario | writes acknowledged | reads checked | stale reads | longest stale window |', '|---|---|---|---|---|---|', ...rows].join('\n') + '\n');
  });

  // Every scenario starts from a cache that agrees with the database (an earlier scenario of the
  // previous design may have left B stale until the TTL): empty Redis, then B caches the page again.
  beforeEach(async () => {
    await redisAdmin.flushall();
  });

  const pageOf = async (server: NextServer) => (await fetch(`${server.url}/`)).text();
  const shows = async (server: NextServer, text: string) => (await pageOf(server)).includes(text);

  /** Polls `server` for WATCH_MS, counting reads that do not show `expected`. */
  async function watch(server: NextServer, expected: string): Promise<Watch> {
    const started = performance.now();
    const result: Watch = { reads: 0, stale: 0, longestStaleMs: 0, freshAtEnd: false };
    while (performance.now() - started < WATCH_MS) {
      const fresh = await shows(server, expected);
      result.reads += 1;
      if (!fresh) {
        result.stale += 1;
        result.longestStaleMs = performance.now() - started;
      }
      result.freshAtEnd = fresh;
      await sleep(POLL_MS);
    }
    return result;
  }

  function report(scenario: string, writes: number, seen: Watch) {
    rows.push(`| ${design} | ${scenario} | ${writes} | ${seen.reads} | ${seen.stale} | ${seen.stale === 0 ? '0' : `${(seen.longestStaleMs / 1000).toFixed(1)} s (still stale at the end: ${!seen.freshAtEnd})`} |`);
    console.info(`[${design}] ${scenario}: ${seen.stale} of ${seen.reads} reads stale, longest window ${(seen.longestStaleMs / 1000).toFixed(2)} s, fresh at the end: ${seen.freshAtEnd}`);
  }

  /** B has the page cached with the current title. */
  async function warmB(title: string) {
    expect(await shows(b, title)).toBe(true);
    expect(await shows(b, title)).toBe(true);
  }

  const outage = async (mode: 'refuse' | 'forward', ...proxies: TcpProxy[]) => Promise.all(proxies.map((proxy) => proxy.setMode(mode)));
  let current = 'Outage probe';
  const nextTitle = (label: string) => (current = `Outage probe ${label} ${randomUUID().slice(0, 6)}`);

  it('a full outage with the writer restarted', async () => {
    await warmB(current);
    await outage('refuse', proxyA, proxyB);
    const title = nextTitle('restarted');
    await admin.rename(a.url, productId, title);
    expect(await shows(a, title)).toBe(true); // the writer's own read, at once
    await a.stop();
    a = await startNextServer(ports.a, envA);
    await outage('forward', proxyA, proxyB);
    const seen = await watch(b, title);
    report('full outage, writer restarted', 1, seen);
    expect(seen.freshAtEnd).toBe(design === 'outbox');
  }, 60_000);

  it('a full outage with the writer kept running, and a reader that saw the outage', async () => {
    await warmB(current);
    await outage('refuse', proxyA, proxyB);
    const title = nextTitle('kept');
    await admin.rename(a.url, productId, title);
    expect(await shows(a, title)).toBe(true);
    // B serves a page during the outage (from the database): it has observed the fault.
    expect(await shows(b, title)).toBe(true);
    await outage('forward', proxyA, proxyB);
    // G1 for a process that observed the fault: its first read after the outage is already fresh.
    const firstRead = await shows(b, title);
    const seen = await watch(b, title);
    report('full outage, writer kept, reader saw it', 1, { ...seen, reads: seen.reads + 1, stale: seen.stale + (firstRead ? 0 : 1) });
    if (design === 'outbox') expect([firstRead, seen.stale, seen.freshAtEnd]).toEqual([true, 0, true]);
  }, 60_000);

  it('a partition of the writer alone', async () => {
    await warmB(current);
    await outage('refuse', proxyA);
    const title = nextTitle('partition');
    await admin.rename(a.url, productId, title);
    expect(await shows(a, title)).toBe(true);
    const seen = await watch(b, title); // A stays cut off all along
    report('writer partitioned', 1, seen);
    expect(seen.freshAtEnd).toBe(design === 'outbox');
    await outage('forward', proxyA);
  }, 60_000);

  it('an outage during a bulk update', async () => {
    const title = current;
    await warmB(title);
    await outage('refuse', proxyA, proxyB);
    const price = `${1 + Math.floor(Math.random() * 9000)}.25`;
    await admin.bulkSetPrice(a.url, [productId], price);
    const label = `$${Number(price).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    expect(await shows(a, label)).toBe(true);
    await a.stop();
    a = await startNextServer(ports.a, envA);
    await outage('forward', proxyA, proxyB);
    const seen = await watch(b, label);
    report('bulk update during an outage, writer restarted', 1, seen);
    expect(seen.freshAtEnd).toBe(design === 'outbox');
  }, 60_000);

  it('Redis flushed during an outage', async () => {
    await warmB(current);
    await outage('refuse', proxyA, proxyB);
    const title = nextTitle('flushed');
    await admin.rename(a.url, productId, title);
    await redisAdmin.flushall();
    await outage('forward', proxyA, proxyB);
    const seen = await watch(b, title);
    report('Redis flushed during an outage', 1, seen);
    // B's in-process copy is filed under a generation Redis no longer has: both designs recover.
    expect(seen.freshAtEnd).toBe(true);
  }, 60_000);
});
