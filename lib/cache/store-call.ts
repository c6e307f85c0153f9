import { bounded } from './bounded';
import { CacheStoreError, CacheTimeoutError, describeError } from './errors';
import type { CacheEventEmitter } from './events';
import type { FailureLog } from './failure-log';

export interface CallTarget {
  /** The logical key (or namespace) the call is about, for the event. */
  key: string;
  storedKey?: string;
}

/**
 * Runs one store call, bounded by timeoutMs. On failure it emits an
 * 'error'/'timeout' event, feeds the rate-limited warning, and throws a
 * CacheStoreError; each caller then applies its own policy (see types.ts).
 */
export type StoreCall = <T>(operation: string, target: CallTarget, run: () => Promise<T>) => Promise<T>;

export function createStoreCall(timeoutMs: number, events: CacheEventEmitter, failures: FailureLog): StoreCall {
  return async (operation, target, run) => {
    const startedAt = performance.now();
    try {
      return await bounded(run, timeoutMs);
    } catch (cause) {
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
      throw new CacheStoreError(operation, timedOut, cause);
    }
  };
}
