/**
 * The call a cache event or query belongs to, carried through its async work
 * in an AsyncLocalStorage: where it was called from (raw frames), and for a
 * cache call what it returned or stored, so the overlay can show the value.
 *
 * The overlay's listeners read currentTrace() when an event or a query
 * completes; the call's own context is still current then.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { processSingleton } from '@/lib/process-singleton';
import type { RawFrame } from './call-site';

export interface CallTrace {
  frames: RawFrame[];
  /** The value the call returned (reads) or stored (writes), once known. */
  value?: { value: unknown };
  /** Seconds the key had left when it was read (null: never expires). */
  remainingTtlSeconds?: number | null;
  /** The overlay's own follow-up calls (reading a TTL): not shown as the request's events. */
  internal?: boolean;
}

const storage = processSingleton('call-traces', () => new AsyncLocalStorage<CallTrace>());

export function runTraced<T>(trace: CallTrace, work: () => T): T {
  return storage.run(trace, work);
}

export function currentTrace(): CallTrace | undefined {
  return storage.getStore();
}
