/**
 * The fault tests' rig: the real data layer wired as in production, but with
 * a controllable TCP proxy in front of each dependency, so a test can make
 * Redis or PostgreSQL refuse or hang without touching the machine's own services.
 *
 *   cache: native Redis store (ioredis, the production default) -> proxy -> Redis (TEST_REDIS_URL)
 *   db:    postgres.js -> proxy -> PostgreSQL (own database, catalog_faults)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { createCache, createRedisStore, type Cache, type CacheEvent } from '@/lib/cache';
import { createProductRepository, type ProductRepository } from '@/lib/products/repository';
import { ensureOwnDatabase } from '../../scripts/lib/own-database';
import { TEST_REDIS_URL } from '../../scripts/lib/local-services';
import { startTcpProxy, type TcpProxy } from '../../scripts/lib/tcp-proxy';
import { freePort } from '../../scripts/lib/free-port';

export const FAULTS_DATABASE = 'catalog_faults';
export const CACHE_TIMEOUT_MS = 250;

export interface FaultRig {
  cacheProxy: TcpProxy;
  /** The settings that point a production server's cache at Redis through the rig's proxy. */
  cacheEnv: Record<string, string>;
  databaseProxy: TcpProxy;
  /** Every cache key of this rig starts with it. */
  prefix: string;
  /** PostgreSQL as seen through the proxy (what a server under test should use). */
  proxiedDatabaseUrl: string;
  /** The database direct, not through the proxy: to look at what was really written. */
  direct: DatabaseHandle;
  cache: Cache;
  events: CacheEvent[];
  warnings: string[];
  logs: string[];
  repository: ProductRepository;
  /** A fresh cache client and repository (as a restarted process would have), with empty records. */
  renew(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the rig; its proxies listen on free ports (a leftover process on a fixed one once answered in their place). */
export async function startFaultRig(redisUrl = TEST_REDIS_URL): Promise<FaultRig> {
  const ports = { cacheProxy: await freePort(), databaseProxy: await freePort() };
  const databaseUrl = await ensureOwnDatabase(FAULTS_DATABASE);
  const direct = await openDatabase({ url: databaseUrl, maxConnections: 2 });
  await direct.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations, admin_sessions, sign_in_attempts restart identity`);

  const redisTarget = new URL(redisUrl);
  const cacheProxy = await startTcpProxy({ port: ports.cacheProxy, targetPort: Number(redisTarget.port) || 6379, targetHost: redisTarget.hostname });
  const proxiedRedisUrl = `redis://127.0.0.1:${ports.cacheProxy}`;
  const target = new URL(databaseUrl);
  const databaseProxy = await startTcpProxy({ port: ports.databaseProxy, targetPort: Number(target.port) || 5432, targetHost: target.hostname });
  const proxiedUrl = new URL(databaseUrl);
  proxiedUrl.host = `127.0.0.1:${ports.databaseProxy}`;
  const database = await openDatabase({ url: proxiedUrl.toString(), maxConnections: 4 });

  const prefix = `faults-${randomUUID().slice(0, 8)}`;
  const build = () => {
    const warnings: string[] = [];
    const events: CacheEvent[] = [];
    const logs: string[] = [];
    const cache = createCache({
      store: createRedisStore({ url: proxiedRedisUrl }),
      prefix,
      timeoutMs: CACHE_TIMEOUT_MS,
      logger: { warn: (message) => warnings.push(message) },
    });
    cache.onEvent((event) => events.push(event));
    const repository = createProductRepository({ db: database.db, cache, ttlSeconds: 300, log: (message) => logs.push(message) });
    return { cache, events, warnings, logs, repository };
  };

  const rig: FaultRig = {
    cacheProxy,
    cacheEnv: { REDIS_URL: proxiedRedisUrl },
    databaseProxy,
    prefix,
    proxiedDatabaseUrl: proxiedUrl.toString(),
    direct,
    ...build(),
    async renew() {
      await rig.cache.close();
      Object.assign(rig, build());
    },
    async close() {
      await rig.cache.clear().catch(() => undefined);
      await rig.cache.close();
      await database.close().catch(() => undefined);
      await direct.close();
      await cacheProxy.close();
      await databaseProxy.close();
    },
  };
  return rig;
}
/** Retries `check` every 100 ms until it holds or `limitMs` passes; returns whether it held. */
export async function eventually(check: () => Promise<boolean>, limitMs = 15_000): Promise<boolean> {
  const deadline = performance.now() + limitMs;
  while (performance.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await sleep(100);
  }
  return false;
}
