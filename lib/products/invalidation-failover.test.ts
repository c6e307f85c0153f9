/**
 * The invalidation outbox across a Redis failover, forced: an in-memory
 * primary and replica (lib/cache/testing/replicated-store.ts) whose
 * replication is held while a write invalidates, then the primary dies and
 * the replica, which never got the invalidation, is promoted.
 *
 * The design waits for a replica (CacheOptions.replication) and keeps the
 * record until one has the invalidation, so a drain redoes it on the new
 * primary. The broken variant deletes the record as soon as the primary
 * answered (no replication asked for): it is caught serving the old title
 * every time. Each "process" is its own cache client and repository; sweeps
 * run by hand.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { cacheInvalidations } from '@/db/schema';
import { createCache, type Cache, type CacheStore } from '@/lib/cache';
import { recordEvents } from '@/lib/cache/testing/event-recorder';
import { replicatedStores, type ReplicatedStores } from '@/lib/cache/testing/replicated-store';
import { listQuery } from '@/lib/validation/list-query';
import { testDatabases } from '@/test/support/databases';
import { useProductRepository } from '@/test/support/repository-fixture';
import { createProductRepository, type ProductRepository } from './repository';

const databases = await testDatabases();
const firstPage = listQuery({ page: 1, size: 10, q: '' });
const quiet = () => {};

describe.each(databases)('invalidations across a Redis failover on $name', (database) => {
  const fixture = useProductRepository(database);
  let nodes: ReplicatedStores;
  let db: Database;
  beforeEach(() => {
    nodes = replicatedStores();
    db = fixture.handle.db;
  });

  const caches = new Map<ProductRepository, Cache>();
  /** A process: its own cache client (waiting for `replicas` replicas) and repository over the shared nodes (or `store`). */
  function startProcess(replicas: number, store: CacheStore = nodes.store, wrap: (cache: Cache) => Cache = (cache) => cache): ProductRepository {
    const cache = wrap(createCache({ store, prefix: 'failover-test', circuitBreaker: false, logger: { warn: quiet }, replication: { replicas, waitMs: 20 } }));
    const repository = createProductRepository({ db, cache, ttlSeconds: 300, log: quiet });
    caches.set(repository, cache);
    return repository;
  }
  const titleSeenBy = async (process: ProductRepository) => (await process.listPage(firstPage)).rows[0]?.title;
  const records = () => db.select().from(cacheInvalidations);

  for (const variant of [
    { label: 'the record kept until a replica has it (the design)', replicas: 1, broken: false },
    { label: 'the record deleted once the primary answered', replicas: 0, broken: true },
  ]) {
    it(`${variant.label}: after the primary dies with the invalidation, a reader ${variant.broken ? 'is caught serving the old title' : 'serves the new title'}`, async () => {
      const writer = startProcess(variant.replicas);
      const reader = startProcess(variant.replicas);
      const { value } = await writer.create({ title: 'Old title', price: '1.00' });
      await reader.drainInvalidations();
      expect(await titleSeenBy(reader)).toBe('Old title'); // cached, and replicated

      nodes.holdReplication();
      const written = await writer.update({ id: value.id, title: 'New title', price: '1.00' });
      expect(written.invalidation).toBe('done'); // the primary has it: every reader sees it now
      expect(await titleSeenBy(reader)).toBe('New title');
      expect(await records()).toHaveLength(variant.broken ? 0 : 1);

      nodes.failover(); // the replica never received the invalidation
      // Each process heard its connection go and drains (a sweep tick) before it trusts the cache again.
      await Promise.all([reader.drainInvalidations(), writer.drainInvalidations()]);
      expect(await titleSeenBy(reader)).toBe(variant.broken ? 'Old title' : 'New title');
      expect(await titleSeenBy(writer)).toBe(variant.broken ? 'Old title' : 'New title');
    });
  }

  it('while the replica lags, each sweep redoes the kept invalidation without throwing away newer entries; once it catches up the record goes', async () => {
    const writer = startProcess(1);
    const reader = startProcess(1);
    const { value } = await writer.create({ title: 'Old title', price: '1.00' });
    await reader.drainInvalidations();
    nodes.holdReplication();
    await writer.update({ id: value.id, title: 'New title', price: '1.00' });
    const [kept] = await records();
    expect(kept?.retireToken).toEqual(expect.any(String));

    expect(await titleSeenBy(reader)).toBe('New title'); // a miss, filled under the new generation
    expect(await reader.drainInvalidations()).toBe(1); // a sweep tick: still unreplicated
    const events = recordEvents(caches.get(reader)!);
    expect(await titleSeenBy(reader)).toBe('New title');
    expect(events.events.filter((event) => event.op === 'lookup').map((event) => event.result)).toEqual(['hit']);
    expect(await records()).toHaveLength(1);

    nodes.releaseReplication();
    expect(await reader.drainInvalidations()).toBe(0);
    expect(await records()).toHaveLength(0);
  });

  for (const variant of [
    { label: 'redone by its token (the design)', broken: false },
    { label: 'kept but never retired again (a redo that only waits for a replica)', broken: true },
  ]) {
    it(`a split between two primaries, each side writing: a record ${variant.label} ${variant.broken ? 'leaves the other side serving the old title' : 'reaches the other side'}`, async () => {
      // The broken redo: asks for replicas again, but never retires on a primary that lacks the retirement.
      const waitOnly = (cache: Cache): Cache =>
        variant.broken ? Object.assign(Object.create(cache) as Cache, { invalidate: (namespace: string, options?: { redo?: readonly string[] }) => cache.invalidate(namespace, options?.redo ? { redo: [] } : {}) }) : cache;
      const onA = startProcess(1, nodes.store, waitOnly);
      const { value } = await onA.create({ title: 'Title 1', price: '1.00' });
      await onA.drainInvalidations();
      expect(await titleSeenBy(onA)).toBe('Title 1');

      const onB = startProcess(1, nodes.split(), waitOnly); // B: the replica, promoted for its own clients
      await onA.update({ id: value.id, title: 'Title 2', price: '1.00' }); // on A only
      expect(await titleSeenBy(onA)).toBe('Title 2'); // A begins a newer generation
      await onB.drainInvalidations(); // B redoes A's retirement, which it lacks
      expect(await titleSeenBy(onB)).toBe(variant.broken ? 'Title 1' : 'Title 2');

      await onB.update({ id: value.id, title: 'Title 3', price: '1.00' }); // on B only: it retires B's generation, not A's
      await onA.drainInvalidations(); // a sweep tick on A
      expect(await titleSeenBy(onA)).toBe(variant.broken ? 'Title 2' : 'Title 3');
      expect(await records()).toHaveLength(2); // neither side has a replica: both records wait
    });
  }
});
