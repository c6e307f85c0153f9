'use client';
/** Timeline panel: cache events and queries on one axis, spanning the request's total server time. */
import type { RequestDetail } from '@/lib/dev-overlay/types';
import { cacheOpLabel, formatMs } from './format';

interface Span {
  kind: 'cache' | 'sql' | 'request';
  label: string;
  offsetMs: number;
  durationMs: number;
}

function spansOf(detail: RequestDetail): Span[] {
  const spans: Span[] = [
    ...detail.cache.map((event) => ({ kind: 'cache' as const, label: `${cacheOpLabel(event.op, event.result)} ${event.key}`, offsetMs: event.offsetMs, durationMs: event.durationMs })),
    ...detail.sql.map((query) => ({ kind: 'sql' as const, label: query.text.replace(/\s+/g, ' '), offsetMs: query.offsetMs, durationMs: query.durationMs })),
  ];
  return spans.sort((a, b) => a.offsetMs - b.offsetMs);
}

export function TimelinePanel({ detail }: { detail: RequestDetail }) {
  const spans = spansOf(detail);
  const end = Math.max(detail.summary.totalMs ?? 0, ...spans.map((span) => span.offsetMs + span.durationMs), 1);
  const rows: Span[] = [{ kind: 'request', label: 'request (server)', offsetMs: 0, durationMs: detail.summary.totalMs ?? end }, ...spans];
  return (
    <section aria-label="Timeline" className="timeline">
      <p className="summary">
        <span>total server time <b>{formatMs(detail.summary.totalMs)}</b></span>
        <span>cache <b>{formatMs(detail.summary.cache.timeMs)}</b></span>
        <span>SQL <b>{formatMs(detail.summary.sql.timeMs)}</b></span>
      </p>
      {rows.map((span, index) => (
        <div className="tl-row" key={index} data-kind={span.kind}>
          <span className="tl-label" title={span.label}>{span.label}</span>
          <span className="tl-track">
            <span
              className={`tl-bar ${span.kind}`}
              style={{ left: `${(Math.max(0, span.offsetMs) / end) * 100}%`, width: `${(span.durationMs / end) * 100}%` }}
            />
          </span>
          <span className="num muted">+{formatMs(span.offsetMs)}</span>
        </div>
      ))}
    </section>
  );
}
