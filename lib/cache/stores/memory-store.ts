/**
 * An in-process CacheStore with Redis semantics, for a laptop with no Redis
 * and for tests. Every method body is synchronous, so each one is atomic just
 * as a single Redis command or Lua script is.
 *
 * Expiry is lazy (an expired key is dropped when touched) plus a sweep of the
 * whole map at most once per sweepIntervalMs, so keys nobody reads again do
 * not pile up. The clock is injectable so tests can expire keys without sleeping.
 */
import { notAnIntegerError } from '../errors';
import { entryKey, leaseKey } from '../keys';
import type { CacheStore, FillRequest, LookupRequest, LookupResult } from '../store';

export interface MemoryStoreOptions {
  /** Milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
  sweepIntervalMs?: number;
}

interface Entry {
  value: string;
  expiresAt: number | null;
}

/** Redis accepts exactly this shape for INCRBY (no '+', no leading zeros, no "-0"). */
const REDIS_INTEGER = /^(0|-?[1-9][0-9]*)$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function createMemoryStore(options: MemoryStoreOptions = {}): CacheStore {
  const now = options.now ?? Date.now;
  const sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
  const entries = new Map<string, Entry>();
  let lastSweep = now();

  const isExpired = (entry: Entry, at: number) => entry.expiresAt !== null && entry.expiresAt <= at;

  const sweepIfDue = () => {
    const at = now();
    if (at - lastSweep < sweepIntervalMs) return;
    lastSweep = at;
    for (const [key, entry] of entries) if (isExpired(entry, at)) entries.delete(key);
  };

  const read = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && isExpired(entry, now())) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const write = (key: string, value: string, ttlMs: number | null) => {
    sweepIfDue();
    entries.set(key, { value, expiresAt: ttlMs === null ? null : now() + ttlMs });
  };

  const remove = (key: string): boolean => read(key) !== undefined && entries.delete(key);

  /** The namespace's generation; `started` when there was none and the candidate now is it. */
  const currentGeneration = (generationKey: string, candidate: string): { generation: string; started: boolean } => {
    const existing = read(generationKey);
    if (existing) return { generation: existing.value, started: false };
    write(generationKey, candidate, null);
    return { generation: candidate, started: true };
  };

  const releaseIfHeld = (key: string, token: string) => {
    if (read(key)?.value === token) entries.delete(key);
  };

  return {
    kind: 'memory',

    async get(key) {
      return read(key)?.value ?? null;
    },

    async getMany(keys) {
      return keys.map((key) => read(key)?.value ?? null);
    },

    async set(key, value, ttlMs) {
      write(key, value, ttlMs);
    },

    async setIfAbsent(key, value, ttlMs) {
      if (read(key)) return false;
      write(key, value, ttlMs);
      return true;
    },

    async setMany(pairs, ttlMs) {
      for (const [key, value] of pairs) write(key, value, ttlMs);
    },

    async delete(keys) {
      return keys.filter(remove).length;
    },

    async touch(key, ttlMs) {
      const entry = read(key);
      if (!entry) return false;
      entry.expiresAt = ttlMs === null ? null : now() + ttlMs;
      return true;
    },

    async incrBy(key, delta) {
      const entry = read(key);
      if (!entry) return null;
      // Redis's own words, as the other stores report them.
      if (!REDIS_INTEGER.test(entry.value)) throw notAnIntegerError(key, 'ERR value is not an integer or out of range');
      const next = BigInt(entry.value) + BigInt(delta);
      if (next < INT64_MIN || next > INT64_MAX) throw notAnIntegerError(key, 'ERR increment or decrement would overflow');
      entry.value = next.toString(); // the TTL stays, as with INCRBY
      return Number(next);
    },

    async deleteByPrefix(prefix) {
      let removed = 0;
      for (const key of [...entries.keys()]) if (key.startsWith(prefix) && remove(key)) removed += 1;
      return removed;
    },

    async keysWithPrefix(prefix, limit) {
      const found: string[] = [];
      for (const key of entries.keys()) {
        if (found.length >= limit) break;
        if (key.startsWith(prefix) && read(key) !== undefined) found.push(key);
      }
      return found;
    },

    async remainingTtl(key) {
      const entry = read(key);
      if (!entry) return undefined;
      return entry.expiresAt === null ? null : entry.expiresAt - now();
    },

    async lookup(request: LookupRequest): Promise<LookupResult> {
      const { generation, started } = currentGeneration(request.generationKey, request.candidateGeneration);
      const resultKeys = {
        generation,
        generationStarted: started,
        entryKey: entryKey(request.entryPrefix, generation, request.entrySuffix),
        leaseKey: leaseKey(request.entryPrefix, generation, request.entrySuffix),
      };
      const entry = read(resultKeys.entryKey);
      if (entry) return { ...resultKeys, value: entry.value, lease: 'none', valueTtlMs: entry.expiresAt === null ? null : entry.expiresAt - now() };
      if (read(resultKeys.leaseKey)) return { ...resultKeys, value: null, lease: 'held' };
      write(resultKeys.leaseKey, request.leaseToken, request.leaseTtlMs);
      return { ...resultKeys, value: null, lease: 'acquired' };
    },

    async fill(request: FillRequest) {
      const current = read(request.generationKey)?.value;
      const outcome = current === request.generation ? 'stored' : 'stale';
      if (outcome === 'stored') write(request.entryKey, request.value, request.ttlMs);
      if (request.leaseToken !== null) releaseIfHeld(request.leaseKey, request.leaseToken);
      return outcome;
    },

    async releaseLease(key, token) {
      releaseIfHeld(key, token);
    },

    async retireGeneration({ generationKey, markerKeys, unlessMarked, markerTtlMs }) {
      const retire = !unlessMarked || markerKeys.some((key) => !read(key));
      const retired = retire ? (read(generationKey)?.value ?? null) : null;
      if (retired !== null) remove(generationKey);
      for (const key of markerKeys) write(key, '1', markerTtlMs);
      // One process, no replicas: nothing to wait for.
      return { retired, replicasAcknowledged: null };
    },

    topology: () => ({ kind: 'memory', primaries: [] }),

    async close() {
      // Nothing to release: the data stays, and later calls work as before.
    },
  };
}
