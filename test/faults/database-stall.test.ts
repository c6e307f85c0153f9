/**
 * PostgreSQL that stops answering without refusing (a partition, a frozen
 * VM), at the driver and the data layer: postgres.js talks through a TCP
 * proxy that, in 'hang' mode, accepts and relays nothing. Before
 * db/reply-watchdog.ts a query on an open connection waited for the kernel's
 * retransmission timeout (about 15 minutes); now it fails as "not answering"
 * once the server has stayed silent past DATABASE_REPLY_TIMEOUT_MS and a probe.
 * A statement that is merely slow is left alone, and the pool recovers alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { products } from '@/db/schema';
import { DatabaseUnavailableError } from '@/lib/products/errors';
import { createProductRepository, type ProductRepository } from '@/lib/products/repository';
import { listQuery } from '@/lib/validation/list-query';
import { ensureOwnDatabase } from '../../scripts/lib/own-database';
import { postgresReachable } from '../../scripts/lib/local-services';
import { startTcpProxy, type TcpProxy } from '../../scripts/lib/tcp-proxy';
import { freePort } from '../../scripts/lib/free-port';

const servicesUp = await postgresReachable();
if (!servicesUp) console.warn('\n!!! SKIPPING the database stall tests: they need the real PostgreSQL. !!!\n');

const REPLY_TIMEOUT_MS = 400;

/** How long `work` took to settle, and how. */
async function settle<T>(work: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await work;
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

describe.skipIf(!servicesUp)('PostgreSQL that stops answering (postgres.js -> hanging proxy)', () => {
  let proxy: TcpProxy;
  let direct: DatabaseHandle;
  let database: DatabaseHandle;
  let repository: ProductRepository;

  beforeAll(async () => {
    const url = await ensureOwnDatabase('catalog_stall');
    direct = await openDatabase({ url, maxConnections: 2 });
    await direct.db.execute(sql`truncate table products, idempotency_keys, cache_invalidations restart identity`);
    await direct.db.insert(products).values({ title: 'Before the stall', price: '1.00' });
    const target = new URL(url);
    proxy = await startTcpProxy({ port: await freePort(), targetPort: Number(target.port) || 5432 });
    const proxied = new URL(url);
    proxied.host = `127.0.0.1:${proxy.port}`;
    database = await openDatabase({ url: proxied.toString(), maxConnections: 3, timeouts: { replyMs: REPLY_TIMEOUT_MS, connectMs: 1000 } });
    repository = createProductRepository({ db: database.db, cache: null, ttlSeconds: 300 });
  });
  afterAll(async () => {
    await proxy?.setMode('forward');
    await database?.close();
    await direct?.close();
    await proxy?.close();
  });

  it('fails a read and a write on a connection that went silent, with "not answering", and recovers alone', async () => {
    expect((await repository.listPage(listQuery({}))).total).toBe(1); // the pool's connections are open
    await proxy.setMode('hang');

    const read = await settle(repository.listPage(listQuery({ q: 'stall' })));
    const write = await settle(repository.create({ title: 'During the stall', price: '2.00' }));
    console.log(`stalled read failed after ${read.ms.toFixed(0)} ms, write after ${write.ms.toFixed(0)} ms`);
    for (const outcome of [read, write]) {
      expect(outcome.error).toBeInstanceOf(DatabaseUnavailableError);
      expect((outcome.error as DatabaseUnavailableError).failure).not.toBe('unreachable');
    }
    expect((read.error as Error).message).toContain('not answering');

    const health = await settle(database.suspectStall());
    expect(health.value).toBe('unreachable');

    await proxy.setMode('forward');
    const after = await settle(repository.listPage(listQuery({})));
    expect(after.value?.total).toBe(1); // the write never reached the database
    const rows = await direct.db.select({ title: products.title }).from(products);
    expect(rows.map((row) => row.title)).toEqual(['Before the stall']);
  });

  it('leaves a statement that is merely slow alone: the server still answers the probe', async () => {
    const slow = await settle(database.db.execute(sql`select pg_sleep(${(REPLY_TIMEOUT_MS * 4) / 1000}) as slept`));
    expect(slow.error).toBeUndefined();
    expect(slow.ms).toBeGreaterThanOrEqual(REPLY_TIMEOUT_MS * 4 - 50);
    expect(await database.suspectStall()).toBe('alive');
  });

  it('fails a connection attempt into the stall within the connect bound', async () => {
    await proxy.setMode('hang');
    const fresh = await openDatabase({ url: `postgres://postgres@127.0.0.1:${proxy.port}/catalog_stall`, maxConnections: 1, timeouts: { connectMs: 500, replyMs: 60_000 } });
    try {
      const attempt = await settle(fresh.db.execute(sql`select 1`));
      expect(attempt.error).toBeDefined();
      expect(String((attempt.error as Error).message) + String((attempt.error as { cause?: Error }).cause?.message)).toMatch(/CONNECT_TIMEOUT|timeout/i);
    } finally {
      await fresh.close();
      await proxy.setMode('forward');
    }
  });
});
