'use client';
/** Cache panel: every event the cache layer emitted for the request, in order, with a summary. */
import { formatBytes } from '@/lib/dev-overlay/size';
import type { RequestDetail } from '@/lib/dev-overlay/types';
import { cacheOpLabel, formatMs, formatTtl } from './format';

export function CachePanel({ detail }: { detail: RequestDetail }) {
  const { cache } = detail.summary;
  const ratio = cache.hitRatio === null ? 'n/a' : `${Math.round(cache.hitRatio * 100)}%`;
  return (
    <section aria-label="Cache">
      <p className="summary">
        <span><b>{cache.calls}</b> calls</span>
        <span>hits <b>{cache.hits}</b></span>
        <span>misses <b>{cache.misses}</b></span>
        <span>hit ratio <b>{ratio}</b></span>
        <span><b>{formatBytes(cache.bytes)}</b></span>
        <span><b>{formatMs(cache.timeMs)}</b></span>
        {Object.entries(cache.byOp).map(([op, count]) => (
          <span key={op}>{op} <b>{count}</b></span>
        ))}
      </p>
      {detail.cache.length === 0 ? (
        <p className="empty">No cache calls in this request.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th className="num">at</th><th className="num">took</th><th>operation</th><th>key</th><th>stored key</th>
              <th>result</th><th className="num">size</th><th className="num">TTL</th>
            </tr>
          </thead>
          <tbody>
            {detail.cache.map((event, index) => (
              <tr key={index} data-op={event.op} data-result={event.result ?? ''}>
                <td className="num">+{formatMs(event.offsetMs)}</td>
                <td className="num">{formatMs(event.durationMs)}</td>
                <td className="op">{cacheOpLabel(event.op, event.result)}</td>
                <td className="key">{event.key}</td>
                <td className="key muted">{event.storedKey ?? ''}</td>
                <td className={`r-${event.result ?? ''}`} title={event.error}>{event.result ?? ''}{event.local ? ' (local)' : ''}{event.error ? ` — ${event.error}` : ''}</td>
                <td className="num">{event.bytes === undefined ? '' : formatBytes(event.bytes)}</td>
                <td className="num">{formatTtl(event.ttlSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
