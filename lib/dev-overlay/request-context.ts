/**
 * Which request the code now running belongs to, or that it belongs to none.
 *
 * Next gives no hook that wraps a whole request in our own AsyncLocalStorage:
 * proxy.ts runs before rendering, not around it. But Next keeps its own
 * request scope in AsyncLocalStorage, and `headers()` reads it, so the id that
 * proxy.ts put in the request headers is reachable from any code running for
 * that request — a cache listener, a driver wrapper — even deep in the data
 * layer. Our own AsyncLocalStorage comes first, for code that runs outside
 * Next (scripts, tests, the benchmark) and for work marked as background
 * (background.ts), which must not be blamed on the request that started it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { processSingleton } from '@/lib/process-singleton';
import { REQUEST_ID_HEADER } from './constants';

const storage = processSingleton('request-storage', () => new AsyncLocalStorage<string>());

/** The id our own context carries for work that belongs to no request (background.ts). */
export const BACKGROUND_ID = 'background';

export function runWithRequestId<T>(id: string, fn: () => T): T {
  return storage.run(id, fn);
}

export type HeaderSource = () => Promise<{ get(name: string): string | null }>;

/** Outside any request scope (start-up, a timer started there): work that belongs to no request. */
const OUTSIDE = Symbol('outside any request');

/**
 * The current request id: at once from our own context (BACKGROUND_ID for
 * marked background work), later from Next's request headers; null for a
 * request that carries no id (the overlay's own API), OUTSIDE when there is
 * no request at all.
 */
function resolveRequestId(nextHeaders?: HeaderSource): string | Promise<string | null> | null | typeof OUTSIDE {
  const own = storage.getStore();
  if (own !== undefined) return own;
  if (!nextHeaders) return OUTSIDE;
  try {
    return nextHeaders().then(
      (headers) => headers.get(REQUEST_ID_HEADER),
      () => null,
    );
  } catch {
    return OUTSIDE; // headers() throws synchronously outside a request scope
  }
}

/** The current request id, or null outside any request (start-up, migrations) and for requests without one. */
export function currentRequestId(nextHeaders?: HeaderSource): string | Promise<string | null> | null {
  const id = resolveRequestId(nextHeaders);
  return id === OUTSIDE || id === BACKGROUND_ID ? null : id;
}

/**
 * Runs `record` with the current request's id, now or once it is known; runs
 * `background` instead for work that belongs to no request (outside any
 * request scope, or marked as background). Requests that carry no id (the
 * overlay's own API) record nothing.
 */
export function withRequestId(record: (id: string) => void, nextHeaders?: HeaderSource, background?: () => void): void {
  const id = resolveRequestId(nextHeaders);
  if (id === OUTSIDE || id === BACKGROUND_ID) background?.();
  else if (typeof id === 'string') record(id);
  else if (id) void id.then((resolved) => resolved && record(resolved));
}
