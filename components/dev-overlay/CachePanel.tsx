'use client';
/**
 * Cache panel: counts by operation, then every event the cache layer emitted
 * for the request, in order: where it was called from, the value it read or
 * wrote (cut short; "show" fetches it whole) and the key's remaining TTL.
 */
import { useState } from 'react';
import { formatBytes } from '@/lib/dev-overlay/size';
import type { CacheEntry, RequestDetail } from '@/lib/dev-overlay/types';
import { CallSite } from './CallSite';
import { Filters, passes, type FilterName } from './Filters';
import { cacheOpLabel, formatMs, formatTtl } from './format';
import { fetchCacheValue } from './tools';

/** A cache call slower than this is flagged (a Redis round trip on this machine is well under 1 ms). */
export const SLOW_CACHE_MS = 10;
const ERROR_RESULTS = new Set(['error', 'timeout', 'circuit-open', 'waited-gave-up', 'undecodable']);

const flags = (entry: CacheEntry): Record<FilterName, boolean> => ({
  misses: entry.result === 'miss',
  slow: entry.durationMs > SLOW_CACHE_MS,
  errors: entry.op === 'error' || entry.op === 'timeout' || ERROR_RESULTS.has(entry.result ?? ''),
});

function ValueCell({ requestId, entry }: { requestId: string; entry: CacheEntry }) {
  const [whole, setWhole] = useState<{ text?: string; error?: string } | null>(null);
  if (entry.valuePreview === undefined) return <span className="muted">—</span>;
  return (
    <div className="value">
      <code className="preview">{entry.valuePreview}</code>
      {entry.bytes !== undefined && <span className="muted"> · {formatBytes(entry.bytes)}</span>}{' '}
      <button
        type="button"
        className="small-button"
        aria-expanded={whole !== null}
        aria-label={`${whole ? 'Hide' : 'Show'} the whole value of ${entry.key}`}
        onClick={() => {
          if (whole) return setWhole(null);
          setWhole({});
          fetchCacheValue(requestId, entry.index).then(
            (text) => setWhole({ text }),
            (error: Error) => setWhole({ error: error.message }),
          );
        }}
      >
        {whole ? 'hide' : 'show'}
      </button>
      {whole && <pre className="whole" aria-label={`Value of ${entry.key}`}>{whole.error ?? whole.text ?? 'Loading…'}</pre>}
    </div>
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
      <Filters available={['misses', 'slow', 'errors']} active={active} onChange={setActive} counts={counts} />
      {detail.cache.length === 0 ? (
        <p className="empty">No cache calls in this request.</p>
      ) : shown.length === 0 ? (
        <p className="empty" role="status">No cache calls match these filters.</p>
      ) : (
        <table aria-label="Cache calls">
          <thead>
            <tr>
              <th className="num">at</th><th className="num">took</th><th>operation</th><th>key</th><th>result</th>
              <th>value</th><th className="num">TTL left</th><th>called from</th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ entry }) => (
                <tr key={entry.index} data-op={entry.op} data-result={entry.result ?? ''}>
                  <td className="num">+{formatMs(entry.offsetMs)}</td>
                  <td className="num">{formatMs(entry.durationMs)}</td>
                  <td className="op">{cacheOpLabel(entry.op, entry.result)}</td>
                  <td className="key" title={entry.storedKey}>{entry.key}</td>
                  <td className={`r-${entry.result ?? ''}`} title={entry.error}>{entry.result ?? ''}{entry.local ? ' (local)' : ''}{entry.error ? ` — ${entry.error}` : ''}</td>
                  <td><ValueCell requestId={requestId} entry={entry} /></td>
                  <td className="num">{formatTtl(entry.remainingTtlSeconds === undefined || entry.remainingTtlSeconds === null ? entry.remainingTtlSeconds : Math.round(entry.remainingTtlSeconds))}</td>
                  <td><CallSite frames={entry.callSite} /></td>
                </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
