'use client';
/**
 * Cache panel: counts by operation, "How to read this", the events of the
 * action this page came after (when it did), then every event the cache
 * layer emitted for the request, in order (CacheTable), with filters.
 */
import { useState } from 'react';
import { formatBytes } from '@/lib/dev-overlay/size';
import type { CacheEntry, FollowedRequest, RequestDetail } from '@/lib/dev-overlay/types';
import { gap } from '@/lib/dev-overlay/story-text';
import { CacheTable } from './CacheTable';
import { Filters, passes, type FilterName } from './Filters';
import { cacheOpLabel, formatMs, requestTitle } from './format';
import { HowToRead } from './HowToRead';

/** A cache call slower than this is flagged (a Redis round trip on this machine is well under 1 ms). */
export const SLOW_CACHE_MS = 10;
const ERROR_RESULTS = new Set(['error', 'timeout', 'circuit-open', 'waited-gave-up', 'undecodable']);

const flags = (entry: CacheEntry): Record<FilterName, boolean> => ({
  misses: entry.result === 'miss',
  slow: entry.durationMs > SLOW_CACHE_MS,
  errors: entry.op === 'error' || entry.op === 'timeout' || ERROR_RESULTS.has(entry.result ?? ''),
});

/** The action this page came after: its events first, since they are why this page hit or missed. */
function FollowedAction({ follows }: { follows: FollowedRequest }) {
  const title = requestTitle(follows.summary);
  return (
    <section className="follows" aria-label="The action before this page" data-testid="followed-action">
      <h3>
        Before this page: {title}, {gap(follows.gapMs)} earlier
      </h3>
      <p className="muted">
        This page came after that action (its redirect, or the next load). The action&apos;s own response rendered the page again, so
        the miss and the refill are there; this page then read what it stored.
      </p>
      {follows.cache.length === 0 ? (
        <p className="empty">The action made no cache calls.</p>
      ) : (
        <CacheTable requestId={follows.summary.id} entries={follows.cache} label="Events of the action before this page" />
      )}
    </section>
  );
}

export function CachePanel({ requestId, detail }: { requestId: string; detail: RequestDetail }) {
  const [active, setActive] = useState<Set<FilterName>>(new Set());
  const { cache } = detail.summary;
  const ratio = cache.hitRatio === null ? 'n/a' : `${Math.round(cache.hitRatio * 100)}%`;
  const rows = detail.cache.map((entry) => ({ entry, flags: flags(entry) }));
  const counts = { misses: 0, slow: 0, errors: 0 };
  for (const row of rows) for (const name of Object.keys(counts) as FilterName[]) if (row.flags[name]) counts[name] += 1;
  const shown = rows.filter((row) => passes(active, row.flags));
  return (
    <section aria-label="Cache">
      <p className="summary">
        <span><b>{cache.calls}</b> calls</span>
        <span>hits <b>{cache.hits}</b></span>
        <span>misses <b>{cache.misses}</b></span>
        <span>hit ratio <b>{ratio}</b></span>
        <span><b>{formatBytes(cache.bytes)}</b></span>
        <span><b>{formatMs(cache.timeMs)}</b></span>
      </p>
      {Object.keys(cache.byOp).length > 0 && (
        <table className="by-op" aria-label="Calls by operation">
          <thead>
            <tr>
              {Object.keys(cache.byOp).map((op) => (
                <th key={op} scope="col">{cacheOpLabel(op, undefined)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {Object.entries(cache.byOp).map(([op, count]) => (
                <td key={op} className="num">{count}</td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
      <HowToRead />
      {detail.follows && <FollowedAction follows={detail.follows} />}
      {detail.follows && <h3>This request: {requestTitle(detail.summary)}</h3>}
      <Filters available={['misses', 'slow', 'errors']} active={active} onChange={setActive} counts={counts} />
      {detail.cache.length === 0 ? (
        <p className="empty">No cache calls in this request.</p>
      ) : shown.length === 0 ? (
        <p className="empty" role="status">No cache calls match these filters.</p>
      ) : (
        <CacheTable requestId={requestId} entries={shown.map(({ entry }) => entry)} label="Cache calls" />
      )}
    </section>
  );
}
