/**
 * The per-request store behind the overlay: the last N requests, each with
 * the cache events and SQL statements recorded under its id. Events that
 * arrive before (or without) begin() open the request lazily, so nothing
 * observed is dropped just because the id was assigned late.
 */
import { RingBuffer } from './ring-buffer';
import { detail, summarize, valueOf, type FrameResolver, type RawCacheEvent, type RawQuery, type RawRequest } from './summary';
import type { RequestDetail, RequestList, RequestMeta } from './types';

export interface CollectorOptions {
  /** Requests kept (History). Default 50. */
  capacity?: number;
  /** Queries slower than this are flagged. Default 100 ms. */
  slowQueryMs?: number;
  /** Per-request cap on recorded events, so a runaway loop cannot eat the heap. Default 5000. */
  maxEntriesPerRequest?: number;
  now?: () => number;
  epochNow?: () => number;
  /** Maps call sites to source lines when a request is looked up (default: none shown). */
  resolveFrames?: FrameResolver;
}

export type Lookup = { found: RequestDetail } | { evicted: true } | { unknown: true };

const UNKNOWN_META: RequestMeta = { method: '?', path: '?', label: 'unknown' };

export interface Collector {
  readonly capacity: number;
  readonly slowQueryMs: number;
  begin(id: string, meta: RequestMeta, startedAt?: number): void;
  recordCache(id: string, event: RawCacheEvent): void;
  recordQuery(id: string, query: RawQuery): void;
  finish(id: string, status: number, finishedAt?: number): void;
  lookup(id: string): Lookup;
  /** The value cache event `index` of request `id` read or wrote, when it recorded one. */
  cacheValue(id: string, index: number): { value: unknown } | undefined;
  /** Query `index` of request `id` as it was sent (for EXPLAIN), when still kept. */
  query(id: string, index: number): RawQuery | undefined;
  list(): RequestList;
}

export function createCollector(options: CollectorOptions = {}): Collector {
  const capacity = options.capacity ?? 50;
  const slowQueryMs = options.slowQueryMs ?? 100;
  const maxEntries = options.maxEntriesPerRequest ?? 5000;
  const now = options.now ?? (() => performance.now());
  const epochNow = options.epochNow ?? (() => Date.now());

  const ring = new RingBuffer<RawRequest>(capacity);
  const byId = new Map<string, RawRequest>();
  // Remembered so the overlay can say "evicted" rather than "never existed".
  const evicted = new RingBuffer<string>(capacity * 20);
  const evictedIds = new Set<string>();

  function open(id: string, meta: RequestMeta, startedAt: number): RawRequest {
    const raw: RawRequest = { id, meta, startedAt, startedAtEpochMs: epochNow() - (now() - startedAt), finishedAt: null, status: null, cache: [], queries: [] };
    byId.set(id, raw);
    const dropped = ring.push(raw);
    if (dropped) {
      byId.delete(dropped.id);
      evictedIds.add(dropped.id);
      const forgotten = evicted.push(dropped.id);
      if (forgotten !== undefined) evictedIds.delete(forgotten);
    }
    return raw;
  }

  const existing = (id: string, startedAt: number) => byId.get(id) ?? (evictedIds.has(id) ? null : open(id, UNKNOWN_META, startedAt));

  return {
    capacity,
    slowQueryMs,
    begin(id, meta, startedAt = now()) {
      const raw = byId.get(id);
      if (!raw) {
        open(id, meta, startedAt);
        return;
      }
      // Opened lazily by an early event: now we know what it was.
      raw.meta = meta;
      raw.startedAt = Math.min(raw.startedAt, startedAt);
    },
    recordCache(id, event) {
      const raw = existing(id, event.startedAt);
      if (raw && raw.cache.length < maxEntries) raw.cache.push(event);
    },
    recordQuery(id, query) {
      const raw = existing(id, query.startedAt);
      if (raw && raw.queries.length < maxEntries) raw.queries.push(query);
    },
    finish(id, status, finishedAt = now()) {
      const raw = byId.get(id);
      if (!raw) return;
      raw.status = status;
      raw.finishedAt = finishedAt;
    },
    lookup(id) {
      const raw = byId.get(id);
      if (raw) return { found: detail(raw, slowQueryMs, options.resolveFrames) };
      return evictedIds.has(id) ? { evicted: true } : { unknown: true };
    },
    cacheValue(id, index) {
      const event = byId.get(id)?.cache[index];
      return event ? valueOf(event) : undefined;
    },
    query(id, index) {
      return byId.get(id)?.queries[index];
    },
    list() {
      return { requests: ring.newestFirst().map((raw) => summarize(raw, slowQueryMs)), capacity, slowQueryMs };
    },
  };
}
