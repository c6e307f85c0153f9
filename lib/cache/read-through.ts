/**
 * cached() and invalidate(): a read-through that never serves data older than
 * an acknowledged write, and costs about one load per miss across processes.
 * Why it holds: docs/cache-design.md. The invariants the code keeps:
 * - an entry (and a local copy) of generation G holds data loaded after a
 *   lookup read G: fills name their generation and are refused once it moved;
 * - a hit on a local copy is served only after reading the current generation,
 *   in a read sent after the caller began (shared only until it is sent);
 * - a caller keeps a shared flight's value only if the flight's generation was
 *   current after the caller began;
 * - any store failure serves the loader's result (fail open);
 * - an entry this cache cannot decode is a miss, not a store failure: it is
 *   reported ('undecodable'), loaded again and replaced (decodeEntry);
 * - a loaded value that cannot be stored (a function...) throws CacheValueError,
 *   whether the store is up or not, so the mistake shows up at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { checkStorable, decodeValue, encodeValue, type Decoded } from './cache-values';
import { CacheInvalidationError, CacheStoreError, describeError } from './errors';
import type { CacheEventEmitter } from './events';
import { createGenerationReads } from './generation-reads';
import { assertValidNamespace, entryKey, entryPrefix, generationKey, retireMarkerKey } from './keys';
import type { CopyToKeep, LocalCopies } from './local-copies';
import { deserialize, type Serialized } from './serialize';
import { createFlights } from './single-flight';
import type { CacheStore, LookupResult, RetireResult } from './store';
import type { CallTarget, StoreCalls } from './store-call';
import { planTtl, type TtlPlan } from './ttl';
import type { Cache, CachedOptions, InvalidateOptions, InvalidationReceipt } from './types';

export interface ReadThroughContext {
  store: CacheStore;
  prefix: string;
  defaultTtlSeconds: number | null;
  leaseTtlMs: number;
  leaseWaitMs: number;
  pollMs: number;
  events: CacheEventEmitter;
  /** Store calls: one per caller (call), or one shared by callers that each report their own failure (the generation reads). */
  calls: StoreCalls;
  localCopies: LocalCopies;
  /** The local copies' clock, ms since the epoch. */
  now: () => number;
  /**
   * Counts the store's lost connections. A read that saw it change got its
   * later replies over a new connection, maybe from a newly promoted primary
   * that lacks recent invalidations: it serves the source instead.
   */
  connectionEpoch: () => number;
  /** Replicas an invalidation must reach, and how long to wait for them (CacheOptions.replication). */
  replication: { replicas: number; waitMs: number };
}

interface FlightOutcome {
  value: unknown;
  /** The fill was rejected: a write landed while this flight was loading. */
  writeLandedDuringFlight: boolean;
  /** The generation the value belongs to; null when the source answered because the store failed. */
  generation: string | null;
}

/** One cached() call's fixed facts. */
interface Read {
  namespace: string;
  key: string;
  loader: () => Promise<unknown>;
  ttl: Exclude<TtlPlan, { kind: 'expired' }>;
  admit?: CachedOptions['admit'];
  generationKey: string;
  entryPrefix: string;
  /** The store's connection epoch when the read began. */
  epoch: number;
}

/** An entry read from the store: absent, decoded, or present but not decodable by this cache. */
type Found = Decoded | null | 'undecodable';

const DEFAULT_NAMESPACE = 'default';

const newRandomId = () => globalThis.crypto.randomUUID();

/** How long a retirement's marker lives: an outbox record older than this is redone as if never applied. */
const RETIREMENT_MARKER_TTL_MS = 24 * 3600 * 1000;

/**
 * The loader's value, refused (CacheValueError) when no store could hold it,
 * also on the paths that store nothing (fail open, ttl <= 0): a mistake must
 * not hide while Redis is down.
 */
async function loadStorable<T>(key: string, loader: () => Promise<T>): Promise<T> {
  const value = await loader();
  checkStorable('cached', key, value);
  return value;
}

/** The caller's admission answer; one that fails counts as a refusal (never store what was not admitted). */
async function admitted(admit: NonNullable<CachedOptions['admit']>, bytes: number): Promise<boolean> {
  try {
    return (await admit(bytes)) === true;
  } catch {
    return false;
  }
}

const seconds = (ms: number | null) => (ms === null ? null : Math.max(0, ms) / 1000);

/** The namespace and generation a read-through step was tied to, for its events (tools explain misses with them). */
const tiedTo = (read: Read, lookup: LookupResult) => ({ namespace: read.namespace, generation: lookup.generation });

export function createReadThrough(context: ReadThroughContext): Pick<Cache, 'cached' | 'invalidate'> {
  const { store, prefix, events, localCopies } = context;
  const { call, shared, reportFailure } = context.calls;
  const flights = createFlights<FlightOutcome>();
  // A hit's and a verify's generation read, shared by callers that ask before it is sent: one
  // bounded store call for all of them (issue 25: a timer and its promises per caller were much
  // of a hit's cost), each caller reporting its own failure.
  const generations = createGenerationReads((storedKey, reportSender) => shared('generation', () => store.get(storedKey), reportSender));

  /** True when a connection was lost since `read` began: its replies may come from another primary. */
  const connectionChanged = (read: Read) => context.connectionEpoch() !== read.epoch;

  /** Fail open: the cache is unusable for this read, so the source answers. */
  const serveSource = async (read: Read): Promise<FlightOutcome> => ({ value: await loadStorable(read.key, read.loader), writeLandedDuringFlight: false, generation: null });

  /**
   * Decodes an entry read for `op`. One that cannot be decoded (corrupt, or
   * written by a release that knows a type this one does not) is reported and
   * treated as a miss: the caller loads and replaces it. Not a store failure.
   */
  const decodeEntry = (read: Read, op: 'lookup' | 'lease-wait', storedKey: string, text: string | null, startedAt: number, lookup: LookupResult): Found => {
    if (text === null) return null;
    try {
      return decodeValue('cached', read.key, text);
    } catch (error) {
      events.emit({ op, key: read.key, storedKey, ...tiedTo(read, lookup), startedAt, result: 'undecodable', error: describeError(error) });
      return 'undecodable';
    }
  };

  const releaseLease = (read: Read, leaseKey: string, leaseToken: string) =>
    call('releaseLease', { key: read.key, storedKey: leaseKey }, () => store.releaseLease(leaseKey, leaseToken)).catch(() => undefined);

  /** Files this process's copy of an entry of lookup.generation; it expires ttlMs after `from` (null = never). */
  const keepCopy = (read: Read, lookup: LookupResult, copy: CopyToKeep, ttlMs: number | null, from: number) =>
    localCopies.enabled ? localCopies.remember(read.namespace, lookup.generation, lookup.entryKey, copy, ttlMs === null ? null : from + ttlMs) : undefined;

  async function lookupAndServe(read: Read, waitDeadline: number | null): Promise<FlightOutcome> {
    const leaseToken = newRandomId();
    const startedAt = performance.now();
    // Taken before the lookup, so a copy's expiry is never later than its entry's.
    const clockAtLookup = context.now();
    let lookup: LookupResult;
    try {
      lookup = await call('lookup', { key: read.key }, () =>
        store.lookup({
          generationKey: read.generationKey,
          candidateGeneration: newRandomId(),
          entryPrefix: read.entryPrefix,
          entrySuffix: read.key,
          leaseToken,
          leaseTtlMs: context.leaseTtlMs,
        }),
      );
    } catch {
      return serveSource(read);
    }
    if (connectionChanged(read)) return serveSource(read);
    const storedKey = lookup.entryKey;
    const found = decodeEntry(read, 'lookup', storedKey, lookup.value, startedAt, lookup);
    // No lease was taken (the entry exists): load without one, and the fill replaces the entry.
    if (found === 'undecodable') return loadAndFill(read, lookup, null);
    const ttlMs = lookup.valueTtlMs === undefined ? read.ttl.ms : lookup.valueTtlMs;
    events.emit({
      op: 'lookup',
      key: read.key,
      storedKey,
      ...tiedTo(read, lookup),
      generationStarted: lookup.generationStarted,
      startedAt,
      result: found ? 'hit' : 'miss',
      bytes: found?.bytes,
      ...(found && { remainingTtlSeconds: seconds(ttlMs) }),
    });
    if (found) {
      const copy = keepCopy(read, lookup, { bytes: found.bytes, decode: () => found.value }, ttlMs, clockAtLookup);
      return { value: copy?.value ?? found.value, writeLandedDuringFlight: false, generation: lookup.generation };
    }
    if (lookup.lease === 'acquired') return loadAndFill(read, lookup, leaseToken);
    return waitForHolder(read, lookup, waitDeadline ?? performance.now() + context.leaseWaitMs);
  }

  async function loadAndFill(read: Read, lookup: LookupResult, leaseToken: string | null): Promise<FlightOutcome> {
    let value: unknown;
    let serialized: Serialized;
    try {
      value = await read.loader();
      serialized = encodeValue('cached', read.key, value);
    } catch (loadError) {
      // A failed loader, or a value no store can hold: free the lease at once
      // so waiters retry instead of waiting it out.
      if (leaseToken !== null) await releaseLease(read, lookup.leaseKey, leaseToken);
      throw loadError;
    }

    const target: CallTarget = { key: read.key, storedKey: lookup.entryKey };
    const facts = tiedTo(read, lookup);
    const startedAt = performance.now();
    const clockAtFill = context.now();
    const { bytes, text } = serialized;
    if (read.admit && !(await admitted(read.admit, bytes))) {
      if (leaseToken !== null) void releaseLease(read, lookup.leaseKey, leaseToken);
      events.emit({ op: 'fill', ...target, ...facts, startedAt, result: 'not-admitted', bytes, ttlSeconds: read.ttl.seconds });
      // Loaded after the lookup read this generation: as fresh as a stored value would be.
      return { value, writeLandedDuringFlight: false, generation: lookup.generation };
    }
    let outcome: 'stored' | 'stale';
    try {
      outcome = await call('fill', target, () =>
        store.fill({
          generationKey: read.generationKey,
          generation: lookup.generation,
          entryKey: lookup.entryKey,
          leaseKey: lookup.leaseKey,
          leaseToken,
          value: text,
          ttlMs: read.ttl.ms,
        }),
      );
    } catch {
      // Not awaited: the caller already has its value, and a broken store
      // would only add another timeout. The lease also expires by itself.
      if (leaseToken !== null) void releaseLease(read, lookup.leaseKey, leaseToken);
      return { value, writeLandedDuringFlight: false, generation: null };
    }
    const result = outcome === 'stored' ? 'stored' : 'stale-rejected';
    events.emit({ op: 'fill', ...target, ...facts, startedAt, result, bytes, ttlSeconds: read.ttl.seconds });
    // The copy is decoded from what was stored, so a local hit returns exactly
    // what another process's hit would; the loader's own object stays the
    // loading callers' and is never frozen. A rejected fill is not kept: its
    // generation is already gone.
    if (outcome === 'stored') keepCopy(read, lookup, { bytes, decode: () => deserialize(text) }, read.ttl.ms, clockAtFill);
    return { value, writeLandedDuringFlight: outcome === 'stale', generation: lookup.generation };
  }

  async function waitForHolder(read: Read, lookup: LookupResult, deadline: number): Promise<FlightOutcome> {
    const startedAt = performance.now();
    const target: CallTarget = { key: read.key, storedKey: lookup.entryKey };
    const facts = tiedTo(read, lookup);
    for (let now = startedAt; now < deadline; now = performance.now()) {
      await sleep(Math.min(context.pollMs, deadline - now));
      let poll: (string | null)[];
      try {
        // Entry, lease and generation in one MGET: one round trip, one consistent snapshot.
        poll = await call('lease-wait', target, () => store.getMany([lookup.entryKey, lookup.leaseKey, read.generationKey]));
      } catch {
        return serveSource(read);
      }
      if (connectionChanged(read)) return serveSource(read);
      const [entryText = null, lease = null, generation = null] = poll;
      // A write moved the namespace on: whatever sits under the old generation
      // may predate it. Look up again, under the new generation.
      if (generation !== lookup.generation) return lookupAndServe(read, deadline);
      const entry = decodeEntry(read, 'lease-wait', lookup.entryKey, entryText, startedAt, lookup);
      if (entry === 'undecodable') return loadAndFill(read, lookup, null);
      if (entry) {
        events.emit({ op: 'lease-wait', ...target, ...facts, startedAt, result: 'waited-hit', bytes: entry.bytes });
        return { value: entry.value, writeLandedDuringFlight: false, generation: lookup.generation };
      }
      // No value and no lease: the holder died or its loader failed. Look up
      // again (maybe taking the lease ourselves), within the same total wait.
      if (lease === null) return lookupAndServe(read, deadline);
    }
    events.emit({ op: 'lease-wait', ...target, ...facts, startedAt, result: 'waited-gave-up' });
    return loadAndFill(read, lookup, null);
  }

  /** The fixed facts of one cached() call; null when its ttl caches nothing (Django: a ttl <= 0). Throws on a bad namespace or ttl. */
  function readOf(key: string, loader: () => Promise<unknown>, options: CachedOptions): Read | null {
    const namespace = options.namespace ?? DEFAULT_NAMESPACE;
    assertValidNamespace(namespace);
    const ttl = planTtl(options.ttl, context.defaultTtlSeconds);
    if (ttl.kind === 'expired') return null;
    return {
      namespace,
      key,
      loader,
      ttl,
      admit: options.admit,
      generationKey: generationKey(prefix, namespace),
      entryPrefix: entryPrefix(prefix, namespace),
      epoch: context.connectionEpoch(),
    };
  }

  /**
   * The current generation of `read`'s namespace, from a read sent after this
   * moment (shared, generation-reads.ts); its failure is this caller's
   * `operation` failing, with the event that call() would emit.
   */
  function readGeneration(read: Read, operation: 'lookup' | 'verify', startedAt = performance.now()): Promise<string | null> {
    const target = { key: read.key, storedKey: read.generationKey };
    return generations.read(read.generationKey, (failure) => reportFailure(operation, target, startedAt, failure));
  }

  /**
   * Not an async function: a hit of a local copy costs the shared generation
   * read and one promise of its own (issue 25), and it is the hot path.
   */
  function cached<T>(key: string, loader: () => Promise<T>, options: CachedOptions = {}): Promise<T> {
    let read: Read | null;
    try {
      read = readOf(key, loader, options);
    } catch (error) {
      return Promise.reject(error);
    }
    if (read === null) return loadStorable(key, loader);
    if (!localCopies.enabled) return throughFlight(read, null) as Promise<T>;
    const startedAt = performance.now();
    const begun = read;
    // Reported as 'lookup' when it fails: it is the first step of every lookup.
    return readGeneration(begun, 'lookup', startedAt).then(
      (generation) => fromGeneration(begun, generation, startedAt) as T | Promise<T>,
      // Fail open, as a failed lookup does. Not a copy: without the generation nothing says it is still current.
      () => loadStorable(key, loader),
    );
  }

  /** The local copy under `generation` (read after the call began at `startedAt`) if this process has one, else the lookup path. */
  function fromGeneration(read: Read, generation: string | null, startedAt: number): unknown {
    if (connectionChanged(read)) return loadStorable(read.key, read.loader);
    // Null: no generation yet (first read, or Redis lost it); the lookup sets one.
    if (generation !== null) {
      const { namespace, key } = read;
      localCopies.observeGeneration(namespace, generation);
      const storedKey = entryKey(read.entryPrefix, generation, key);
      const copy = localCopies.get(storedKey);
      if (copy) {
        const remainingTtlSeconds = seconds(copy.expiresAt === null ? null : copy.expiresAt - context.now());
        events.emit({ op: 'lookup', key, storedKey, namespace, generation, generationStarted: false, startedAt, result: 'hit', local: true, bytes: copy.bytes, remainingTtlSeconds });
        return copy.value;
      }
    }
    return throughFlight(read, generation);
  }

  /** The lookup path, shared in process; `observed` is the generation this call read when it began, if any. */
  async function throughFlight(read: Read, observed: string | null): Promise<unknown> {
    const flight = flights.run(read.namespace, read.key, () => lookupAndServe(read, null));
    const outcome = await flight.promise;
    if (!flight.joined) return outcome.value;
    // A joined flight began before this caller did, maybe before a write another
    // process acknowledged: its value is this caller's only while its generation
    // is still current; otherwise the caller reads by itself.
    if (await stillCurrent(read, outcome, observed)) return outcome.value;
    return (await lookupAndServe(read, null)).value;
  }

  /** True when the flight's value is of a generation that was current after this call began. */
  async function stillCurrent(read: Read, outcome: FlightOutcome, observed: string | null): Promise<boolean> {
    if (outcome.writeLandedDuringFlight || outcome.generation === null) return false;
    // The call read this very generation after it began: no second round trip.
    if (outcome.generation === observed) return true;
    try {
      const current = await readGeneration(read, 'verify');
      return current === outcome.generation && !connectionChanged(read);
    } catch {
      return false;
    }
  }

  async function invalidate(namespace: string, options: InvalidateOptions = {}): Promise<InvalidationReceipt> {
    assertValidNamespace(namespace);
    const storedKey = generationKey(prefix, namespace);
    const { replicas, waitMs } = context.replication;
    // A retirement that may need a redo elsewhere leaves a marker to check it by; a redo checks its own.
    const token = options.redo ? null : replicas > 0 ? newRandomId() : null;
    const tokens = options.redo ?? (token ? [token] : []);
    const startedAt = performance.now();
    let result: RetireResult;
    try {
      result = await call('invalidate', { key: namespace, storedKey }, () =>
        store.retireGeneration({
          generationKey: storedKey,
          markerKeys: tokens.map((marker) => retireMarkerKey(prefix, namespace, marker)),
          unlessMarked: options.redo !== undefined,
          markerTtlMs: RETIREMENT_MARKER_TTL_MS,
          replicas,
          replicaWaitMs: waitMs,
        }),
      );
    } catch (error) {
      const timedOut = error instanceof CacheStoreError && error.timedOut;
      events.emit({ op: 'invalidate', key: namespace, storedKey, namespace, startedAt, result: timedOut ? 'timeout' : 'error' });
      throw new CacheInvalidationError(namespace, error);
    } finally {
      flights.forgetNamespace(namespace);
      // Unreachable once the generation moved; dropped now rather than left to the LRU.
      localCopies.forgetNamespace(namespace);
    }
    const replicated = replicas === 0 || (result.replicasAcknowledged ?? 0) >= replicas;
    events.emit({
      op: 'invalidate',
      key: namespace,
      storedKey,
      namespace,
      startedAt,
      result: replicated ? 'ok' : 'unreplicated',
      ...(result.retired !== null && { generation: result.retired }),
      ...(result.replicasAcknowledged !== null && { replicasAcknowledged: result.replicasAcknowledged }),
    });
    return { namespace, retired: result.retired, replicated, replicasAcknowledged: result.replicasAcknowledged, token };
  }

  return { cached, invalidate };
}
