/**
 * Freshness through a cache outage, process by process, with the outbox and
 * with the previous design (in-memory retry only). Each "process" is its own
 * cache client and repository over one database and one shared store; each
 * client can be cut off on its own (a partition) or all together (an outage).
 * Sweeps are run by hand, so every interleaving is forced.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { cacheInvalidations } from '@/db/schema';
import { seedProducts } from '@/db/seed';
import { createCache, createMemoryStore, type CacheStore } from '@/lib/cache';
import { switchableStore, type SwitchableStore } from '@/lib/cache/testing/switchable-store';
import { testDatabases } from '@/test/support/databases';
import { inMemoryRetryInvalidation } from '@/test/support/doubles/in-memory-retry-invalidation';
import { useProductRepository } from '@/test/support/repository-fixture';
import { PRODUCTS_NAMESPACE } from './keys';
import { createProductRepository, type ProductRepository } from './repository';
import { listQuery } from '@/lib/validation/list-query';

const databases = await testDatabases();
const firstPage = listQuery({ page: 1, size: 10, q: '' });
const quiet = () => {};

interface Process {
  link: SwitchableStore;
  repository: ProductRepository;
}

describe.each(databases)('the invalidation outbox on $name', (database) => {
  const fixture = useProductRepository(database);
  let shared: CacheStore;
  let db: Database;
  beforeEach(() => {
    shared = createMemoryStore();
    db = fixture.handle.db;
  });

  function startProcess(invalidation: 'outbox' | 'in-memory-retry' = 'outbox'): Process {
    const link = switchableStore(shared);
    const cache = createCache({ store: link.store, prefix: 'outbox-test', circuitBreaker: false, logger: { warn: quiet } });
    // The design, or the test double of the one before it (injected, as only a test does).
    const design = invalidation === 'in-memory-retry' ? inMemoryRetryInvalidation(cache, { ttlSeconds: 300, log: quiet }) : undefined;
    return { link, repository: createProductRepository({ db, cache, ttlSeconds: 300, log: quiet, invalidation: design }) };
  }
  const titleSeenBy = async (process: Process) => (await process.repository.listPage(firstPage)).rows[0]?.title;
  const recordsLeft = async () => (await db.select().from(cacheInvalidations)).length;

  for (const invalidation of ['outbox', 'in-memory-retry'] as const) {
    const broken = invalidation === 'in-memory-retry';
    const verdict = broken ? 'is caught serving the old title' : 'serves the new title';

    it(`${invalidation}: a partition of the writer; another process ${verdict} after its next sweep`, async () => {
      const a = startProcess(invalidation);
      const b = startProcess(invalidation);
      const { value } = await a.repository.create({ title: 'Old title', price: '1.00' });
      expect(await titleSeenBy(b)).toBe('Old title'); // cached by B

      a.link.cut();
      const written = await a.repository.update({ id: value.id, title: 'New title', price: '1.00' });
      expect(written.invalidation).toBe('pending-retry');
      // The writer observed the fault: its own reads come from the database at once.
      expect(await titleSeenBy(a)).toBe('New title');

      await b.repository.drainInvalidations(); // B's sweep tick
      expect(await titleSeenBy(b)).toBe(broken ? 'Old title' : 'New title');
      if (!broken) expect(await recordsLeft()).toBe(0);
    });

    it(`${invalidation}: a full outage with the writer restarted; a process that saw the outage ${verdict} on its first read`, async () => {
      const a = startProcess(invalidation);
      const b = startProcess(invalidation);
      const { value } = await a.repository.create({ title: 'Old title', price: '1.00' });
      expect(await titleSeenBy(b)).toBe('Old title');

      a.link.cut();
      b.link.cut();
      expect(await titleSeenBy(b)).toBe('Old title'); // B fails open to the database, and so observes the outage
      await a.repository.update({ id: value.id, title: 'New title', price: '1.00' });
      const restartedA = startProcess(invalidation); // A's memory is gone
      a.link.restore();
      b.link.restore();
      // No sweep has run: B catches up before serving from the cache again.
      expect(await titleSeenBy(b)).toBe(broken ? 'Old title' : 'New title');
      expect(await titleSeenBy(restartedA)).toBe(broken ? 'Old title' : 'New title');
    });

    it(`${invalidation}: a full outage that a process never saw; it ${verdict} after its next sweep`, async () => {
      const a = startProcess(invalidation);
      const b = startProcess(invalidation);
      const { value } = await a.repository.create({ title: 'Old title', price: '1.00' });
      expect(await titleSeenBy(b)).toBe('Old title');
      a.link.cut();
      await a.repository.update({ id: value.id, title: 'New title', price: '1.00' });
      startProcess(invalidation); // A restarted; the old one is gone
      a.link.restore();
      await b.repository.drainInvalidations();
      expect(await titleSeenBy(b)).toBe(broken ? 'Old title' : 'New title');
    });
  }

  it('a bulk change during an outage is recorded and completed the same way', async () => {
    const a = startProcess();
    const b = startProcess();
    const { value } = await a.repository.create({ title: 'Bulk probe', price: '10.00' });
    expect((await b.repository.listPage(firstPage)).rows[0]?.price).toBe('10.00');
    a.link.cut();
    const written = await a.repository.bulkChangePrice({ ids: [value.id] }, { adjustPercent: '10' });
    expect(written.invalidation).toBe('pending-retry');
    expect(await recordsLeft()).toBe(1);
    await b.repository.drainInvalidations();
    expect((await b.repository.listPage(firstPage)).rows[0]?.price).toBe('11.00');
    expect(await recordsLeft()).toBe(0);
  });

  it('a new process drains before its first cached read', async () => {
    const a = startProcess();
    const { value } = await a.repository.create({ title: 'Old title', price: '1.00' });
    expect(await titleSeenBy(a)).toBe('Old title');
    a.link.cut();
    await a.repository.update({ id: value.id, title: 'New title', price: '1.00' });
    a.link.restore();
    const fresh = startProcess();
    expect(await titleSeenBy(fresh)).toBe('New title');
    expect(await recordsLeft()).toBe(0);
  });
  for (const recorded of [true, false]) {
    it(`a seed ${recorded ? 'records its invalidation: a running process serves the seeded rows after its next sweep' : 'without a record (the broken variant) is caught: the cached count stays'}`, async () => {
      const app = startProcess();
      await seedProducts(db, 3, { invalidateNamespace: PRODUCTS_NAMESPACE });
      await app.repository.drainInvalidations();
      expect((await app.repository.listPage(firstPage)).total).toBe(3); // cached now

      await seedProducts(db, 5, recorded ? { invalidateNamespace: PRODUCTS_NAMESPACE } : {});
      await app.repository.drainInvalidations(); // the sweep tick
      expect((await app.repository.listPage(firstPage)).total).toBe(recorded ? 5 : 3);
      expect(await recordsLeft()).toBe(0);
    });
  }
});
