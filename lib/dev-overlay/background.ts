/**
 * Background work, as the overlay sees it: what runs for no request (the
 * invalidation outbox's sweep, start-up). Such work is recorded apart (the
 * Background tab) and never counted in a request's numbers or the pill.
 *
 * Work started outside any request is background by itself. A timer or loop
 * started *during* a request inherits that request's async context (Node
 * carries AsyncLocalStorage into timers), so it must be started inside
 * runAsBackground to be told apart; the collector also moves anything a
 * request records after its response finished to Background.
 */
import { BACKGROUND_ID, runWithRequestId } from './request-context';

/** Runs `work` (and every timer or promise it starts) as background work, not the current request's. */
export function runAsBackground<T>(work: () => T): T {
  return runWithRequestId(BACKGROUND_ID, work);
}
