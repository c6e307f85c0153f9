/** Text the overlay shows, kept apart from the components so it can be unit-tested. */
import { requestTitle } from '@/lib/dev-overlay/request-label';
import type { CacheEntry, RequestDetail, RequestSummary } from '@/lib/dev-overlay/types';

export { requestTitle };

export function formatMs(ms: number | null): string {
  if (ms === null) return '…';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * "SQL 1 · 3.2 ms | Cache 0/1 hit · 1 miss · 0.6 ms | 41 ms", the request's
 * own numbers; a page that came after an action adds what the action did to
 * the cache: "| after POST / (action): 1 invalidate · 1 miss".
 */
export function pillText(summary: RequestSummary, follows?: RequestDetail['follows']): string {
  const { sql, cache } = summary;
  const reads = cache.hits + cache.misses;
  const sqlPart = `SQL ${sql.count} · ${formatMs(sql.timeMs)}`;
  const cachePart = `Cache ${cache.hits}/${reads} hit · ${cache.misses} miss · ${formatMs(cache.timeMs)}`;
  const own = `${sqlPart} | ${cachePart} | ${formatMs(summary.totalMs)}`;
  if (!follows) return own;
  const invalidates = follows.summary.cache.byOp.invalidate ?? 0;
  const did = [invalidates ? `${invalidates} invalidate` : '', `${follows.summary.cache.misses} miss`].filter(Boolean).join(' · ');
  return `${own} | after ${requestTitle(follows.summary)}: ${did}`;
}

/** A result as the Cache panel shows it: "hit (local)" for a hit served from this process's copy. */
export function cacheResultLabel(entry: Pick<CacheEntry, 'result' | 'local' | 'error'>): string {
  return `${entry.result ?? ''}${entry.local ? ' (local)' : ''}${entry.error ? ` — ${entry.error}` : ''}`;
}


/** Friendlier names for the cache layer's operations; the raw op stays in a data attribute. */
export function cacheOpLabel(op: string, result: string | undefined): string {
  if (op === 'fill') return result === 'stale-rejected' ? 'refill rejected' : result === 'not-admitted' ? 'refill not kept (over budget)' : 'set (refill)';
  if (op === 'lookup') return 'get (cached)';
  if (op === 'lease-wait') return 'lease/wait';
  if (op === 'invalidate') return 'invalidate';
  if (op === 'circuit') return `circuit ${result ?? ''}`.trim();
  if (result === 'circuit-open') return 'skipped (circuit open)';
  return op;
}

export function formatTtl(ttl: number | null | undefined): string {
  if (ttl === undefined) return '';
  if (ttl === null) return 'never';
  return `${ttl} s`;
}

export function formatParams(params: unknown[]): string {
  if (params.length === 0) return '';
  try {
    return JSON.stringify(params);
  } catch {
    return `[${params.length} params]`;
  }
}
