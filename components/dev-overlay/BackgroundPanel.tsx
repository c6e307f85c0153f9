'use client';
/**
 * Background panel: work no request asked for (the invalidation outbox's
 * sweep, start-up), or that a request's timer ran after it had finished.
 * None of it is in any request's counts, duplicates, slow queries or the pill.
 */
import type { BackgroundLog } from '@/lib/dev-overlay/types';
import { cacheOpLabel, formatMs } from './format';

export function BackgroundPanel({ log }: { log: BackgroundLog | null }) {
  if (!log) return <p className="empty">Loading…</p>;
  const { totals, entries } = log;
  return (
    <section aria-label="Background work">
      <p className="summary">
        <span><b>{totals.queries}</b> queries</span>
        <span><b>{totals.cacheCalls}</b> cache calls</span>
        <span><b>{formatMs(totals.timeMs)}</b> since the server started</span>
      </p>
      <p className="muted">
        Work no request asked for: the invalidation sweep (every second it completes invalidations a failed write left in the
        outbox), and start-up. It is counted here only, never in a request&apos;s numbers, duplicates or the pill. The newest{' '}
        {log.capacity} are kept.
      </p>
      {entries.length === 0 ? (
        <p className="empty">No background work recorded yet.</p>
      ) : (
        <table aria-label="Background entries">
          <thead>
            <tr>
              <th>time</th><th>kind</th><th>what</th><th className="num">took</th><th>why it is here</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry, index) => (
              <tr key={`${entry.atEpochMs}-${index}`} data-kind={entry.kind}>
                <td className="muted">{new Date(entry.atEpochMs).toLocaleTimeString()}</td>
                <td>{entry.kind === 'sql' ? 'SQL' : 'cache'}</td>
                <td className={entry.kind === 'sql' ? 'sqltext' : 'key'}>
                  {entry.kind === 'sql' ? entry.text : `${cacheOpLabel(entry.op ?? '', entry.result)} ${entry.key ?? ''} ${entry.result ?? ''}`}
                </td>
                <td className="num">{formatMs(entry.durationMs)}</td>
                <td className="muted">{entry.why}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
