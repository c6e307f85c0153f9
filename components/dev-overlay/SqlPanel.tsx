'use client';
/** SQL panel: each statement with its parameters, duration, rows, share of SQL time, and similar/duplicate flags. */
import { formatBytes } from '@/lib/dev-overlay/size';
import type { RequestDetail } from '@/lib/dev-overlay/types';
import { formatMs, formatParams } from './format';

export function SqlPanel({ detail }: { detail: RequestDetail }) {
  const { sql } = detail.summary;
  const total = sql.timeMs || 1;
  return (
    <section aria-label="SQL">
      <p className="summary">
        <span><b>{sql.count}</b> queries</span>
        <span><b>{formatMs(sql.timeMs)}</b></span>
        <span><b>{sql.rows}</b> rows</span>
        <span>similar <b>{sql.similar}</b></span>
        <span>duplicates <b>{sql.duplicates}</b></span>
        <span>slow (&gt; {detail.slowQueryMs} ms) <b>{sql.slow}</b></span>
      </p>
      {detail.sql.length === 0 ? (
        <p className="empty">No SQL in this request.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th className="num">at</th><th className="num">took</th><th className="num">rows</th><th>share</th><th>query</th><th>flags</th>
            </tr>
          </thead>
          <tbody>
            {detail.sql.map((query, index) => (
              <tr key={index} data-duplicate={query.duplicate > 1 ? 'true' : 'false'}>
                <td className="num">+{formatMs(query.offsetMs)}</td>
                <td className="num">{formatMs(query.durationMs)}</td>
                <td className="num">{query.rows ?? ''}</td>
                <td>
                  <div className="share" title={`${Math.round((query.durationMs / total) * 100)}% of SQL time`}>
                    <span style={{ width: `${Math.min(100, (query.durationMs / total) * 100)}%` }} />
                  </div>
                </td>
                <td>
                  <div className="sqltext">{query.text}</div>
                  {query.params.length > 0 && <div className="params">params {formatParams(query.params)}{query.paramBytes !== null && <span className="muted"> · {formatBytes(query.paramBytes)}</span>}</div>}
                  {query.error && <div className="r-error">{query.error}</div>}
                </td>
                <td>
                  {query.duplicate > 1 && <span className="flag dup">duplicate ×{query.duplicate}</span>}
                  {query.similar > 1 && <span className="flag">similar ×{query.similar}</span>}
                  {query.durationMs > detail.slowQueryMs && <span className="flag dup">slow</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
