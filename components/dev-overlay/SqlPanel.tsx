'use client';
/**
 * SQL panel: each statement with its parameters, duration, rows, share of SQL
 * time, similar/duplicate flags and where it was written; for a SELECT,
 * EXPLAIN, EXPLAIN ANALYZE and "run again" (rolled back, server-side).
 */
import { useState } from 'react';
import { formatBytes } from '@/lib/dev-overlay/size';
import type { QueryEntry, RequestDetail } from '@/lib/dev-overlay/types';
import { CallSite } from './CallSite';
import { Filters, passes, type FilterName } from './Filters';
import { formatMs, formatParams } from './format';
import { explain, type ExplainAnswer } from './tools';

const MODES: Array<{ mode: ExplainAnswer['mode']; label: string }> = [
  { mode: 'explain', label: 'EXPLAIN' },
  { mode: 'analyze', label: 'ANALYZE' },
  { mode: 'rows', label: 'Run again' },
];

function ExplainResult({ answer }: { answer: ExplainAnswer }) {
  if (answer.plan !== undefined) return <pre className="plan" aria-label={answer.mode === 'analyze' ? 'Plan with timings' : 'Plan'}>{answer.plan}</pre>;
  return (
    <div className="rerun">
      <p className="muted">{answer.rowCount} row{answer.rowCount === 1 ? '' : 's'} in {formatMs(answer.durationMs)}{(answer.rowCount ?? 0) > (answer.rows?.length ?? 0) ? `, first ${answer.rows?.length} shown` : ''} (rolled back)</p>
      <table aria-label="Rows">
        <thead><tr>{answer.columns?.map((column) => <th key={column}>{column}</th>)}</tr></thead>
        <tbody>
          {answer.rows?.map((row, index) => (
            <tr key={index}>{row.map((cell, column) => <td key={column}>{typeof cell === 'object' ? JSON.stringify(cell) : String(cell)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Tools({ requestId, query }: { requestId: string; query: QueryEntry }) {
  const [state, setState] = useState<{ busy?: string; answer?: ExplainAnswer; error?: string }>({});
  if (!query.explainable) return null;
  return (
    <div className="sql-tools">
      {MODES.map(({ mode, label }) => (
        <button
          key={mode}
          type="button"
          className="small-button"
          disabled={Boolean(state.busy)}
          onClick={() => {
            setState({ busy: mode });
            explain(requestId, query.index, mode).then(
              (answer) => setState({ answer }),
              (error: Error) => setState({ error: error.message }),
            );
          }}
        >
          {label}
        </button>
      ))}
      {state.busy && <span className="muted" role="status"> running…</span>}
      {state.error && <p className="r-error" role="alert">{state.error}</p>}
      {state.answer && <ExplainResult answer={state.answer} />}
    </div>
  );
}

export function SqlPanel({ requestId, detail }: { requestId: string; detail: RequestDetail }) {
  const [active, setActive] = useState<Set<FilterName>>(new Set());
  const { sql } = detail.summary;
  const total = sql.timeMs || 1;
  const rows = detail.sql.map((query) => ({ query, flags: { misses: false, slow: query.durationMs > detail.slowQueryMs, errors: query.error !== undefined } }));
  const counts = { misses: 0, slow: rows.filter((row) => row.flags.slow).length, errors: rows.filter((row) => row.flags.errors).length };
  const shown = rows.filter((row) => passes(active, row.flags));
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
      <Filters available={['slow', 'errors']} active={active} onChange={setActive} counts={counts} />
      {detail.sql.length === 0 ? (
        <p className="empty">No SQL in this request.</p>
      ) : shown.length === 0 ? (
        <p className="empty" role="status">No queries match these filters.</p>
      ) : (
        <table aria-label="Queries">
          <thead>
            <tr>
              <th className="num">at</th><th className="num">took</th><th className="num">rows</th><th>share</th><th>query</th><th>flags</th><th>called from</th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ query }) => (
              <tr key={query.index} data-duplicate={query.duplicate > 1 ? 'true' : 'false'}>
                <td className="num">+{formatMs(query.offsetMs)}</td>
                <td className="num">{formatMs(query.durationMs)}</td>
                <td className="num">{query.rows ?? ''}</td>
                <td>
                  <div className="share" title={`${Math.round((query.durationMs / total) * 100)}% of SQL time`}>
                    <span style={{ width: `${Math.min(100, (query.durationMs / total) * 100)}%` }} />
                  </div>
                  <span className="visually-hidden">{Math.round((query.durationMs / total) * 100)}% of SQL time</span>
                </td>
                <td>
                  <div className="sqltext">{query.text}</div>
                  {query.params.length > 0 && <div className="params">params {formatParams(query.params)}{query.paramBytes !== null && <span className="muted"> · {formatBytes(query.paramBytes)}</span>}</div>}
                  {query.error && <div className="r-error">{query.error}</div>}
                  <Tools requestId={requestId} query={query} />
                </td>
                <td>
                  {query.duplicate > 1 && <span className="flag dup">duplicate ×{query.duplicate}</span>}
                  {query.similar > 1 && <span className="flag">similar ×{query.similar}</span>}
                  {query.durationMs > detail.slowQueryMs && <span className="flag dup">slow</span>}
                </td>
                <td><CallSite frames={query.callSite} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
