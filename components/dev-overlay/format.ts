/** Text the overlay shows, kept apart from the components so it can be unit-tested. */
import type { RequestSummary } from '@/lib/dev-overlay/types';

export function formatMs(ms: number | null): string {
  if (ms === null) return '…';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "SQL 1 · 3.2 ms | Cache 0/1 hit · 1 miss · 0.6 ms | 41 ms" */
export function pillText(summary: RequestSummary): string {
  const { sql, cache } = summary;
  const reads = cache.hits + cache.misses;
  const sqlPart = `SQL ${sql.count} · ${formatMs(sql.timeMs)}`;
  const cachePart = `Cache ${cache.hits}/${reads} hit · ${cache.misses} miss · ${formatMs(cache.timeMs)}`;
  return `${sqlPart} | ${cachePart} | ${formatMs(summary.totalMs)}`;
}

export function requestTitle(summary: RequestSummary): string {
  const kind = summary.label === 'page' ? '' : ` (${summary.label})`;
  return `${summary.method} ${summary.path}${kind}`;
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
