/**
 * EXPLAIN, EXPLAIN ANALYZE and "run again" for a recorded query (the Debug
 * Toolbar's SQL buttons). Only a single SELECT (explain-rule.ts), with the
 * parameters it was sent with, in a read-only transaction that is rolled back
 * (DatabaseHandle.runRolledBack): ANALYZE executes the statement, and nothing
 * it could do may stay.
 */
import type { DatabaseHandle } from '@/db/client';
import { isSingleSelect } from './explain-rule';
import type { RawQuery } from './summary';

export type ExplainMode = 'explain' | 'analyze' | 'rows';

export interface ExplainAnswer {
  mode: ExplainMode;
  /** The plan, as PostgreSQL prints it (explain, analyze). */
  plan?: string;
  /** The rows (run again): at most ROW_LIMIT, with their column names. */
  columns?: string[];
  rows?: unknown[][];
  rowCount?: number;
  durationMs: number;
}

export class ExplainRefusedError extends Error {
  constructor() {
    super('Only a single SELECT can be explained or run again: anything else could change data.');
    this.name = 'ExplainRefusedError';
  }
}

const ROW_LIMIT = 100;

export async function explainQuery(database: DatabaseHandle, query: RawQuery, mode: ExplainMode): Promise<ExplainAnswer> {
  if (!isSingleSelect(query.text)) throw new ExplainRefusedError();
  const startedAt = performance.now();
  if (mode === 'rows') {
    const rows = await database.runRolledBack(query.text, query.params);
    const columns = Object.keys(rows[0] ?? {});
    return {
      mode,
      columns,
      rows: rows.slice(0, ROW_LIMIT).map((row) => columns.map((column) => row[column])),
      rowCount: rows.length,
      durationMs: performance.now() - startedAt,
    };
  }
  const prefix = mode === 'analyze' ? 'EXPLAIN (ANALYZE, BUFFERS)' : 'EXPLAIN';
  const lines = await database.runRolledBack(`${prefix} ${query.text}`, query.params);
  return { mode, plan: lines.map((line) => String(Object.values(line)[0])).join('\n'), durationMs: performance.now() - startedAt };
}
