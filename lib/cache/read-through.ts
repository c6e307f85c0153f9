/**
 * cached() and invalidate(): a read-through that never serves data older than
 * an acknowledged write, and costs about one load per miss across processes.
 *
 * Freshness — namespace generations. Entries live under
 * `${prefix}:rt:${namespace}:${generation}:${key}`. A reader reads the
 * generation and the entry in one atomic lookup; a writer, after its commit,
 * replaces the generation with a new random one. A reader that loaded old data
 * before the write then tries to fill under the old generation, and the fill
 * script refuses because the generation moved (event fill/stale-rejected): the
 * stale-set race of plain delete-after-write cannot happen. Generations are
 * random, never a counter, so a Redis flush or restart that loses the
 * generation key cannot bring back entries of an earlier generation 1.
 *
 * Local copies — one small read per hit. A hit used to fetch and decode the
 * whole value (a REST round trip carrying it base64-encoded, then superjson),
 * which for a list page was slower than the SQL it saves. So each process
 * keeps decoded, deep-frozen copies of entries it read or filled, filed under
 * their entry key, and cached() first reads ONLY the namespace generation (one
 * GET). When this process holds a copy of exactly entryKey(that generation),
 * it is served; otherwise the full lookup runs as before.
 *
 * Why a copy can never be stale. Call a value "of generation G" when it was
 * loaded from the database after some lookup had read G; every entry stored
 * under G is (the fill script stores only while G is current, and a waiter's
 * give-up load also follows its lookup), and so is every local copy, which is
 * a decoded entry or a stored fill. Take a write acknowledged at time A: its
 * commit came first, then its invalidation set a new generation Gw, so every
 * generation current after A was set after the commit (generations only move
 * forward and never repeat). A read starting after A reads the generation
 * after A, gets some G current then, and serves a copy only if it is of that
 * G — loaded after G was set, so after the commit: it includes the write. A
 * copy of an older generation is filed under another key and is never asked
 * for again. Nothing about a copy is trusted without this per-read generation
 * read: if it fails or times out, the loader answers (fail open), never a copy.
 * Copies expire no later than their entry in the store (the lookup reports the
 * entry's remaining TTL), so when an invalidation fails, staleness stays
 * bounded by the entry TTL as before. invalidate() drops the namespace's
 * copies in this process at once; other processes drop theirs when they next
 * read the new generation (or by LRU), which frees memory but is not needed
 * for freshness. With localCopyMaxBytes 0 nothing is kept and cached() skips
 * the generation read: one lookup per read, exactly as before.
 *
 * Stampedes — leases. A miss takes the entry's lease in the same lookup; only
 * the holder loads. Losers poll the entry, the lease and the generation every
 * pollMs, and re-run the lookup when the generation moved (a write) or the
 * lease vanished without a value (its holder died or its loader failed).
 * After leaseWaitMs they load by themselves, so nobody hangs on a dead holder.
 *
 * In-process single-flight shares one lookup among concurrent calls. A caller
 * that joined a flight joined a lookup that began before it did, maybe before
 * a write acknowledged in another process (fixed in 1d3111b after the stress
 * checker found 148 stale list reads in 100,000). So it keeps the flight's
 * value only if that value is of a generation current after the caller began:
 * the generation the caller itself read first (no extra round trip), or else
 * the one a GET returns afterwards. Otherwise it reads by itself.
 * invalidate() also forgets the namespace's flights, so no read starting after
 * a write in this process joins an older one.
 *
 * Fail open: any store failure or timeout is reported and the loader's result
 * is served; the loader's own errors propagate unchanged.
 */
import { CacheInvalidationError, CacheStoreError } from './errors';
import type { CacheEventEmitter } from './events';
import { entryKey, entryPrefix, generationKey } from './keys';
import type { CopyToKeep, LocalCopies } from './local-copies';
import { byteSize, deserialize, serialize } from './serialize';
import { createFlights } from './single-flight';
import type { CacheStore, LookupResult } from './store';
import type { CallTarget, StoreCall } from './store-call';
import { planTtl, type TtlPlan } from './ttl';
import type { Cache, CachedOptions } from './types';

export interface ReadThroughContext {
  store: CacheStore;
  prefix: string;
  defaultTtlSeconds: number | null;
  leaseTtlMs: number;
  leaseWaitMs: number;
  pollMs: number;
  events: CacheEventEmitter;
  call: StoreCall;
  localCopies: LocalCopies;
  /** The local copies' clock, ms since the epoch. */
  now: () => number;
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
  generationKey: string;
  entryPrefix: string;
}

type Found = { value: unknown; bytes: number } | null;

const DEFAULT_NAMESPACE = 'default';

const newRandomId = () => globalThis.crypto.randomUUID();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function decodeFound(text: string | null): Found {
  return text === null ? null : { value: deserialize(text), bytes: byteSize(text) };
}

const seconds = (ms: number | null) => (ms === null ? null : Math.max(0, ms) / 1000);

export function createReadThrough(context: ReadThroughContext): Pick<Cache, 'cached' | 'invalidate'> {
  const { store, prefix, events, call, localCopies } = context;
  const flights = createFlights<FlightOutcome>();

  /** Fail open: the cache is unusable for this read, so the source answers. */
  const serveSource = async (read: Read): Promise<FlightOutcome> => ({ value: await read.loader(), writeLandedDuringFlight: false, generation: null });

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
    let found: Found;
    try {
      [lookup, found] = await call('lookup', { key: read.key }, async () => {
        const result = await store.lookup({
          generationKey: read.generationKey,
          candidateGeneration: newRandomId(),
          entryPrefix: read.entryPrefix,
          entrySuffix: read.key,
          leaseToken,
          leaseTtlMs: context.leaseTtlMs,
        });
        return [result, decodeFound(result.value)] as const;
      });
    } catch {
      return serveSource(read);
    }
    const storedKey = lookup.entryKey;
    const ttlMs = lookup.valueTtlMs === undefined ? read.ttl.ms : lookup.valueTtlMs;
    events.emit({ op: 'lookup', key: read.key, storedKey, startedAt, result: found ? 'hit' : 'miss', bytes: found?.bytes, ...(found && { remainingTtlSeconds: seconds(ttlMs) }) });
    if (found) {
      const copy = keepCopy(read, lookup, { bytes: found.bytes, decode: () => found.value }, ttlMs, clockAtLookup);
      return { value: copy?.value ?? found.value, writeLandedDuringFlight: false, generation: lookup.generation };
    }
    if (lookup.lease === 'acquired') return loadAndFill(read, lookup, leaseToken);
    return waitForHolder(read, lookup, waitDeadline ?? performance.now() + context.leaseWaitMs);
  }

  async function loadAndFill(read: Read, lookup: LookupResult, leaseToken: string | null): Promise<FlightOutcome> {
    let value: unknown;
    try {
      value = await read.loader();
    } catch (loaderError) {
      // Free the lease at once so waiters retry instead of waiting it out.
      if (leaseToken !== null) await releaseLease(read, lookup.leaseKey, leaseToken);
      throw loaderError;
    }

    const target: CallTarget = { key: read.key, storedKey: lookup.entryKey };
    const startedAt = performance.now();
    const clockAtFill = context.now();
    let bytes = 0;
    let text = '';
    let outcome: 'stored' | 'stale';
    try {
      outcome = await call('fill', target, async () => {
        // Inside the call: a value superjson cannot encode is reported like a store failure.
        const serialized = serialize(value);
        ({ bytes, text } = serialized);
        return store.fill({
          generationKey: read.generationKey,
          generation: lookup.generation,
          entryKey: lookup.entryKey,
          leaseKey: lookup.leaseKey,
          leaseToken,
          value: serialized.text,
          ttlMs: read.ttl.ms,
        });
      });
    } catch {
      // Not awaited: the caller already has its value, and a broken store
      // would only add another timeout. The lease also expires by itself.
      if (leaseToken !== null) void releaseLease(read, lookup.leaseKey, leaseToken);
      return { value, writeLandedDuringFlight: false, generation: null };
    }
    const result = outcome === 'stored' ? 'stored' : 'stale-rejected';
    events.emit({ op: 'fill', ...target, startedAt, result, bytes, ttlSeconds: read.ttl.seconds });
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
    for (let now = startedAt; now < deadline; now = performance.now()) {
      await sleep(Math.min(context.pollMs, deadline - now));
      let poll: { entry: Found; leaseHeld: boolean; generationMoved: boolean };
      try {
        // Entry, lease and generation in one MGET: one round trip, one consistent snapshot.
        poll = await call('lease-wait', target, async () => {
          const [entryText = null, lease = null, generation = null] = await store.getMany([
            lookup.entryKey,
            lookup.leaseKey,
            read.generationKey,
          ]);
          return { entry: decodeFound(entryText), leaseHeld: lease !== null, generationMoved: generation !== lookup.generation };
        });
      } catch {
        return serveSource(read);
      }
      // A write moved the namespace on: whatever sits under the old generation
      // may predate it. Look up again, under the new generation.
      if (poll.generationMoved) return lookupAndServe(read, deadline);
      if (poll.entry) {
        events.emit({ op: 'lease-wait', ...target, startedAt, result: 'waited-hit', bytes: poll.entry.bytes });
        return { value: poll.entry.value, writeLandedDuringFlight: false, generation: lookup.generation };
      }
      // No value and no lease: the holder died or its loader failed. Look up
      // again (maybe taking the lease ourselves), within the same total wait.
      if (!poll.leaseHeld) return lookupAndServe(read, deadline);
    }
    events.emit({ op: 'lease-wait', ...target, startedAt, result: 'waited-gave-up' });
    return loadAndFill(read, lookup, null);
  }

  async function cached<T>(key: string, loader: () => Promise<T>, options: CachedOptions = {}): Promise<T> {
    const namespace = options.namespace ?? DEFAULT_NAMESPACE;
    const ttl = planTtl(options.ttl, context.defaultTtlSeconds);
    if (ttl.kind === 'expired') return loader(); // Django: a ttl <= 0 caches nothing.
    const read: Read = {
      namespace,
      key,
      loader,
      ttl,
      generationKey: generationKey(prefix, namespace),
      entryPrefix: entryPrefix(prefix, namespace),
    };
    if (!localCopies.enabled) return (await throughFlight(read, null)) as T;

    const startedAt = performance.now();
    let generation: string | null;
    try {
      // Reported as 'lookup' when it fails: it is the first step of every lookup.
      generation = await call('lookup', { key, storedKey: read.generationKey }, () => store.get(read.generationKey));
    } catch {
      // Fail open, as a failed lookup does. Not a copy: without the generation
      // nothing says it is still current.
      return loader();
    }
    // Null: no generation yet (first read, or Redis lost it); the lookup sets one.
    if (generation !== null) {
      localCopies.observeGeneration(namespace, generation);
      const storedKey = entryKey(read.entryPrefix, generation, key);
      const copy = localCopies.get(storedKey);
      if (copy) {
        const remainingTtlSeconds = seconds(copy.expiresAt === null ? null : copy.expiresAt - context.now());
        events.emit({ op: 'lookup', key, storedKey, startedAt, result: 'hit', local: true, bytes: copy.bytes, remainingTtlSeconds });
        return copy.value as T;
      }
    }
    return (await throughFlight(read, generation)) as T;
  }

  /** The lookup path, shared in process; `observed` is the generation this call read when it began, if any. */
  async function throughFlight(read: Read, observed: string | null): Promise<unknown> {
    const flight = flights.run(read.namespace, read.key, () => lookupAndServe(read, null));
    const outcome = await flight.promise;
    if (!flight.joined) return outcome.value;
    // A caller that joined someone else's flight joined a lookup that began
    // before it did. A write acknowledged in ANOTHER process in between would
    // leave that flight's value stale (found by scripts/stress: 148 stale list
    // reads in 100,000). The value is the caller's only while the flight's
    // generation is still current; otherwise it reads by itself.
    if (await stillCurrent(read, outcome, observed)) return outcome.value;
    return (await lookupAndServe(read, null)).value;
  }

  /** True when the flight's value is of a generation that was current after this call began. */
  async function stillCurrent(read: Read, outcome: FlightOutcome, observed: string | null): Promise<boolean> {
    if (outcome.writeLandedDuringFlight || outcome.generation === null) return false;
    // The call read this very generation after it began: no second round trip.
    if (outcome.generation === observed) return true;
    try {
      const current = await call('verify', { key: read.key, storedKey: read.generationKey }, () => store.get(read.generationKey));
      return current === outcome.generation;
    } catch {
      return false;
    }
  }

  async function invalidate(namespace: string): Promise<void> {
    const storedKey = generationKey(prefix, namespace);
    const startedAt = performance.now();
    try {
      await call('invalidate', { key: namespace, storedKey }, () => store.setGeneration(storedKey, newRandomId()));
    } catch (error) {
      const timedOut = error instanceof CacheStoreError && error.timedOut;
      events.emit({ op: 'invalidate', key: namespace, storedKey, startedAt, result: timedOut ? 'timeout' : 'error' });
      throw new CacheInvalidationError(namespace, error);
    } finally {
      flights.forgetNamespace(namespace);
      // Unreachable once the generation moved; dropped now rather than left to the LRU.
      localCopies.forgetNamespace(namespace);
    }
    events.emit({ op: 'invalidate', key: namespace, storedKey, startedAt, result: 'ok' });
  }

  return { cached, invalidate };
}
