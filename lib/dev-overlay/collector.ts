/**
 * The per-request store behind the overlay: the last N requests, each with
 * the cache events and SQL statements recorded under its id. Events that
 * arrive before (or without) begin() open the request lazily, so nothing
 * observed is dropped just because the id was assigned late.
 *
 * Work that belongs to no request goes to the background log instead: what
 * the listeners report as such, and whatever a request records after its
 * response finished (a timer it started, such as a sweep, still carries its
 * context; a request's own work is done by then).
 */
import { createBackgroundLog } from './background-log';
import { explainerFor } from './event-explainer';
import { requestTitle } from './request-label';
import { RingBuffer } from './ring-buffer';
import { cacheEntries, detail, summarize, valueOf, type FrameResolver, type RawCacheEvent, type RawQuery, type RawRequest } from './summary';
import type { BackgroundLog, RequestDetail, RequestList, RequestMeta } from './types';

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
  /** The namespaces' generations as this process last saw them (generation-story.ts), to mark dead ones. */
  currentGeneration?: (namespace: string) => string | null | undefined;
}

export type Lookup = { found: RequestDetail } | { evicted: true } | { unknown: true };

const UNKNOWN_META: RequestMeta = { method: '?', path: '?', label: 'unknown' };
const NO_REQUEST = 'no request';

export interface Collector {
  readonly capacity: number;
  readonly slowQueryMs: number;
  begin(id: string, meta: RequestMeta, startedAt?: number): void;
  /** Records under request `id`; false when it went to the background log instead (it started after the request finished). */
  recordCache(id: string, event: RawCacheEvent): boolean;
  recordQuery(id: string, query: RawQuery): void;
  /** Work that belongs to no request (background.ts). */
  recordBackgroundCache(event: RawCacheEvent): void;
  recordBackgroundQuery(query: RawQuery): void;
  finish(id: string, status: number, finishedAt?: number): void;
  lookup(id: string): Lookup;
  /** The value cache event `index` of request `id` read or wrote, when it recorded one. */
  cacheValue(id: string, index: number): { value: unknown } | undefined;
  /** Query `index` of request `id` as it was sent (for EXPLAIN), when still kept. */
  query(id: string, index: number): RawQuery | undefined;
  list(): RequestList;
  background(): BackgroundLog;
}

export function createCollector(options: CollectorOptions = {}): Collector {
  const capacity = options.capacity ?? 50;
  const slowQueryMs = options.slowQueryMs ?? 100;
  const maxEntries = options.maxEntriesPerRequest ?? 5000;
  const now = options.now ?? (() => performance.now());
  const epochNow = options.epochNow ?? (() => Date.now());
  const epochOf = (at: number) => epochNow() - (now() - at);

  const ring = new RingBuffer<RawRequest>(capacity);
  const byId = new Map<string, RawRequest>();
  // Remembered so the overlay can say "evicted" rather than "never existed".
  const evicted = new RingBuffer<string>(capacity * 20);
  const evictedIds = new Set<string>();
  const backgroundLog = createBackgroundLog();
  const explainer = (id: string) =>
    explainerFor({ currentGeneration: options.currentGeneration ?? (() => undefined), metaOf: (other) => byId.get(other)?.meta }, id);

  function open(id: string, meta: RequestMeta, startedAt: number): RawRequest {
    const raw: RawRequest = { id, meta, startedAt, startedAtEpochMs: epochOf(startedAt), finishedAt: null, status: null, cache: [], queries: [] };
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
  /** Started after the response finished: not this request's work, though it ran in its context. */
  const lateFor = (raw: RawRequest, startedAt: number) => (raw.finishedAt !== null && startedAt > raw.finishedAt ? `after ${requestTitle(raw.meta)} had finished (a timer it started)` : null);

  function followed(raw: RawRequest): RequestDetail['follows'] {
    const action = raw.meta.after ? byId.get(raw.meta.after) : undefined;
    if (!action) return undefined;
    return { summary: summarize(action, slowQueryMs), cache: cacheEntries(action, options.resolveFrames, explainer(action.id)), gapMs: raw.startedAtEpochMs - action.startedAtEpochMs };
  }

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
      const late = raw && lateFor(raw, event.startedAt);
      if (late) backgroundLog.recordCache(event, epochOf(event.startedAt), late);
      else if (raw && raw.cache.length < maxEntries) raw.cache.push(event);
      return !late;
    },
    recordQuery(id, query) {
      const raw = existing(id, query.startedAt);
      const late = raw && lateFor(raw, query.startedAt);
      if (late) backgroundLog.recordQuery(query, epochOf(query.startedAt), late);
      else if (raw && raw.queries.length < maxEntries) raw.queries.push(query);
    },
    recordBackgroundCache(event) {
      backgroundLog.recordCache(event, epochOf(event.startedAt), NO_REQUEST);
    },
    recordBackgroundQuery(query) {
      backgroundLog.recordQuery(query, epochOf(query.startedAt), NO_REQUEST);
    },
    finish(id, status, finishedAt = now()) {
      const raw = byId.get(id);
      if (!raw) return;
      raw.status = status;
      raw.finishedAt = finishedAt;
    },
    lookup(id) {
      const raw = byId.get(id);
      if (raw) {
        const follows = followed(raw);
        return { found: { ...detail(raw, slowQueryMs, options.resolveFrames, explainer(id)), ...(follows && { follows }) } };
      }
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
    background: () => backgroundLog.log(),
  };
}
