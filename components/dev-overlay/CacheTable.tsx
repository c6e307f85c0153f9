'use client';
/**
 * One request's cache events as a table: where each was called from, the key
 * with the stored key under it (its generation marked, and marked dead once
 * retired), the result with the sentence saying why it hit or missed, the
 * value read or written (cut short; "show" fetches it whole) and the TTL left.
 */
import { useState } from 'react';
import { formatBytes } from '@/lib/dev-overlay/size';
import type { CacheEntry } from '@/lib/dev-overlay/types';
import { shortGeneration } from '@/lib/dev-overlay/story-text';
import { CallSite } from './CallSite';
import { cacheOpLabel, cacheResultLabel, formatMs, formatTtl } from './format';
import { fetchCacheValue } from './tools';

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

/** The stored key, with its generation marked (and said to be dead once a write retired it). */
function StoredKey({ entry }: { entry: CacheEntry }) {
  if (!entry.storedKey) return null;
  const [before, after] = entry.generation ? entry.storedKey.split(entry.generation) : [entry.storedKey];
  return (
    <div className="stored-key" data-testid="stored-key">
      {before}
      {entry.generation && after !== undefined && (
        <>
          <mark className={`gen${entry.deadGeneration ? ' dead' : ''}`} title={`generation ${entry.generation}`}>{shortGeneration(entry.generation)}…</mark>
          {after}
        </>
      )}
      {entry.deadGeneration && <span className="flag dead-flag" title="A write retired this generation: nothing reads this key again; it expires by its TTL.">dead generation</span>}
    </div>
  );
}

export function CacheTable({ requestId, entries, label }: { requestId: string; entries: CacheEntry[]; label: string }) {
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          <th className="num">at</th><th className="num">took</th><th>operation</th><th>key (stored key)</th><th>result, and why</th>
          <th>value</th><th className="num">TTL left</th><th>called from</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.index} data-op={entry.op} data-result={entry.result ?? ''} data-generation={entry.generation ?? ''}>
            <td className="num">+{formatMs(entry.offsetMs)}</td>
            <td className="num">{formatMs(entry.durationMs)}</td>
            <td className="op">{cacheOpLabel(entry.op, entry.result)}</td>
            <td className="key">
              {entry.key}
              <StoredKey entry={entry} />
            </td>
            <td className="result">
              <span className={`r-${entry.result ?? ''}`} title={entry.error}>{cacheResultLabel(entry)}</span>
              {entry.why && <div className="why" data-testid="cache-why">{entry.why}</div>}
            </td>
            <td><ValueCell requestId={requestId} entry={entry} /></td>
            <td className="num">{formatTtl(entry.remainingTtlSeconds === undefined || entry.remainingTtlSeconds === null ? entry.remainingTtlSeconds : Math.round(entry.remainingTtlSeconds))}</td>
            <td><CallSite frames={entry.callSite} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
