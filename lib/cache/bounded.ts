import { CacheTimeoutError } from './errors';

export interface BoundOptions {
  /** A timer that fires later than this past its deadline means the event loop was busy. Default 20 ms. */
  lagToleranceMs?: number;
  /** The most extra time granted for a busy loop, in ms. Default 4 × timeoutMs. */
  maxExtensionMs?: number;
}

/**
 * Settles like `start()`, or rejects with CacheTimeoutError once the store has
 * had `timeoutMs` to answer, measured against the store rather than the event
 * loop. A hanging Redis costs a request about timeoutMs, not the 30 s hang the
 * tutorial showed; a busy server does not give up on replies it already has.
 *
 * Two facts of Node's event loop make a plain timer lie under load:
 * - timers run before the poll phase, so a reply that arrived while the loop
 *   was rendering sits unread in the socket when an overdue timer fires; the
 *   timer therefore yields once to I/O (setImmediate runs after poll) and
 *   uses a reply that turns up;
 * - a timer that fires late says the loop, not the store, used that time; the
 *   store is given that time again (up to maxExtensionMs in all).
 */
export function bounded<T>(start: () => Promise<T>, timeoutMs: number, options: BoundOptions = {}): Promise<T> {
  const lagToleranceMs = options.lagToleranceMs ?? 20;
  const maxExtensionMs = options.maxExtensionMs ?? 4 * timeoutMs;
  let operation: Promise<T>;
  try {
    operation = start();
  } catch (error) {
    return Promise.reject(error);
  }
  let settled = false;
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let deadline = performance.now() + timeoutMs;
    let extendedMs = 0;
    operation.then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
    const onTimer = () => {
      const lateMs = performance.now() - deadline;
      setImmediate(() => {
        if (settled) return;
        const grant = Math.min(lateMs, maxExtensionMs - extendedMs);
        if (lateMs > lagToleranceMs && grant > 0) {
          extendedMs += grant;
          deadline = performance.now() + grant;
          timer = setTimeout(onTimer, grant);
          return;
        }
        settled = true;
        reject(new CacheTimeoutError(timeoutMs));
      });
    };
    timer = setTimeout(onTimer, timeoutMs);
  });
}
