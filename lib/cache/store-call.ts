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

export function createStoreCall({ timeoutMs, circuit, onFailure }: StoreCallPolicy, events: CacheEventEmitter, failures: FailureLog): StoreCall {
  return async (operation, target, run) => {
    const startedAt = performance.now();
    if (circuit?.admit() === 'reject') {
      events.emit({ op: 'error', result: 'circuit-open', key: target.key, storedKey: target.storedKey, startedAt, error: `${operation}: skipped, the circuit is open` });
      onFailure?.({ operation, timedOut: false, circuitOpen: true });
      throw new CacheStoreError(operation, false, new Error('circuit open'), true);
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
      const error = `${operation}: ${describeError(cause)}`;
      events.emit({
        op: timedOut ? 'timeout' : 'error',
        result: timedOut ? 'timeout' : 'error',
        key: target.key,
        storedKey: target.storedKey,
        startedAt,
        error,
      });
      failures.record(error);
      circuit?.failed();
      onFailure?.({ operation, timedOut, circuitOpen: false });
      throw new CacheStoreError(operation, timedOut, cause);
    }
  };
}
