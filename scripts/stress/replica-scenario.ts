/**
 * The freshness check with a PostgreSQL read replica, through the production
 * build: a server with three worker processes reading list pages through a
 * streaming replica of the test's own (scripts/lib/postgres-lab.ts), the
 * machine's Redis under a prefix of the run's own, anonymous readers on every
 * process, and a writer acknowledging price changes on the primary through
 * the real data layer in this process.
 *
 * The race is forced, never left to luck: in each forced round the replica's
 * replay is paused, a write is acknowledged, and every worker is read until
 * each has served the page from its cache again (a fill after the write,
 * which the replica does not have). Then (the real design) the replica is
 * stopped outright, read through, and started again. The verdict is freshness-check.ts's over
 * every view and every acknowledged write.
 *
 * The broken variant is the naive set-up: the servers' DATABASE_URL names the
 * replica, so every read goes to it, however far behind (the writer still
 * writes on the primary); the real design names the primary and the replica
 * in DATABASE_REPLICA_URLS. Where reads went is read from the servers'
 * metrics (catalog_database_reads_total).
 */
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { createCache, createRedisStore } from '../../lib/cache';
import { createProductRepository } from '../../lib/products/repository';
import { TEST_REDIS_URL } from '../lib/local-services';
import { freePort } from '../lib/free-port';
import { startNextServer } from '../lib/next-server';
import { startPostgresLab } from '../lib/postgres-lab';
import { seedHotProducts } from './environment';
import { findViolations, type ReadRecord, type Violation } from './freshness-check';
import { awaitEveryWorker, pausableWriter, readWhile, type ReadCounts } from './page-load';
import { view, writeNextPrice, type PriceWrite } from './page-views';
import type { Variant } from './protocol';

export interface ReplicaOptions {
  variant: Variant;
  /** Views to make in all; the forced rounds are spread over them. */
  reads: number;
  /** Forced rounds with the replay paused (default 2). */
  rounds?: number;
  readers?: number;
  deadlineMs?: number;
}

/** One forced round: the price each worker's first page-cache hit after the write showed. */
export interface ForcedRound {
  written: number;
  seen: Record<string, number>;
  stale: boolean;
}

export interface ReplicaReport {
  variant: Variant;
  processes: number;
  reads: number;
  observations: number;
  writes: number;
  forced: ForcedRound[];
  violations: Violation[];
  longestStaleWindowMs: number;
  /** Views while the replica was stopped: answered 200, of all. */
  replicaStopped: { requests: number; ok: number };
  /** From the replica answering again to the servers' next read on it, in ms; null when never seen (or the broken variant). */
  backOnReplicaMs: number | null;
  /** /api/health while the replica was stopped, and once reads were back on it: its status and the replica's entry. */
  health: { whileStopped: HealthSnapshot | null; after: HealthSnapshot | null };
  /** The servers' reads by where they went (their metrics, summed over the workers). */
  routed: Record<string, number>;
  servedBy: Record<string, number>;
  pageCache: Record<string, number>;
  elapsedMs: number;
}

export interface HealthSnapshot {
  httpStatus: number;
  status: string;
  replica: { state: string; answered: boolean; lagBytes: number | null } | null;
}

async function health(url: string): Promise<HealthSnapshot> {
  const response = await fetch(`${url}/api/health`);
  const body = (await response.json()) as { status: string; checks: { replicas?: { replicas: Array<HealthSnapshot['replica']> } } };
  return { httpStatus: response.status, status: body.status, replica: body.checks.replicas?.replicas[0] ?? null };
}

const WORKERS = 3;
const HOT_PRODUCTS = 8;

/** The servers' catalog_database_reads_total samples, "target/reason" → count. */
async function routedReads(url: string, token: string): Promise<Record<string, number>> {
  const text = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.text());
  const routed: Record<string, number> = {};
  for (const [, target, reason, value] of text.matchAll(/^catalog_database_reads_total\{target="(\w+)",reason="([\w-]+)"\} (\d+)/gm)) routed[`${target}/${reason}`] = Number(value);
  return routed;
}

export async function runReplicaScenario(options: ReplicaOptions): Promise<ReplicaReport> {
  const lab = await startPostgresLab();
  const prefix = `replica-${randomBytes(4).toString('hex')}`;
  const metricsPort = await freePort();
  const metricsToken = randomBytes(16).toString('hex');
  let server: Awaited<ReturnType<typeof startNextServer>> | null = null;
  let database: Awaited<ReturnType<typeof openDatabase>> | null = null;
  const cache = createCache({ store: createRedisStore({ url: TEST_REDIS_URL }), prefix, timeoutMs: 2000, logger: { warn: () => {} } });
  try {
    await lab.createDatabase('catalog');
    database = await openDatabase({ url: lab.primary.url('catalog'), maxConnections: 4 });
    await migrateDatabase(database);
    const hotIds = await seedHotProducts(database.db, HOT_PRODUCTS);
    await lab.awaitCaughtUp();

    server = await startNextServer(undefined, {
      ...(options.variant === 'real'
        ? { DATABASE_URL: lab.primary.url('catalog'), DATABASE_REPLICA_URLS: lab.replica.url('catalog'), DATABASE_REPLICA_REST_MS: '500' }
        : { DATABASE_URL: lab.replica.url('catalog') }),
      REDIS_URL: TEST_REDIS_URL,
      CACHE_PREFIX: prefix,
      WEB_CONCURRENCY: String(WORKERS),
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: metricsToken,
    });
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const repository = createProductRepository({ db: database.db, cache, ttlSeconds: 300, log: () => {} });
    const sweep = repository.startInvalidationSweep(1000);
    const clock = () => performance.now();
    const next = new Map(hotIds.map((id) => [id, 101]));
    const writes: PriceWrite[] = [];
    const observations: ReadRecord[] = [];
    const servedBy: Record<string, number> = {};
    const pageCache: Record<string, number> = {};
    const forced: ForcedRound[] = [];
    const replicaStopped = { requests: 0, ok: 0 };
    let backOnReplicaMs: number | null = null;
    const healthSeen: ReplicaReport['health'] = { whileStopped: null, after: null };
    let stopped = false;
    const writer = pausableWriter(() => writeNextPrice(repository, hotIds[Math.floor(Math.random() * hotIds.length)]!, next, clock), writes);
    const started = performance.now();
    const deadline = started + (options.deadlineMs ?? 10 * 60_000);
    const rounds = options.rounds ?? 2;
    const counts: ReadCounts = { started: 0, done: 0 };
    let faultsDone = false;
    const readsRemain = () => (counts.started < options.reads || !faultsDone) && performance.now() < deadline;

    const record = async (connection: { freshConnection?: boolean; agent?: http.Agent } = {}) => {
      const startedAt = clock();
      let seen;
      try {
        seen = await view(`${server!.url}/`, connection);
      } catch (error) {
        if (stopped) {
          replicaStopped.requests += 1;
          return null;
        }
        throw error;
      }
      if (stopped) {
        replicaStopped.requests += 1;
        replicaStopped.ok += 1;
      }
      for (const [item, version] of seen.prices) observations.push({ item, version, startedAt, source: 'list' });
      servedBy[seen.worker] = (servedBy[seen.worker] ?? 0) + 1;
      pageCache[seen.pageCache] = (pageCache[seen.pageCache] ?? 0) + 1;
      return seen;
    };

    /** Reads on fresh connections until every worker has served a page-cache hit; the price each showed for `id`. */
    const everyWorkerFromItsCache = async (id: number) => {
      const seen: Record<string, number> = {};
      for (let attempt = 0; Object.keys(seen).length < WORKERS && attempt < 3000; attempt += 1) {
        const answer = await record({ freshConnection: true });
        if (answer?.pageCache === 'hit' && !(answer.worker in seen)) seen[answer.worker] = answer.prices.get(id) ?? -1;
        if (answer?.pageCache !== 'hit') await sleep(5);
      }
      if (Object.keys(seen).length < WORKERS) throw new Error(`only workers ${Object.keys(seen).join(', ')} served from their page cache`);
      return seen;
    };

    async function forceRound(index: number) {
      await writer.pause();
      // The replica first has every earlier write and outbox delete: only the forced write is missing.
      await lab.awaitCaughtUp();
      const id = hotIds[index % hotIds.length]!;
      await lab.pauseReplay();
      const write = await writeNextPrice(repository, id, next, clock);
      writes.push(write);
      const seen = await everyWorkerFromItsCache(id);
      forced.push({ written: write.version, seen, stale: Object.values(seen).some((price) => price < write.version) });
      await lab.resumeReplay();
      await lab.awaitCaughtUp();
      writer.resume();
    }

    /** The replica stopped under load, read through, then started again; when do reads go back to it? */
    async function stopAndRestartReplica() {
      await writer.pause();
      stopped = true;
      await lab.replica.kill();
      const id = hotIds[0]!;
      writes.push(await writeNextPrice(repository, id, next, clock));
      for (let view = 0; view < 300; view += 1) await record({ freshConnection: true });
      healthSeen.whileStopped = await health(server!.url);
      await lab.replica.start();
      stopped = false;
      await lab.awaitCaughtUp();
      const answering = performance.now();
      const before = (await routedReads(metricsUrl, metricsToken))['replica/caught-up'] ?? 0;
      writer.resume();
      if (options.variant === 'real') {
        for (let poll = 0; poll < 400 && backOnReplicaMs === null; poll += 1) {
          await sleep(25);
          if (((await routedReads(metricsUrl, metricsToken))['replica/caught-up'] ?? 0) > before) backOnReplicaMs = performance.now() - answering;
        }
        healthSeen.after = await health(server!.url);
      }
    }

    await awaitEveryWorker(`${server.url}/`, WORKERS);
    const reader = () => readWhile(readsRemain, (agent) => record({ agent }), counts);
    const faults = async () => {
      for (let index = 0; index < rounds && performance.now() < deadline; index += 1) {
        while (readsRemain() && counts.started < ((index + 1) * options.reads) / (rounds + 2)) await sleep(50);
        await forceRound(index);
      }
      // The broken variant's servers have no database but the replica: stopped, it answers 503, which proves nothing.
      if (options.variant === 'real') {
        while (readsRemain() && counts.started < ((rounds + 1) * options.reads) / (rounds + 2)) await sleep(50);
        await stopAndRestartReplica();
      }
      faultsDone = true;
    };
    try {
      await Promise.all([...Array.from({ length: options.readers ?? 6 }, reader), writer.run(readsRemain), faults()]);
    } finally {
      sweep();
    }
    const violations = findViolations(
      writes.filter((write) => write.invalidation === 'done'),
      observations,
    );
    return {
      variant: options.variant,
      processes: Object.keys(servedBy).length,
      reads: counts.done,
      observations: observations.length,
      writes: writes.length,
      forced,
      violations,
      longestStaleWindowMs: violations.reduce((longest, violation) => Math.max(longest, violation.ackedMsBefore), 0),
      replicaStopped,
      backOnReplicaMs,
      health: healthSeen,
      routed: await routedReads(metricsUrl, metricsToken),
      servedBy,
      pageCache,
      elapsedMs: performance.now() - started,
    };
  } finally {
    await server?.stop();
    await cache.clear().catch(() => undefined);
    await cache.close();
    await database?.close();
    await lab.stop();
  }
}
