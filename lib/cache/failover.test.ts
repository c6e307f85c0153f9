/**
 * The cache across a Redis failover, forced with an in-memory primary and
 * replica (testing/replicated-store.ts): replication is held so the replica
 * misses exactly the invalidation the test chooses, then the primary "dies".
 *
 * - invalidate() with replication says whether replicas have it, and a redo
 *   (its token) retires on a primary that lacks the retirement, and nowhere
 *   it is already;
 * - a read that began before the failover and got its reply after it serves
 *   the source: the reply may come from a primary that lacks the write. A
 *   store that hides its lost connections is caught serving the old value,
 *   so the check is what keeps it fresh.
 */
import { describe, expect, it } from 'vitest';
import { createCache } from './cache';
import type { CacheStore } from './store';
import { recordEvents } from './testing/event-recorder';
import { replicatedStores } from './testing/replicated-store';

const quiet = { warn: () => {} };
const cacheOn = (store: CacheStore, replicas = 1) => createCache({ store, prefix: 'failover', circuitBreaker: false, logger: quiet, replication: { replicas, waitMs: 50 } });

/** The same store without onConnectionLost: it never says that its connection moved to another primary. */
const hidingLostConnections = (store: CacheStore): CacheStore =>
  new Proxy(store, { get: (target, property) => (property === 'onConnectionLost' ? undefined : target[property as keyof CacheStore]) });

describe('invalidate() with replication', () => {
  it('says it is replicated when the replica has it, and not while replication is held', async () => {
    const nodes = replicatedStores();
    const cache = cacheOn(nodes.store);
    await cache.cached('page', async () => 'v1', { namespace: 'products' });
    const recorder = recordEvents(cache);
    expect(await cache.invalidate('products')).toMatchObject({ replicated: true, replicasAcknowledged: 1, retired: expect.any(String) });
    await cache.cached('page', async () => 'v2', { namespace: 'products' });
    nodes.holdReplication();
    const receipt = await cache.invalidate('products');
    expect(receipt).toMatchObject({ replicated: false, replicasAcknowledged: 0, retired: expect.any(String) });
    expect(recorder.events.filter((event) => event.op === 'invalidate').map((event) => event.result)).toEqual(['ok', 'unreplicated']);
  });

  it('a redo retires where the retirement is missing (the promoted replica), and nowhere it is', async () => {
    const nodes = replicatedStores();
    const cache = cacheOn(nodes.store);
    const database = { value: 'v1' };
    const read = () => cache.cached('page', async () => database.value, { namespace: 'products' });
    expect(await read()).toBe('v1');
    nodes.holdReplication();
    database.value = 'v2';
    const receipt = await cache.invalidate('products');
    expect(receipt).toMatchObject({ replicated: false, token: expect.any(String) });
    // While that primary lives, a redo finds the retirement there and keeps the generation begun since.
    expect(await read()).toBe('v2');
    expect(await cache.invalidate('products', { redo: [receipt.token!] })).toMatchObject({ retired: null });

    nodes.failover();
    // The new primary still has the old generation and its entry, and no marker: the redo retires it.
    expect(await cache.invalidate('products', { redo: [receipt.token!] })).toMatchObject({ retired: receipt.retired, replicated: true });
    expect(await read()).toBe('v2');
    // Now this history has it: a second redo keeps the newer generation.
    expect(await cache.invalidate('products', { redo: [receipt.token!] })).toMatchObject({ retired: null, replicated: true });
    const events = recordEvents(cache);
    expect(await read()).toBe('v2');
    expect(events.events.find((event) => event.op === 'lookup')).toMatchObject({ result: 'hit' });
  });
});

describe('a read whose reply comes back over a new connection', () => {
  for (const variant of [
    { label: 'a store that reports its lost connections (the design)', broken: false },
    { label: 'a store that hides them', broken: true },
  ]) {
    it(`${variant.label}: ${variant.broken ? 'is caught serving the value from before the write' : 'serves the source'}`, async () => {
      const nodes = replicatedStores();
      const store = variant.broken ? hidingLostConnections(nodes.store) : nodes.store;
      const reader = createCache({ store, prefix: 'failover', circuitBreaker: false, logger: quiet, localCopyMaxBytes: 0 });
      const writer = cacheOn(nodes.store);
      const database = { value: 'v1' };
      const read = () => reader.cached('page', async () => database.value, { namespace: 'products' });
      expect(await read()).toBe('v1'); // stored, and replicated

      nodes.holdReplication();
      database.value = 'v2';
      await writer.invalidate('products'); // acknowledged by the primary alone
      // The next read starts now, after the acknowledgement; its lookup reaches the store
      // only after the primary died and the replica, without the write, took over.
      nodes.beforeNext('lookup', () => nodes.failover());
      expect(await read()).toBe(variant.broken ? 'v1' : 'v2');
    });
  }
});
