/**
 * Which request the code now running belongs to.
 *
 * Next gives no hook that wraps a whole request in our own AsyncLocalStorage:
 * proxy.ts runs before rendering, not around it. But Next keeps its own
 * request scope in AsyncLocalStorage, and `headers()` reads it, so the id that
 * proxy.ts put in the request headers is reachable from any code running for
 * that request — a cache listener, a driver wrapper — even deep in the data
 * layer. Our own AsyncLocalStorage comes first, for code that runs outside
 * Next (scripts, tests, the benchmark).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { processSingleton } from '@/lib/process-singleton';
import { REQUEST_ID_HEADER } from './constants';

const storage = processSingleton('request-storage', () => new AsyncLocalStorage<string>());

export function runWithRequestId<T>(id: string, fn: () => T): T {
  return storage.run(id, fn);
}

export type HeaderSource = () => Promise<{ get(name: string): string | null }>;

/**
 * The current request id: at once from our own context, later from Next's
 * request headers, or null outside any request (start-up, migrations).
 */
export function currentRequestId(nextHeaders?: HeaderSource): string | Promise<string | null> | null {
  const own = storage.getStore();
  if (own !== undefined) return own;
  if (!nextHeaders) return null;
  try {
    return nextHeaders().then(
      (headers) => headers.get(REQUEST_ID_HEADER),
      () => null,
    );
  } catch {
    return null; // outside a request scope: headers() throws synchronously
  }
}

/** Runs `record` with the current request's id, now or once it is known. */
export function withRequestId(record: (id: string) => void, nextHeaders?: HeaderSource): void {
  const id = currentRequestId(nextHeaders);
  if (typeof id === 'string') record(id);
  else if (id) void id.then((resolved) => resolved && record(resolved));
}
