/**
 * Query timing at the driver boundary, so that no query escapes.
 *
 * drizzle's logger gets no durations (neither does postgres.js's debug hook),
 * so we wrap the methods drizzle itself calls on the client — checked in
 * drizzle-orm 0.45's session code:
 *   - postgres.js: `sql.unsafe(text, params)` for every statement; inside
 *     `sql.begin(fn)` drizzle gets a fresh transaction `sql` (and
 *     `sql.savepoint(fn)` for nested ones) whose `unsafe` we wrap as well.
 *   - PGlite: `client.query(text, params)`; `client.transaction(fn)` hands
 *     drizzle a `tx` whose `query`/`exec` we wrap; `exec` for raw scripts.
 * COMMIT/ROLLBACK (and PGlite's BEGIN) run inside the drivers without passing
 * through those methods, so each transaction also reports them, timed around
 * the body. postgres.js sends its BEGIN through `sql.unsafe`, so it is seen as is.
 *
 * With no observer attached every wrapper is one null check and a direct call:
 * the benchmark (scripts/bench/overlay-overhead.ts) shows it costs nothing.
 */

import { processSingleton } from '../lib/process-singleton';
import { describeError } from '../lib/describe-error';

export interface QueryObservation {
  text: string;
  params: readonly unknown[];
  /** performance.now() when the driver was called. */
  startedAt: number;
  durationMs: number;
  /** Rows returned, or affected when none are returned; null when unknown. */
  rows: number | null;
  error?: string;
  driver: 'postgres' | 'pglite';
}

export type QueryObserver = (query: QueryObservation) => void;

// On globalThis: Next may bundle this module more than once (pages, route
// handlers), and the database handle outlives hot reloads, so every copy must
// read the same observer.
const slot = processSingleton('query-observer', (): { observer: QueryObserver | null } => ({ observer: null }));

/** Attaches the one observer (replacing any earlier one); null detaches it. */
export function setQueryObserver(observer: QueryObserver | null): void {
  slot.observer = observer;
}

const observer = () => slot.observer;

function report(query: QueryObservation): void {
  try {
    observer()?.(query);
  } catch {
    // An observer's failure must never become the query's failure.
  }
}

function rowCount(result: unknown): number | null {
  if (Array.isArray(result)) {
    // postgres.js: the array of rows, with .count set for writes. PGlite exec: one result per statement.
    const count = (result as { count?: unknown }).count;
    if (result.length === 0 && typeof count === 'number') return count;
    if (result.length > 0 && typeof result[0] === 'object' && result[0] !== null && 'rows' in result[0]) {
      return (result as { rows: unknown[] }[]).reduce((sum, part) => sum + part.rows.length, 0);
    }
    return result.length;
  }
  if (result && typeof result === 'object' && 'rows' in result) {
    const { rows, affectedRows } = result as { rows: unknown[]; affectedRows?: number };
    return rows.length === 0 && typeof affectedRows === 'number' ? affectedRows : rows.length;
  }
  return null;
}

/** Times a promise-returning call and reports it; the caller gets the call's own result back. */
function timed<T>(driver: QueryObservation['driver'], text: string, params: readonly unknown[], run: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  return run().then(
    (result) => {
      report({ text, params, startedAt, durationMs: performance.now() - startedAt, rows: rowCount(result), driver });
      return result;
    },
    (error: unknown) => {
      report({ text, params, startedAt, durationMs: performance.now() - startedAt, rows: null, error: describeError(error), driver });
      throw error;
    },
  );
}

/**
 * Runs a transaction body, reporting the driver's hidden COMMIT/ROLLBACK (end
 * of the body to the settled call) and, when asked, its hidden BEGIN (start of
 * the call to the body).
 */
function timedTransaction<T>(
  driver: QueryObservation['driver'],
  open: (body: (tx: unknown) => unknown) => Promise<T>,
  body: (tx: unknown) => unknown,
  hiddenBegin: boolean,
): Promise<T> {
  const startedAt = performance.now();
  let bodyEndedAt = startedAt;
  const result = open(async (tx) => {
    if (hiddenBegin) report({ text: 'BEGIN', params: [], startedAt, durationMs: performance.now() - startedAt, rows: null, driver });
    try {
      return await body(tx);
    } finally {
      bodyEndedAt = performance.now();
    }
  });
  const end = (text: string) => report({ text, params: [], startedAt: bodyEndedAt, durationMs: performance.now() - bodyEndedAt, rows: null, driver });
  return result.then(
    (value) => (end('COMMIT'), value),
    (error: unknown) => {
      end('ROLLBACK');
      throw error;
    },
  );
}

// ---- postgres.js -----------------------------------------------------------

interface PostgresQuery extends PromiseLike<unknown> {
  values(): PostgresQuery;
}
interface PostgresSql {
  unsafe(text: string, params?: unknown[], options?: unknown): PostgresQuery;
  begin?(...args: unknown[]): Promise<unknown>;
  savepoint?(...args: unknown[]): Promise<unknown>;
}

/**
 * postgres.js queries are lazy: they run when awaited, and drizzle calls
 * `.values()` on them first. So we wrap the query's `then`, which is where it
 * runs, and keep `.values()` returning the same (wrapped) query.
 */
function instrumentPostgresQuery(query: PostgresQuery, text: string, params: readonly unknown[]): PostgresQuery {
  const then = query.then.bind(query);
  let settled: Promise<unknown> | null = null;
  query.then = ((onFulfilled, onRejected) => {
    if (!observer()) return then(onFulfilled, onRejected);
    settled ??= timed('postgres', text, params, () => Promise.resolve({ then } as PromiseLike<unknown>));
    return settled.then(onFulfilled, onRejected);
  }) as PostgresQuery['then'];
  return query;
}

/** Wraps `unsafe` (and the transaction entry points) of a postgres.js `sql`, in place. */
export function instrumentPostgres<T extends object>(sql: T): T {
  const target = sql as unknown as PostgresSql;
  const unsafe = target.unsafe.bind(target);
  target.unsafe = (text, params = [], options) => {
    const query = unsafe(text, params, options);
    return observer() ? instrumentPostgresQuery(query, text, params) : query;
  };
  for (const name of ['begin', 'savepoint'] as const) {
    const original = target[name]?.bind(target);
    if (!original) continue;
    target[name] = (...args: unknown[]) => {
      const bodyIndex = args.findIndex((arg) => typeof arg === 'function');
      if (!observer() || bodyIndex < 0) return original(...args);
      const body = args[bodyIndex] as (tx: unknown) => unknown;
      return timedTransaction(
        'postgres',
        (wrapped) => original(...args.map((arg, index) => (index === bodyIndex ? wrapped : arg))),
        (tx) => body(instrumentPostgres(tx as object)),
        false,
      );
    };
  }
  return sql;
}

// ---- PGlite ----------------------------------------------------------------

interface PgliteLike {
  query(text: string, params?: unknown[], options?: unknown): Promise<unknown>;
  exec(text: string, options?: unknown): Promise<unknown>;
  transaction?(body: (tx: unknown) => Promise<unknown>): Promise<unknown>;
}

/** Wraps `query`, `exec` and `transaction` of a PGlite instance (or its transaction object), in place. */
export function instrumentPglite<T extends object>(client: T): T {
  const target = client as unknown as PgliteLike;
  const query = target.query.bind(target);
  const exec = target.exec.bind(target);
  target.query = (text, params = [], options) => (observer() ? timed('pglite', text, params, () => query(text, params, options)) : query(text, params, options));
  target.exec = (text, options) => (observer() ? timed('pglite', text, [], () => exec(text, options)) : exec(text, options));
  const transaction = target.transaction?.bind(target);
  if (transaction) {
    target.transaction = (body) =>
      observer()
        ? timedTransaction('pglite', (wrapped) => transaction(wrapped as (tx: unknown) => Promise<unknown>), (tx) => body(instrumentPglite(tx as object)), true)
        : transaction(body);
  }
  return client;
}
