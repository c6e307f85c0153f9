/**
 * The freshness check across Redis failovers, through the production build:
 * a server with three worker processes on a Sentinel or Cluster topology of
 * its own (scripts/lib/redis-lab.ts), anonymous readers on every process, a
 * writer acknowledging price changes through the real data layer in this
 * process, and forced failovers in the middle of the writes.
 *
 * Each forced failover makes the race happen every time: the page is cached
 * and replicated, the replica is held back (paused, its link dropped), a write
 * is acknowledged by the primary alone, the primary is SIGKILLed, and the
 * replica, which never got the invalidation, is promoted. Then every worker
 * is read. The verdict is freshness-check.ts's over every view and every
 * write, whatever its invalidation said: a view that starts after a write
 * was acknowledged must not show an older price.
 *
 * The broken variant is the writer's outbox deleting its record as soon as
 * the primary answered (no replica asked for, as a cache configured without
 * replication does); the servers are the same build either way.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../../db/client';
import { createCache, createRedisStore, type RedisStoreOptions } from '../../lib/cache';
import { cacheKeys } from '../../lib/cache';
import { createProductRepository } from '../../lib/products/repository';
import { PRODUCTS_NAMESPACE } from '../../lib/products/keys';
import { startNextServer } from '../lib/next-server';
import { awaitReplicaCaughtUp, holdReplication, startClusterLab, startSentinelLab, type RedisNode } from '../lib/redis-lab';
import { startEnvironment } from './environment';
import { findViolations, type ReadRecord, type Violation } from './freshness-check';
import { awaitEveryWorker, pausableWriter, readWhile, type ReadCounts } from './page-load';
import { view, writeNextPrice, type PriceWrite } from './page-views';
import type { Variant } from './protocol';

export type Topology = 'sentinel' | 'cluster';

export interface FailoverOptions {
  topology: Topology;
  variant: Variant;
  /** Views to make in all; the forced failovers are spread over them. */
  reads: number;
  /** Forced failovers (default 2). */
  failovers?: number;
  readers?: number;
  deadlineMs?: number;
}

/** One forced failover: what the views right after it showed, per worker, and how it went for clients. */
export interface ForcedFailover {
  written: number;
  /** Per worker, the price its first view after the failover showed. */
  seen: Record<string, number>;
  stale: boolean;
  /** From the kill to the promoted primary answering, in ms. */
  promotionMs: number;
}

export interface FailoverReport {
  topology: Topology;
  variant: Variant;
  processes: number;
  reads: number;
  observations: number;
  writes: number;
  /** Writes saved with the warning that pages may lag: their invalidation could not be completed at once (Redis was failing over). */
  writesWithPendingInvalidation: number;
  /** Observations older than such a warned write (not violations: the warning said so), for the record. */
  laggingAfterWarnedWrites: number;
  forced: ForcedFailover[];
  violations: Violation[];
  /** The largest ackedMsBefore among the violations: how long after an acknowledgement old data was still seen. */
  longestStaleWindowMs: number;
  /** Views during the failovers (kill to promotion and the reads after): answered 200, of all, and the slowest. */
  duringFailover: { requests: number; ok: number; slowestMs: number };
  servedBy: Record<string, number>;
  pageCache: Record<string, number>;
  elapsedMs: number;
}

const WORKERS = 3;
const REPLICA_WAIT_MS = 100;

interface Lab {
  serverEnv: Record<string, string>;
  store: RedisStoreOptions;
  shard(key: string): Promise<{ primary: RedisNode; replica: RedisNode }>;
  awaitFailover(key: string, former: RedisNode): Promise<RedisNode>;
  rejoin(node: RedisNode): Promise<void>;
  stop(): Promise<void>;
}

async function startLab(topology: Topology): Promise<Lab> {
  if (topology === 'sentinel') {
    const lab = await startSentinelLab();
    return {
      serverEnv: { REDIS_SENTINELS: lab.sentinelAddresses, REDIS_SENTINEL_MASTER: lab.masterName },
      store: { sentinels: lab.sentinels.map((node) => ({ host: '127.0.0.1', port: node.port })), masterName: lab.masterName },
      async shard() {
        const primary = await lab.primary();
        return { primary, replica: lab.other(primary) };
      },
      awaitFailover: (_key, former) => lab.awaitFailover(former),
      rejoin: (node) => lab.rejoin(node),
      stop: () => lab.stop(),
    };
  }
  const lab = await startClusterLab();
  return {
    serverEnv: { REDIS_CLUSTER_NODES: lab.seedAddresses },
    store: { clusterNodes: lab.nodes.map((node) => node.url) },
    shard: (key) => lab.shardOf(key),
    awaitFailover: (key, former) => lab.awaitFailover(key, former),
    rejoin: (node) => lab.rejoin(node),
    stop: () => lab.stop(),
  };
}

export async function runFailover(options: FailoverOptions): Promise<FailoverReport> {
  const lab = await startLab(options.topology);
  const environment = await startEnvironment(8);
  const { databaseUrl, prefix } = environment.setupFor(0, options.variant);
  const generationKey = cacheKeys.generationKey(prefix, PRODUCTS_NAMESPACE);
  const server = await startNextServer(undefined, {
    DATABASE_URL: databaseUrl,
    ...lab.serverEnv,
    CACHE_PREFIX: prefix,
    CACHE_INVALIDATION_REPLICAS: '1',
    CACHE_INVALIDATION_REPLICA_WAIT_MS: String(REPLICA_WAIT_MS),
    WEB_CONCURRENCY: String(WORKERS),
  }).catch(async (error: unknown) => {
    await lab.stop();
    await environment.close();
    throw error;
  });
  const database = await openDatabase({ url: databaseUrl, maxConnections: 4 });
  // The writer: the real data layer; the broken variant's outbox asks no replica, so it deletes its record at once.
  const cache = createCache({
    store: createRedisStore({ ...lab.store, commandTimeoutMs: 2000 }),
    prefix,
    timeoutMs: 2000,
    logger: { warn: () => {} },
    replication: { replicas: options.variant === 'real' ? 1 : 0, waitMs: REPLICA_WAIT_MS },
  });
  const repository = createProductRepository({ db: database.db, cache, ttlSeconds: 300, log: () => {} });
  const sweep = repository.startInvalidationSweep(1000);
  const clock = () => performance.now();
  const next = new Map(environment.hotIds.map((id) => [id, 101]));
  const writes: PriceWrite[] = [];
  const observations: ReadRecord[] = [];
  const servedBy: Record<string, number> = {};
  const pageCache: Record<string, number> = {};
  const forced: ForcedFailover[] = [];
  const duringFailover = { requests: 0, ok: 0, slowestMs: 0 };
  let failingOver = false;
  // The writer pauses while a failover is forced: a write of its own after the promotion would move
  // the generation on the new primary and hide what the failover lost; and a write in flight could
  // land between the check below and the hold, leaving nothing old to serve.
  const writer = pausableWriter(() => writeNextPrice(repository, environment.hotIds[Math.floor(Math.random() * environment.hotIds.length)]!, next, clock), writes);
  const started = performance.now();
  const deadline = started + (options.deadlineMs ?? 15 * 60_000);
  const counts: ReadCounts = { started: 0, done: 0 };
  const failovers = options.failovers ?? 2;
  // The reads go on until the forced failovers are done too.
  const readsRemain = () => (counts.started < options.reads || forced.length < failovers) && performance.now() < deadline;

  /** A view on a connection of its own (so it may reach any worker), recorded for the checker. */
  const record = async (connection: { freshConnection?: boolean; agent?: http.Agent } = {}) => {
    const startedAt = clock();
    let seen;
    try {
      seen = await view(`${server.url}/`, connection);
    } catch (error) {
      if (failingOver) {
        duringFailover.requests += 1;
        duringFailover.slowestMs = Math.max(duringFailover.slowestMs, clock() - startedAt);
        return null;
      }
      throw error;
    }
    if (failingOver) {
      duringFailover.requests += 1;
      duringFailover.ok += 1;
      duringFailover.slowestMs = Math.max(duringFailover.slowestMs, clock() - startedAt);
    }
    for (const [item, version] of seen.prices) observations.push({ item, version, startedAt, source: 'list' });
    servedBy[seen.worker] = (servedBy[seen.worker] ?? 0) + 1;
    pageCache[seen.pageCache] = (pageCache[seen.pageCache] ?? 0) + 1;
    return seen;
  };

  async function forceFailover(index: number): Promise<void> {
    await writer.pause();
    const id = environment.hotIds[index % environment.hotIds.length]!;
    const { primary, replica } = await lab.shard(generationKey);
    // The page is cached under the current generation, and the replica has it.
    while ((await record())?.pageCache !== 'hit');
    await awaitReplicaCaughtUp(primary, replica);
    await holdReplication(primary, replica);
    const write = await writeNextPrice(repository, id, next, clock); // acknowledged by the primary alone
    writes.push(write);
    failingOver = true;
    const killedAt = clock();
    await primary.kill();
    replica.resume();
    await lab.awaitFailover(generationKey, primary);
    const promotionMs = clock() - killedAt;
    // Every worker, on connections of their own, until each has served a view from its page cache
    // again (while it may be behind, it bypasses the cache and reads the database, which proves nothing).
    const seen: Record<string, number> = {};
    const answers: Record<string, Record<string, number>> = {};
    for (let attempt = 0; Object.keys(seen).length < WORKERS && attempt < 2000; attempt += 1) {
      const answer = await record({ freshConnection: true });
      if (answer) (answers[answer.worker] ??= {})[answer.pageCache] = (answers[answer.worker]?.[answer.pageCache] ?? 0) + 1;
      if (answer?.pageCache === 'hit' && !(answer.worker in seen)) seen[answer.worker] = answer.prices.get(id) ?? -1;
      if (answer?.pageCache !== 'hit') await sleep(10);
    }
    if (Object.keys(seen).length < WORKERS) {
      const health = await fetch(`${server.url}/api/health`).then((response) => response.text(), String);
      throw new Error(`after the failover, only workers ${Object.keys(seen).join(', ')} served from the page cache again; answers by worker ${JSON.stringify(answers)}; health ${health}\n${server.output().slice(-3000)}`);
    }
    failingOver = false;
    forced.push({ written: write.version, seen, stale: Object.values(seen).some((price) => price < write.version), promotionMs });
    await lab.rejoin(primary);
    writer.resume();
  }

  try {
    await awaitEveryWorker(`${server.url}/`, WORKERS);
    const reader = () => readWhile(readsRemain, (agent) => record({ agent }), counts);
    const faults = async () => {
      for (let index = 0; index < failovers && performance.now() < deadline; index += 1) {
        // Spread over the run: the next failover when its share of the reads has started.
        while (readsRemain() && counts.started < ((index + 1) * options.reads) / (failovers + 1)) await sleep(50);
        await forceFailover(index);
      }
    };
    await Promise.all([...Array.from({ length: options.readers ?? 6 }, reader), writer.run(readsRemain), faults()]);
    // Acknowledged writes are held to the guarantee; a write whose invalidation could not be completed
    // at once was saved with a warning that pages may lag (up to a sweep): its lag is reported apart.
    const violations = findViolations(writes.filter((write) => write.invalidation === 'done'), observations);
    const laggingAfterWarnedWrites = findViolations(writes, observations).length - violations.length;
    return {
      topology: options.topology,
      variant: options.variant,
      processes: Object.keys(servedBy).length,
      reads: counts.done,
      observations: observations.length,
      writes: writes.length,
      writesWithPendingInvalidation: writes.filter((write) => write.invalidation === 'pending-retry').length,
      laggingAfterWarnedWrites,
      forced,
      violations,
      longestStaleWindowMs: violations.reduce((longest, violation) => Math.max(longest, violation.ackedMsBefore), 0),
      duringFailover,
      servedBy,
      pageCache,
      elapsedMs: performance.now() - started,
    };
  } finally {
    sweep();
    await server.stop();
    await cache.close();
    await database.close();
    await environment.close();
    await lab.stop();
  }
}
