/**
 * What the people running the catalog watch, in Prometheus' text format
 * (prom-client): the cache (hits, misses, local copies, lease waits, fills,
 * store errors and latency, the circuit breaker, lost connections), the
 * invalidations (and those replicas did not acknowledge in time), the outbox
 * backlog, the page cache, and the read replicas (where reads went, each
 * one's lag and rotation). Counted from the cache's own events
 * (lib/cache's onEvent), so nothing on the request path changes.
 *
 * One registry per composition root. Under `npm start`'s workers, each
 * worker's registry is summed by the primary (cluster-worker.ts); gauges
 * that every worker reads alike (the outbox, in the shared database) are
 * aggregated with max, not summed.
 */
import 'server-only';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Cache, CacheEvent } from '@/lib/cache';
import type { PageCacheOutcome } from '@/lib/page-cache/page-cache';
import type { OutboxBacklog } from '@/lib/products';
import type { ReplicaStatus, RouteReason } from '@/lib/products/read-router';

export interface CatalogMetricsOptions {
  cache: Cache | null;
  /** The outbox's backlog, read when scraped (bounded by the caller). */
  backlog: () => Promise<OutboxBacklog>;
  /** The read replicas as this process last saw them (lib/products/read-router.ts); none when absent. */
  replicas?: () => ReplicaStatus[];
}

export interface CatalogMetrics {
  readonly registry: Registry;
  /** For the page cache's onOutcome. */
  observePageCache(outcome: PageCacheOutcome): void;
  /** For the read router's onRoute: where a list or product read went, and why. */
  observeRead(target: 'replica' | 'primary', reason: RouteReason): void;
  /** The scrape: Prometheus' text format and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/** Store calls whose latency is the store's: the read-through's steps and the Django API's calls. */
const TIMED = new Set<CacheEvent['op']>(['lookup', 'lease-wait', 'fill', 'invalidate', 'get', 'set', 'add', 'delete', 'getMany', 'setMany', 'incr', 'decr', 'touch', 'hasKey', 'deleteMany', 'ttl']);

const CIRCUIT_STATES = { closed: 0, 'half-open': 1, open: 2 } as const;

/** A scrape never waits longer than this on the database for the outbox's figures. */
const BACKLOG_READ_MS = 1000;

/** `promise`, or a rejection after `ms`. */
function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createCatalogMetrics({ cache, backlog, replicas = () => [] }: CatalogMetricsOptions): CatalogMetrics {
  const registry = new Registry();
  const registers = [registry];

  const hits = new Counter({ name: 'catalog_cache_hits_total', help: 'cached() reads served from the cache, by namespace; source=local when from this process\'s copy after reading only the generation.', labelNames: ['namespace', 'source'], registers });
  const misses = new Counter({ name: 'catalog_cache_misses_total', help: 'cached() reads that found no entry under the current generation (the loader ran, or a lease holder\'s value was awaited).', labelNames: ['namespace'], registers });
  const leaseWaits = new Counter({ name: 'catalog_cache_lease_waits_total', help: 'Waits for another process\'s load of the same entry: outcome=served (its value arrived) or gave_up (loaded after leaseWaitMs).', labelNames: ['namespace', 'outcome'], registers });
  const fills = new Counter({ name: 'catalog_cache_fills_total', help: 'Attempts to store a loaded value: stored, rejected_stale (a write moved the generation meanwhile) or not_admitted (a byte budget refused it).', labelNames: ['namespace', 'outcome'], registers });
  const storeErrors = new Counter({ name: 'catalog_cache_store_errors_total', help: 'Store calls that failed (kind=error), timed out, or were skipped by the open circuit; the cache served the source instead.', labelNames: ['kind'], registers });
  const latency = new Histogram({
    name: 'catalog_cache_store_latency_seconds',
    help: 'Time of each cache store call, by operation (a local hit is its one generation read).',
    labelNames: ['operation'],
    buckets: [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const circuitOpenings = new Counter({ name: 'catalog_cache_circuit_openings_total', help: 'Times the circuit breaker opened after consecutive store failures.', registers });
  const connectionsLost = new Counter({ name: 'catalog_cache_connections_lost_total', help: 'Connections to Redis that closed (a restart, a failover, a network fault).', registers });
  const invalidations = new Counter({
    name: 'catalog_cache_invalidations_total',
    help: 'Generation retirements: replicated (acknowledged by the configured replicas, or none configured), unreplicated (the replica wait timed out; the outbox keeps the record), failed.',
    labelNames: ['outcome'],
    registers,
  });
  let circuit: keyof typeof CIRCUIT_STATES = 'closed';
  new Gauge({
    name: 'catalog_cache_circuit_state',
    help: 'The circuit breaker: 0 closed, 1 half-open, 2 open (the cache is being skipped). The highest of the workers.',
    aggregator: 'max',
    registers,
    collect() {
      this.set(CIRCUIT_STATES[cache?.circuitState() ?? circuit]);
    },
  });
  const pageCache = new Counter({ name: 'catalog_page_cache_requests_total', help: 'Requests the page cache saw: hit, miss (rendered), bypass (rendered while this process may be behind an invalidation), none (not a shared page).', labelNames: ['outcome'], registers });

  // The registry collects its gauges concurrently: the three outbox gauges share one read per scrape.
  let backlogRead: { at: number; value: Promise<OutboxBacklog | null> } | null = null;
  const readBacklog = () => {
    if (!backlogRead || performance.now() - backlogRead.at > BACKLOG_READ_MS) {
      backlogRead = { at: performance.now(), value: withinMs(backlog(), BACKLOG_READ_MS).catch(() => null) };
    }
    return backlogRead.value;
  };
  const backlogGauge = (name: string, help: string, pick: (value: OutboxBacklog) => number) =>
    new Gauge({
      name,
      help,
      aggregator: 'max',
      registers,
      async collect() {
        const value = await readBacklog();
        // NaN, not zero, when the database did not answer: a dashboard must not read "all clear".
        this.set(value ? pick(value) : Number.NaN);
      },
    });
  backlogGauge('catalog_outbox_records', 'Invalidation records in the outbox (PostgreSQL): writes whose invalidation is not complete, or not yet replicated.', (value) => value.records);
  backlogGauge('catalog_outbox_unreplicated_records', 'Outbox records applied on the Redis primary but not yet acknowledged by enough replicas.', (value) => value.unreplicated);
  backlogGauge('catalog_outbox_oldest_age_seconds', "Age of the outbox's oldest record (0 when empty).", (value) => value.oldestAgeSeconds ?? 0);

  const reads = new Counter({
    name: 'catalog_database_reads_total',
    help: 'List and product reads (cache misses and bypasses) by where they went: target=replica, or primary with the reason (behind: no replica had replayed far enough within the wait; resting, failed, no-replica).',
    labelNames: ['target', 'reason'],
    registers,
  });
  new Gauge({
    name: 'catalog_database_replica_lag_bytes',
    help: 'Bytes of WAL a read replica was behind the primary when a read last compared them. The largest of the workers.',
    labelNames: ['replica'],
    aggregator: 'max',
    registers,
    collect() {
      for (const replica of replicas()) if (replica.lagBytes !== null) this.set({ replica: replica.name }, replica.lagBytes);
    },
  });
  new Gauge({
    name: 'catalog_database_replica_in_rotation',
    help: 'Whether a read replica takes reads (1), or sits out after falling behind or failing (0). The lowest of the workers.',
    labelNames: ['replica'],
    aggregator: 'min',
    registers,
    collect() {
      for (const replica of replicas()) this.set({ replica: replica.name }, replica.state === 'in-rotation' ? 1 : 0);
    },
  });
  // Series an alert reads exist from the start at 0: an absent series must not pass for a healthy one.
  for (const kind of ['error', 'timeout', 'circuit_open']) storeErrors.inc({ kind }, 0);
  for (const outcome of ['hit', 'miss', 'bypass'] as const) pageCache.inc({ outcome }, 0);

  cache?.onEvent((event) => {
    const namespace = event.namespace ?? '';
    if (TIMED.has(event.op) && event.result !== 'circuit-open') latency.observe({ operation: event.op }, event.durationMs / 1000);
    switch (event.op) {
      case 'lookup':
        if (event.result === 'hit') hits.inc({ namespace, source: event.local ? 'local' : 'store' });
        else if (event.result === 'miss' || event.result === 'undecodable') misses.inc({ namespace });
        break;
      case 'lease-wait':
        if (event.result === 'waited-hit' || event.result === 'waited-gave-up') leaseWaits.inc({ namespace, outcome: event.result === 'waited-hit' ? 'served' : 'gave_up' });
        break;
      case 'fill':
        fills.inc({ namespace, outcome: event.result === 'stored' ? 'stored' : event.result === 'not-admitted' ? 'not_admitted' : 'rejected_stale' });
        break;
      case 'invalidate':
        invalidations.inc({ outcome: event.result === 'ok' ? 'replicated' : event.result === 'unreplicated' ? 'unreplicated' : 'failed' });
        break;
      case 'error':
      case 'timeout':
        storeErrors.inc({ kind: event.result === 'circuit-open' ? 'circuit_open' : event.op });
        break;
      case 'circuit':
        circuit = event.result as keyof typeof CIRCUIT_STATES;
        if (event.result === 'open') circuitOpenings.inc();
        break;
      case 'connection':
        connectionsLost.inc();
        break;
    }
  });

  return {
    registry,
    observePageCache: (outcome) => pageCache.inc({ outcome }),
    observeRead: (target, reason) => reads.inc({ target, reason: target === 'replica' ? 'caught-up' : reason }),
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
