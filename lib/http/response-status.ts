/**
 * Lets a render choose its HTTP status where the framework offers no way to
 * (Next's pages can only say 404, 403 and 401): the production server entry,
 * scripts/start.mjs, keeps a per-request record in AsyncLocalStorage and
 * applies it when the response head is written. Under `next dev` there is no
 * such entry, and the status stays what Next chose.
 */
import 'server-only';
import type { AsyncLocalStorage } from 'node:async_hooks';

/** The record scripts/start.mjs keeps for each request; the symbol is its name on globalThis. */
export interface ResponseOverrides {
  status?: number;
}
const STORAGE = Symbol.for('catalog.response-overrides');

/** Asks for `status` (for example 503) on the response being rendered; a no-op outside the server entry. */
export function setResponseStatus(status: number): void {
  const storage = (globalThis as Record<symbol, AsyncLocalStorage<ResponseOverrides> | undefined>)[STORAGE];
  const overrides = storage?.getStore();
  if (overrides) overrides.status = status;
}
