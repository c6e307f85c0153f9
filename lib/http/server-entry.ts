/**
 * What the server entry (scripts/server-entry.mjs) knows about each
 * request and the app cannot learn through Next: the socket's peer address
 * and whether the connection is TLS. It keeps them, per request, in an
 * AsyncLocalStorage record on globalThis, which no client can write to (a
 * header could be forged by anyone reaching the app without the entry).
 * The same record carries the status a render asks for (Next's pages can
 * only choose 404, 403 and 401; a database outage is a 503).
 * `npm run dev` loads the same entry into next dev; under a bare `next dev` there is no record.
 */
import 'server-only';
import type { AsyncLocalStorage } from 'node:async_hooks';

export interface EntryRecord {
  /** The TCP peer, as the socket reports it. */
  remoteAddress?: string;
  /** True when the connection itself is TLS. */
  encrypted?: boolean;
  /** The status this response should have, when the app asks (see setResponseStatus). */
  status?: number;
}

const STORAGE = Symbol.for('catalog.server-entry');

/** The entry's record of the current request, or undefined outside the server entry. */
export function entryRecord(): EntryRecord | undefined {
  const storage = (globalThis as Record<symbol, AsyncLocalStorage<EntryRecord> | undefined>)[STORAGE];
  return storage?.getStore();
}

/** Asks for `status` (for example 503) on the response being rendered; a no-op outside the server entry. */
export function setResponseStatus(status: number): void {
  const record = entryRecord();
  if (record) record.status = status;
}
