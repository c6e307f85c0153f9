/**
 * The cache library across real Redis failovers: Sentinel promoting a replica,
 * and a Redis Cluster shard failing over, each on servers of the test's own
 * (scripts/lib/redis-lab.ts). The race is forced, never left to luck: the
 * replica is held back (paused, its link dropped) while a write invalidates,
 * so the primary acknowledges a retirement its replica never receives, and
 * is then killed (SIGKILL).
 *
 * With replication asked for, invalidate() says the retirement is not
 * replicated, and a redo on the new primary (the receipt's token) makes the write
 * visible. Without the redo (an invalidation record deleted as soon as the
 * primary answered), the reader is caught serving the old value every time.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCache, createRedisStore, type Cache, type CacheEvent, type RedisStoreOptions } from '@/lib/cache';
import { cacheKeys } from '@/lib/cache';
import { uniquePrefix } from '@/lib/cache/testing';
import { awaitReplicaCaughtUp, holdReplication, startClusterLab, startSentinelLab, type ClusterLab, type RedisNode, type SentinelLab } from '../../scripts/lib/redis-lab';

const installed = ['redis-server', 'redis-cli'].every((tool) => spawnSync('which', [tool]).status === 0);
if (!installed) console.warn('\n!!! SKIPPING the Redis failover tests: redis-server and redis-cli are not installed. !!!\n');

const WAIT_MS = 200;

interface Topology {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  store(): RedisStoreOptions;
  /** The primary and replica that hold `key`. */
  shard(key: string): Promise<{ primary: RedisNode; replica: RedisNode }>;
  awaitFailover(key: string, former: RedisNode): Promise<RedisNode>;
  rejoin(node: RedisNode): Promise<void>;
}

function sentinelTopology(): Topology {
  let lab: SentinelLab;
  return {
    name: 'Sentinel (a primary, a replica, three sentinels)',
    start: async () => void (lab = await startSentinelLab()),
    stop: () => lab?.stop(),
    store: () => ({ sentinels: lab.sentinels.map((node) => ({ host: '127.0.0.1', port: node.port })), masterName: lab.masterName, commandTimeoutMs: 1000 }),
    async shard() {
      const primary = await lab.primary();
      return { primary, replica: lab.other(primary) };
    },
    awaitFailover: (_key, former) => lab.awaitFailover(former),
    rejoin: (node) => lab.rejoin(node),
  };
}

function clusterTopology(): Topology {
  let lab: ClusterLab;
  return {
    name: 'Cluster (three primaries with a replica each)',
    start: async () => void (lab = await startClusterLab()),
    stop: () => lab?.stop(),
    store: () => ({ clusterNodes: lab.nodes.map((node) => node.url), commandTimeoutMs: 1000 }),
    shard: (key) => lab.shardOf(key),
    awaitFailover: (key, former) => lab.awaitFailover(key, former),
    rejoin: (node) => lab.rejoin(node),
  };
}

/** Reads until the cache answers from the store again (a hit or a stored fill), at most 20 s. */
async function readThroughStore(cache: Cache, events: CacheEvent[], read: () => Promise<string>): Promise<string> {
  for (const deadline = performance.now() + 20_000; performance.now() < deadline; ) {
    const before = events.length;
    const value = await read();
    if (events.slice(before).some((event) => (event.op === 'lookup' && event.result === 'hit') || (event.op === 'fill' && event.result === 'stored'))) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const last = events.slice(-6).map((event) => `${event.op} ${event.result ?? ''} ${event.error ?? ''}`.trim());
  throw new Error(`the cache never answered from the store after the failover; its last events: ${last.join('; ')}`);
}

describe.skipIf(!installed).each([sentinelTopology(), clusterTopology()])('the cache across a failover: $name', (topology) => {
  beforeAll(() => topology.start(), 120_000);
  afterAll(() => topology.stop());

  for (const variant of [
    { label: 'the unreplicated retirement redone on the new primary (the design)', redo: true },
    { label: 'no redo (the record deleted once the primary answered)', redo: false },
  ]) {
    it(`${variant.label}: the reader ${variant.redo ? 'serves the write' : 'is caught serving the value from before it'}`, async () => {
      const prefix = uniquePrefix();
      const open = () => createCache({ store: createRedisStore(topology.store()), prefix, timeoutMs: 1000, circuitBreaker: false, logger: { warn: () => {} }, replication: { replicas: 1, waitMs: WAIT_MS } });
      const writer = open();
      const reader = open();
      const events: CacheEvent[] = [];
      reader.onEvent((event) => events.push(event));
      const database = { value: 'v1' };
      const read = () => reader.cached('page', async () => database.value, { namespace: 'products' });
      try {
        const { primary, replica } = await topology.shard(cacheKeys.generationKey(prefix, 'products'));
        expect(await read()).toBe('v1');
        // Both of the writer's connections open (a cluster client learns the slots from its seeds, one of which is about to be paused).
        await writer.invalidate('warm-up');
        await awaitReplicaCaughtUp(primary, replica); // the replica has the entry and its generation

        await holdReplication(primary, replica);
        database.value = 'v2';
        const receipt = await writer.invalidate('products'); // acknowledged by the primary alone
        expect(receipt).toMatchObject({ replicated: false, replicasAcknowledged: 0, retired: expect.any(String) });
        expect(await read()).toBe('v2'); // every reader sees it while that primary lives
        await primary.kill();
        replica.resume();
        await topology.awaitFailover(cacheKeys.generationKey(prefix, 'products'), primary);

        if (variant.redo) {
          const redo = await retry(() => writer.invalidate('products', { redo: [receipt.token!] }));
          expect(redo.retired).toBe(receipt.retired); // the promoted replica still had the old generation
        }
        expect(events.some((event) => event.op === 'connection' && event.result === 'lost')).toBe(true);
        expect(await readThroughStore(reader, events, read)).toBe(variant.redo ? 'v2' : 'v1');

        await topology.rejoin(primary);
        // The rejoined node may still be loading its resync when the first WAIT runs out, so the redo is
        // asked again until a replica acknowledges it; what it must then say is that it retired nothing.
        if (variant.redo) expect(await retry(() => writer.invalidate('products', { redo: [receipt.token!] }), (redo) => redo.replicated)).toMatchObject({ replicated: true, retired: null });
      } finally {
        await Promise.all([writer.close(), reader.close()]);
      }
    }, 120_000);
  }
});

/**
 * `call` again until it stops throwing (a cluster refreshing its slots) and its answer is `done`,
 * about 100 attempts 200 ms apart; the last answer is returned (for the caller's assertion) or thrown.
 */
async function retry<T>(call: () => Promise<T>, done: (answer: T) => boolean = () => true): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      const answer = await call();
      if (done(answer) || attempt > 100) return answer;
    } catch (error) {
      if (attempt > 100) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
