/** The outbox's backlog as health and the metrics read it: counts, and the oldest record's age in seconds. */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cacheInvalidations } from '@/db/schema';
import { createCache, createMemoryStore } from '@/lib/cache';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';
import { createInvalidationOutbox } from './invalidation-outbox';

const databases = await testDatabases();

describe.each(databases)('the outbox backlog on $name', (database) => {
  const fixture = useProductRepository(database);

  it('counts the records, those waiting for a replica, and the age of the oldest', async () => {
    const { db } = fixture.handle;
    const outbox = createInvalidationOutbox({ db, cache: createCache({ store: createMemoryStore(), prefix: 'backlog' }), log: () => {} });
    expect(await outbox.backlog()).toEqual({ records: 0, unreplicated: 0, oldestAgeSeconds: null });
    await db.insert(cacheInvalidations).values([
      { namespace: 'products', createdAt: sql`now() - interval '90 seconds'` },
      { namespace: 'products', retireToken: 'token-1' },
    ]);
    const backlog = await outbox.backlog();
    expect(backlog).toMatchObject({ records: 2, unreplicated: 1 });
    expect(backlog.oldestAgeSeconds).toBeGreaterThanOrEqual(89);
    expect(backlog.oldestAgeSeconds).toBeLessThan(200);
  });
});
