'use client';
/** History panel: the last requests, newest first, including server-action POSTs; click one to inspect it. */
import type { RequestList } from '@/lib/dev-overlay/types';
import { formatMs, requestTitle } from './format';

const statusClass = (status: number | null) =>
  status === null ? 'muted' : status >= 400 ? 'status-error' : status >= 300 ? 'status-redirect' : 'status-ok';

export function HistoryPanel({ list, selectedId, onSelect }: { list: RequestList | null; selectedId: string | null; onSelect(id: string): void }) {
  if (!list) return <p className="empty">Loading…</p>;
  if (list.requests.length === 0) return <p className="empty">No requests recorded yet.</p>;
  return (
    <section aria-label="History">
      <p className="summary"><span>last <b>{list.capacity}</b> requests are kept, newest first</span></p>
      <table>
        <thead>
          <tr>
            <th>time</th><th>request</th><th className="num">status</th><th className="num">total</th><th className="num">SQL</th><th>cache</th><th>warnings</th>
          </tr>
        </thead>
        <tbody>
          {list.requests.map((request) => (
            <tr
              key={request.id}
              className={`clickable${request.id === selectedId ? ' selected' : ''}`}
              tabIndex={0}
              aria-selected={request.id === selectedId}
              data-request-id={request.id}
              data-label={request.label}
              onClick={() => onSelect(request.id)}
              onKeyDown={(event) => (event.key === 'Enter' || event.key === ' ') && onSelect(request.id)}
            >
              <td className="muted">{new Date(request.startedAtEpochMs).toLocaleTimeString()}</td>
              <td className="key">{requestTitle(request)}</td>
              <td className={`num ${statusClass(request.status)}`}>{request.status ?? '…'}</td>
              <td className="num">{formatMs(request.totalMs)}</td>
              <td className="num">{request.sql.count}</td>
              <td>
                {request.cache.hits} hit · {request.cache.misses} miss
                {request.cache.byOp.invalidate ? ` · ${request.cache.byOp.invalidate} invalidate` : ''}
              </td>
              <td className="r-miss">{request.warnings.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
