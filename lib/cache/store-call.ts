import { bounded } from './bounded';
import type { CircuitBreaker } from './circuit-breaker';
import { CacheStoreError, CacheTimeoutError, CacheValueError, describeError } from './errors';
import type { CacheEventEmitter } from './events';
import type { FailureLog } from './failure-log';

export interface CallTarget {
  /** The logical key (or namespace) the call is about, for the event. */
  key: string;
  storedKey?: string;
}

/**
 * Runs one store call: through the circuit breaker, bounded by timeoutMs
 * (bounded.ts measures the store, not a busy event loop). On failure it emits
 * an 'error'/'timeout' event, feeds the rate-limited warning and the breaker,
 * and throws a CacheStoreError; each caller then applies its own policy (see
 * types.ts). While the circuit is open it throws at once, without a call.
 * A CacheValueError from the store (a caller's mistake) passes through as it is.
 */
export type StoreCall = <T>(operation: string, target: CallTarget, run: () => Promise<T>) => Promise<T>;

/** One store call that failed (or was skipped by the open circuit), as Cache.onStoreFailure reports it. */
export interface StoreFailure {
  operation: string;
  timedOut: boolean;
  circuitOpen: boolean;
}

export interface StoreCallPolicy {
  timeoutMs: number;
  circuit: CircuitBreaker | null;
  /** Told once per failed call. */
  onFailure?: (failure: StoreFailure) => void;
}

/**
 * One store call made on behalf of every caller that joined it (a shared
 * generation read, generation-reads.ts): one bound, one breaker admission,
 * one failure counted and told. It emits no event itself: `reportSender`
 * hears the failure before the breaker does (the sender emits its event
 * through reportFailure), and the others report theirs in their own
 * requests' contexts. Rejects with CacheStoreError, or a CacheValueError as it is.
 */
export type SharedStoreCall = <T>(operation: string, run: () => Promise<T>, reportSender: (failure: CacheStoreError) => void) => Promise<T>;

export interface StoreCalls {
  call: StoreCall;
  shared: SharedStoreCall;
  /** Emits, for one caller of a shared call begun at `startedAt` (performance.now(), ms), the event `call` would have emitted for `failure`. */
  reportFailure(operation: string, target: CallTarget, startedAt: number, failure: unknown): void;
}

export function createStoreCalls({ timeoutMs, circuit, onFailure }: StoreCallPolicy, events: CacheEventEmitter, failures: FailureLog): StoreCalls {
  const reportFailure: StoreCalls['reportFailure'] = (operation, target, startedAt, failure) => {
    if (!(failure instanceof CacheStoreError)) return;
    const base = { key: target.key, storedKey: target.storedKey, startedAt };
    if (failure.circuitOpen) {
      events.emit({ op: 'error', result: 'circuit-open', ...base, error: `${operation}: skipped, the circuit is open` });
      return;
    }
    const result = failure.timedOut ? 'timeout' : 'error';
    events.emit({ op: result, result, ...base, error: `${operation}: ${describeError(failure.cause)}` });
  };

  /** The call itself; `report` tells the caller's event before the breaker hears of the failure (its 'circuit' event follows). */
  const attempt = async <T>(operation: string, run: () => Promise<T>, report: (failure: CacheStoreError) => void): Promise<T> => {
    if (circuit?.admit() === 'reject') {
      const skipped = new CacheStoreError(operation, false, new Error('circuit open'), true);
      report(skipped);
      onFailure?.({ operation, timedOut: false, circuitOpen: true });
      throw skipped;
    }
    try {
      const value = await bounded(run, timeoutMs);
      circuit?.succeeded();
      return value;
    } catch (cause) {
      // The store answered, and what it said is the caller's mistake (incr of a
      // non-integer): no failure to report or count, and the store is healthy.
      if (cause instanceof CacheValueError) {
        circuit?.succeeded();
        throw cause;
      }
      const timedOut = cause instanceof CacheTimeoutError;
      const failure = new CacheStoreError(operation, timedOut, cause);
      report(failure);
      failures.record(`${operation}: ${describeError(cause)}`);
      circuit?.failed();
      onFailure?.({ operation, timedOut, circuitOpen: false });
      throw failure;
    }
  };

  return {
    call: (operation, target, run) => {
      const startedAt = performance.now();
      return attempt(operation, run, (failure) => reportFailure(operation, target, startedAt, failure));
    },
    shared: attempt,
    reportFailure,
  };
}
