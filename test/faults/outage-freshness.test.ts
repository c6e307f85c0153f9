/**
 * Freshness through Redis outages, through two real production processes
 * (`npm start`'s entry) sharing PostgreSQL and a throwaway Redis, each
 * reaching Redis (the native store) through its own TCP proxy, so one
 * process can be cut off alone (a partition) or both (an outage). Writes go
 * through server A's own forms, reads are GETs of B's (or A's) page.
 *
 * Asserted is what holds regardless of timing: the writer's own reads are
 * fresh at once; a process that observed the outage is fresh on its first
 * read after it; every process is fresh by the end of the window. The counts
 * and the longest stale window are printed, and written to
 * test-results/outage-freshness.md. The design before the outbox (in-memory
 * retry) is caught by the same scenarios in lib/products/invalidation-outbox.test.ts,
 * where it is injected as a test double.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import Redis from 'ioredis';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { products } from '@/db/schema';
import { ensureOwnDatabase } from '../../scripts/lib/own-database';
import { postgresReachable, redisReachable, servicesRequired } from '../../scripts/lib/local-services';
import { startTcpProxy, type TcpProxy } from '../../scripts/lib/tcp-proxy';
import { freePort } from '../../scripts/lib/free-port';
import { throwawayRedis } from '../support/throwaway-redis';
import { startAdminBrowser, type AdminBrowser } from './admin-browser';
import { FAULTS_DATABASE } from './fault-rig';
import { buildExists, startNextServer, type NextServer } from '../../scripts/lib/next-server';

const servicesUp = (await redisReachable()) && (await postgresReachable());
const built = buildExists();
if (!built && servicesRequired) throw new Error('no production build: run `npm run build` (npm test does) before the outage fault tests');
const skip = !servicesUp || !built;
if (skip) console.warn('\n!!! SKIPPING the outage freshness tests: they need a production build, redis-server and PostgreSQL. !!!\n');

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

describe.skipIf(skip)('Redis outages through two production processes, the outbox design', () => {
  const design = 'outbox';
  const redis = throwawayRedis();
  let portA: number;
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
    REDIS_URL: `redis://127.0.0.1:${proxyPort}`,
    CACHE_PREFIX: `outage-${design}`,
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
    const redisPort = Number(new URL(redis.url).port);
    proxyA = await startTcpProxy({ port: await freePort(), targetPort: redisPort });
    proxyB = await startTcpProxy({ port: await freePort(), targetPort: redisPort });
    envA = serverEnv(proxyA.port, databaseUrl);
    portA = await freePort();
    [a, b] = await Promise.all([startNextServer(portA, envA), startNextServer(await freePort(), serverEnv(proxyB.port, databaseUrl))]);
    admin = await startAdminBrowser(PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await admin?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await proxyA?.close();
    await proxyB?.close();
    redisAdmin?.disconnect();
    await direct?.close();
    await redis.kill();
    const file = 'test-results/outage-freshness.md';
    fs.mkdirSync('test-results', { recursive: true });
    fs.writeFileSync(file, ['| design | scenario | writes acknowledged | reads checked | stale reads | longest stale window |', '|---|---|---|---|---|---|', ...rows].join('\n') + '\n');
  });

  // Every scenario starts from a cache that agrees with the database: empty Redis (its own, throwaway),
  // then B caches the page again.
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
    a = await startNextServer(portA, envA);
    await outage('forward', proxyA, proxyB);
    const seen = await watch(b, title);
    report('full outage, writer restarted', 1, seen);
    expect(seen.freshAtEnd).toBe(true);
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
    expect([firstRead, seen.stale, seen.freshAtEnd]).toEqual([true, 0, true]);
  }, 60_000);

  it('a partition of the writer alone', async () => {
    await warmB(current);
    await outage('refuse', proxyA);
    const title = nextTitle('partition');
    await admin.rename(a.url, productId, title);
    expect(await shows(a, title)).toBe(true);
    const seen = await watch(b, title); // A stays cut off all along
    report('writer partitioned', 1, seen);
    expect(seen.freshAtEnd).toBe(true);
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
    a = await startNextServer(portA, envA);
    await outage('forward', proxyA, proxyB);
    const seen = await watch(b, label);
    report('bulk update during an outage, writer restarted', 1, seen);
    expect(seen.freshAtEnd).toBe(true);
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
    // B's in-process copy is filed under a generation Redis no longer has: it is never served again.
    expect(seen.freshAtEnd).toBe(true);
  }, 60_000);
});
