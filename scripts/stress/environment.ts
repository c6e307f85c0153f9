/**
 * The shared services of one stress run: the REST bridge (in this process)
 * in front of the real Redis, and a PostgreSQL database of the stress
 * suite's own (never the shared `test` one), seeded with a few hot products.
 * Every Redis key of the run starts with a unique prefix, removed at the end.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type DatabaseHandle } from '../../db/client';
import { products } from '../../db/schema';
import { createRedisStore } from '../../lib/cache';
import { ensureOwnDatabase } from '../lib/own-database';
import { TEST_REDIS_URL } from '../lib/local-services';
import { startBridge, type Bridge } from '../redis-rest-bridge/server';
import { newEpoch } from './clock';
import { HOT_TITLE } from './freshness-task';
import type { Variant, WorkerSetup } from './protocol';

export const STRESS_DATABASE = 'catalog_stress';

export interface StressEnvironment {
  hotIds: number[];
  database: DatabaseHandle;
  setupFor(index: number, variant: Variant, cache?: Partial<WorkerSetup['cache']>): WorkerSetup;
  close(): Promise<void>;
}

/** Removes the run's keys (a SCAN of the prefix, through the native store). */
async function deleteKeysStartingWith(redisUrl: string, prefix: string): Promise<void> {
  const store = createRedisStore({ url: redisUrl });
  try {
    await store.deleteByPrefix(prefix);
  } finally {
    await store.close();
  }
}

/** Inserts `count` hot products at 1.00, titled "<HOT_TITLE> <id>" as the writers keep them; their ids. */
export async function seedHotProducts(db: Database, count: number): Promise<number[]> {
  const inserted = await db
    .insert(products)
    .values(Array.from({ length: count }, () => ({ title: HOT_TITLE, price: '1.00' })))
    .returning({ id: products.id });
  // Titles carry the id; this does not bump the version.
  await db.execute(sql`update products set title = ${HOT_TITLE} || ' ' || id`);
  return inserted.map((row) => row.id);
}

export async function startEnvironment(hotProducts: number): Promise<StressEnvironment> {
  const databaseUrl = await ensureOwnDatabase(STRESS_DATABASE);
  const database = await openDatabase({ url: databaseUrl, maxConnections: 2 });
  await database.db.execute(sql`truncate table products restart identity`);
  const hotIds = await seedHotProducts(database.db, hotProducts);

  const bridge: Bridge = await startBridge({ redisUrl: TEST_REDIS_URL, token: randomUUID() });
  const prefix = `stress-${randomUUID().slice(0, 8)}`;
  const epoch = newEpoch();
  return {
    hotIds,
    database,
    setupFor: (index, variant, cache) => ({
      index,
      databaseUrl,
      bridgeUrl: bridge.url,
      bridgeToken: bridge.token,
      prefix,
      variant,
      epoch,
      cache: { timeoutMs: 2000, leaseTtlMs: 5000, leaseWaitMs: 1500, ...cache },
    }),
    async close() {
      await bridge.close();
      await deleteKeysStartingWith(TEST_REDIS_URL, prefix);
      await database.close();
    },
  };
}
