/**
 * The overlay's record of background work: cache events and queries that no
 * request asked for (the outbox sweep every second, start-up), or that a
 * request's timer ran after that request had finished. Kept apart so that no
 * request is blamed for them: they are in no request's counts, duplicates,
 * slow queries or pill. The newest `capacity` entries are kept, the totals
 * count everything since start.
 */
import type { CacheEvent } from '@/lib/cache';
import type { QueryObservation } from '@/db/instrumentation';
import { RingBuffer } from './ring-buffer';
import type { BackgroundEntry, BackgroundLog } from './types';

export interface BackgroundRecorder {
  /** `why`: "no request", or which finished request's timer it ran in. */
  recordCache(event: CacheEvent, atEpochMs: number, why: string): void;
  recordQuery(query: QueryObservation, atEpochMs: number, why: string): void;
  log(): BackgroundLog;
}

export function createBackgroundLog(capacity = 200): BackgroundRecorder {
  const entries = new RingBuffer<BackgroundEntry>(capacity);
  const totals = { queries: 0, cacheCalls: 0, timeMs: 0 };
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    recordCache(event, atEpochMs, why) {
      totals.cacheCalls += 1;
      totals.timeMs += event.durationMs;
      entries.push({ kind: 'cache', atEpochMs, durationMs: round(event.durationMs), op: event.op, key: event.key, result: event.result, why });
    },
    recordQuery(query, atEpochMs, why) {
      totals.queries += 1;
      totals.timeMs += query.durationMs;
      entries.push({ kind: 'sql', atEpochMs, durationMs: round(query.durationMs), text: query.text, rows: query.rows, why });
    },
    log() {
      return { totals: { ...totals, timeMs: round(totals.timeMs) }, entries: entries.newestFirst(), capacity };
    },
  };
}
