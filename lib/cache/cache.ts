/**
 * createCache(): wires a store to the Django-like low-level API (low-level.ts)
 * and the read-through helper (read-through.ts), sharing one timeout policy,
 * one event hook and one rate-limited failure log.
 */
import { bounded } from './bounded';
import { createByteBudget, type BudgetCounters } from './byte-budget';
import { createCircuitBreaker } from './circuit-breaker';
import { createEventEmitter } from './events';
import { createFailureLog } from './failure-log';
import { assertValidPrefix, budgetKey, pingKey } from './keys';
import { createLocalCopies } from './local-copies';
import { createKeyManagementApi } from './key-management';
import { createLowLevelApi } from './low-level';
import { createReadThrough } from './read-through';
import { createStoreCalls, type StoreFailure } from './store-call';
import { planTtl } from './ttl';
import type { Cache, CacheOptions } from './types';

const DEFAULTS = {
  prefix: 'cache',
  defaultTtlSeconds: 300,
  version: 1,
  timeoutMs: 250,
  leaseTtlMs: 5000,
  leaseWaitMs: 1500,
  pollMs: 25,
  localCopyMaxBytes: 32 * 1024 * 1024,
} as const;

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`cache option ${name} must be a positive number, got ${value}`);
  return value;
}

/** CacheOptions.replication checked: a whole number of replicas, and a wait (default 100 ms) when there are any. */
function replicationOf(replication: CacheOptions['replication']): { replicas: number; waitMs: number } {
  const replicas = replication?.replicas ?? 0;
  if (!Number.isSafeInteger(replicas) || replicas < 0) throw new RangeError(`cache option replication.replicas must be a whole number, got ${replicas}`);
  return { replicas, waitMs: replicas === 0 ? 0 : positive('replication.waitMs', replication?.waitMs ?? 100) };
}

export function createCache(options: CacheOptions): Cache {
  const { store } = options;
  const prefix = options.prefix ?? DEFAULTS.prefix;
  assertValidPrefix(prefix);
  const version = options.version ?? DEFAULTS.version;
  if (!Number.isSafeInteger(version)) throw new RangeError(`cache option version must be an integer, got ${version}`);
  const defaultTtlSeconds = options.defaultTtlSeconds === undefined ? DEFAULTS.defaultTtlSeconds : options.defaultTtlSeconds;
  planTtl(undefined, defaultTtlSeconds); // rejects a NaN or non-number default now, not on every call
  const timeoutMs = positive('timeoutMs', options.timeoutMs ?? DEFAULTS.timeoutMs);

  const events = createEventEmitter(store.kind);
  const failures = createFailureLog(options.logger ?? console, store.kind);
  const circuit =
    options.circuitBreaker === false
      ? null
      : createCircuitBreaker({
          ...options.circuitBreaker,
          onChange: (state) => events.emit({ op: 'circuit', key: store.kind, result: state, startedAt: performance.now() }),
        });
  // Who must know that a store call failed (the invalidation outbox): a hook of its own, not the events for tools.
  const failureListeners = new Set<(failure: StoreFailure) => void>();
  const onFailure = (failure: StoreFailure) => {
    for (const listener of failureListeners) listener(failure);
  };
  const calls = createStoreCalls({ timeoutMs, circuit, onFailure }, events, failures);
  const { call } = calls;

  // A lost connection may come back to a newly promoted primary: reads in flight give up
  // their replies (the epoch), and whoever must know (the outbox) hears it as a failure.
  let connectionEpoch = 0;
  store.onConnectionLost?.(() => {
    connectionEpoch += 1;
    events.emit({ op: 'connection', key: store.kind, result: 'lost', startedAt: performance.now() });
    onFailure({ operation: 'connection', timedOut: false, circuitOpen: false });
  });
  const replication = replicationOf(options.replication);

  const lowLevelContext = { store, prefix, version, defaultTtlSeconds, events, call };
  const lowLevel = createLowLevelApi(lowLevelContext);
  const now = options.now ?? Date.now;
  const localCopies = createLocalCopies(options.localCopyMaxBytes ?? DEFAULTS.localCopyMaxBytes, now);
  const readThrough = createReadThrough({
    store,
    prefix,
    defaultTtlSeconds,
    leaseTtlMs: positive('leaseTtlMs', options.leaseTtlMs ?? DEFAULTS.leaseTtlMs),
    leaseWaitMs: positive('leaseWaitMs', options.leaseWaitMs ?? DEFAULTS.leaseWaitMs),
    pollMs: positive('pollMs', options.pollMs ?? DEFAULTS.pollMs),
    events,
    calls,
    localCopies,
    now,
    connectionEpoch: () => connectionEpoch,
    replication,
  });

  // A budget's bookkeeping goes to the store directly (bounded and guarded by call()), not through
  // the low-level API: it is not the caller's cache traffic, and emits no events of its own.
  const budgetCounters: BudgetCounters = {
    async ensure(counter, ttlSeconds) {
      const storedKey = budgetKey(prefix, counter);
      await call('budget', { key: counter, storedKey }, () => store.setIfAbsent(storedKey, '0', ttlSeconds * 1000));
    },
    async add(counter, delta) {
      const storedKey = budgetKey(prefix, counter);
      const next = await call('budget', { key: counter, storedKey }, () => store.incrBy(storedKey, delta));
      if (next === null) throw new Error(`budget counter ${counter} expired while in use`);
      return next;
    },
    async read(counters) {
      const storedKeys = counters.map((counter) => budgetKey(prefix, counter));
      const values = await call('budget', { key: counters.join(' ') }, () => store.getMany(storedKeys));
      return values.map((value) => (value === null ? 0 : Number(value)));
    },
  };

  return {
    storeKind: store.kind,
    byteBudget: (budgetOptions) => createByteBudget(budgetCounters, budgetOptions),
    ...lowLevel,
    ...createKeyManagementApi(lowLevelContext),
    ...readThrough,
    async clear() {
      // The generation keys go too, so the copies could never be served again: free them now.
      localCopies.clear();
      return lowLevel.clear();
    },
    onEvent: (listener) => events.subscribe(listener),
    onStoreFailure(listener) {
      failureListeners.add(listener);
      return () => failureListeners.delete(listener);
    },
    circuitState: () => circuit?.state() ?? 'closed',
    storeTopology: () => store.topology?.() ?? { kind: 'memory', primaries: [] },
    async ping() {
      // One bounded round trip: a health check must never wait longer than a page would.
      const storedKey = pingKey(prefix);
      await call('ping', { key: 'ping', storedKey }, () => store.get(storedKey));
    },
    async close() {
      failures.close();
      // Not through the circuit breaker: an open circuit must not keep a
      // connection (and its reconnect timer) alive. Bounded all the same, so a
      // hanging store cannot hang a shutdown. The cache stays usable: the
      // store reconnects on the next call (store.ts), as Django's caches do.
      await bounded(() => store.close(), timeoutMs).catch(() => undefined);
    },
  };
}
