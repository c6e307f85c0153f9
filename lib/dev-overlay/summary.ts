/**
 * Turns one request's raw observations into what the overlay shows: the
 * summary (pill, History) and the per-row panels (Cache, SQL, Timeline).
 */
import type { QueryObservation } from '@/db/instrumentation';
import type { CacheEvent } from '@/lib/cache';
import type { RawFrame } from './call-site';
import type { CallTrace } from './call-trace';
import type { Story } from './generation-story';
import { groupQueries } from './duplicates';
import { isSingleSelect } from './explain-rule';
import { jsonBytes } from './size';
import type { CacheEntry, QueryEntry, RequestDetail, RequestMeta, RequestSummary, SourceFrame } from './types';
import { previewValue } from './value-preview';

/** A query as the driver wrapper observed it (db/instrumentation.ts), with where it was written. */
export type RawQuery = QueryObservation & { frames?: RawFrame[] };
/** A cache event with the call it belongs to (traced-cache.ts) and what the generation says about it (generation-story.ts). */
export type RawCacheEvent = CacheEvent & { trace?: CallTrace; story?: Story };
/** Maps raw frames to our own source lines (source-frames.ts); tests pass none. */
export type FrameResolver = (frames: readonly RawFrame[] | undefined) => SourceFrame[];
const noFrames: FrameResolver = () => [];
/** What the overlay adds to an event that happened at `atEpochMs`: why it hit or missed, whether its generation is dead (event-explainer.ts). */
export type Explain = (event: RawCacheEvent, atEpochMs: number) => Pick<CacheEntry, 'why' | 'deadGeneration'>;
const noExplanation: Explain = () => ({});

export interface RawRequest {
  id: string;
  meta: RequestMeta;
  /** performance.now() at the start; offsets are measured from it. */
  startedAt: number;
  startedAtEpochMs: number;
  finishedAt: number | null;
  status: number | null;
  cache: RawCacheEvent[];
  queries: RawQuery[];
}

// A 'lookup' is cached()'s read and 'get'/'getMany' the low-level reads: the
// ones that can hit or miss. A lease loser that got the value counts as a hit.
const READ_OPS = new Set(['get', 'getMany', 'lookup', 'lease-wait']);
const HIT_RESULTS = new Set(['hit', 'waited-hit']);
const ERROR_RESULTS = new Set(['error', 'timeout', 'circuit-open']);

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** Results that come with a value: what a hit returned, what a write or fill stored. */
const VALUE_RESULTS = new Set(['hit', 'waited-hit', 'stored', 'stale-rejected']);

/** The value an event read or wrote, if it has one and the call recorded it. */
export function valueOf(event: RawCacheEvent): { value: unknown } | undefined {
  return event.result && VALUE_RESULTS.has(event.result) ? event.trace?.value : undefined;
}

function remainingTtl(event: RawCacheEvent): number | null | undefined {
  if (event.remainingTtlSeconds !== undefined) return event.remainingTtlSeconds;
  if (event.trace?.remainingTtlSeconds !== undefined) return event.trace.remainingTtlSeconds;
  return event.result === 'stored' ? event.ttlSeconds : undefined;
}

export function cacheEntries(raw: RawRequest, resolve: FrameResolver = noFrames, explain: Explain = noExplanation): CacheEntry[] {
  return raw.cache
    .map((event, index) => {
      const value = valueOf(event);
      return {
      kind: 'cache' as const,
      index,
      callSite: resolve(event.trace?.frames),
      ...(value && { valuePreview: previewValue(value.value) }),
      remainingTtlSeconds: remainingTtl(event),
      offsetMs: round(event.startedAt - raw.startedAt),
      durationMs: round(event.durationMs),
      op: event.op,
      key: event.key,
      storedKey: event.storedKey,
      result: event.result,
      local: event.local,
      namespace: event.namespace,
      generation: event.generation,
      ...explain(event, raw.startedAtEpochMs + (event.startedAt - raw.startedAt)),
      bytes: event.bytes,
      ttlSeconds: event.ttlSeconds,
      error: event.error,
      store: event.store,
      };
    })
    .sort((a, b) => a.offsetMs - b.offsetMs);
}

export function queryEntries(raw: RawRequest, resolve: FrameResolver = noFrames): QueryEntry[] {
  const queries = raw.queries.map((query, index) => ({ query, index })).sort((a, b) => a.query.startedAt - b.query.startedAt);
  const groups = groupQueries(queries.map(({ query }) => query));
  return queries.map(({ query, index: recorded }, index) => ({
    kind: 'sql' as const,
    index: recorded,
    callSite: resolve(query.frames),
    explainable: isSingleSelect(query.text),
    offsetMs: round(query.startedAt - raw.startedAt),
    durationMs: round(query.durationMs),
    text: query.text,
    params: [...query.params],
    paramBytes: jsonBytes(query.params),
    rows: query.rows,
    error: query.error,
    driver: query.driver,
    similar: groups.similar[index]!,
    duplicate: groups.duplicate[index]!,
  }));
}

function summarizeCache(events: readonly CacheEvent[]): RequestSummary['cache'] {
  const byOp: Record<string, number> = {};
  let hits = 0;
  let misses = 0;
  let bytes = 0;
  let timeMs = 0;
  let errors = 0;
  for (const event of events) {
    byOp[event.op] = (byOp[event.op] ?? 0) + 1;
    if (READ_OPS.has(event.op) && event.result) {
      if (HIT_RESULTS.has(event.result)) hits += 1;
      else if (event.result === 'miss') misses += 1;
    }
    if (event.op === 'error' || event.op === 'timeout' || (event.result && ERROR_RESULTS.has(event.result))) errors += 1;
    bytes += event.bytes ?? 0;
    timeMs += event.durationMs;
  }
  const reads = hits + misses;
  return { calls: events.length, byOp, hits, misses, hitRatio: reads ? hits / reads : null, bytes, timeMs: round(timeMs), errors };
}

function summarizeSql(queries: readonly RawQuery[], slowQueryMs: number): RequestSummary['sql'] {
  const groups = groupQueries(queries);
  return {
    count: queries.length,
    timeMs: round(queries.reduce((sum, query) => sum + query.durationMs, 0)),
    rows: queries.reduce((sum, query) => sum + (query.rows ?? 0), 0),
    duplicates: groups.duplicateExtra,
    similar: groups.similarExtra,
    slow: queries.filter((query) => query.durationMs > slowQueryMs).length,
    errors: queries.filter((query) => query.error !== undefined).length,
  };
}

function warningsFor(cache: RequestSummary['cache'], sql: RequestSummary['sql'], slowQueryMs: number): string[] {
  const warnings: string[] = [];
  if (sql.duplicates) warnings.push(`${sql.duplicates} duplicate quer${sql.duplicates === 1 ? 'y' : 'ies'}`);
  if (sql.slow) warnings.push(`${sql.slow} slow quer${sql.slow === 1 ? 'y' : 'ies'} (over ${slowQueryMs} ms)`);
  if (sql.errors) warnings.push(`${sql.errors} failed quer${sql.errors === 1 ? 'y' : 'ies'}`);
  if (cache.errors) warnings.push(`${cache.errors} cache error${cache.errors === 1 ? '' : 's'}`);
  return warnings;
}

export function summarize(raw: RawRequest, slowQueryMs: number): RequestSummary {
  const cache = summarizeCache(raw.cache);
  const sql = summarizeSql(raw.queries, slowQueryMs);
  return {
    id: raw.id,
    method: raw.meta.method,
    path: raw.meta.path,
    label: raw.meta.label,
    startedAtEpochMs: raw.startedAtEpochMs,
    status: raw.status,
    totalMs: raw.finishedAt === null ? null : round(raw.finishedAt - raw.startedAt),
    cache,
    sql,
    warnings: warningsFor(cache, sql, slowQueryMs),
    ...(raw.meta.after && { after: raw.meta.after }),
  };
}

export function detail(raw: RawRequest, slowQueryMs: number, resolve: FrameResolver = noFrames, explain: Explain = noExplanation): RequestDetail {
  return { summary: summarize(raw, slowQueryMs), cache: cacheEntries(raw, resolve, explain), sql: queryEntries(raw, resolve), slowQueryMs };
}
