/**
 * What the server entry (scripts/server-entry.mjs) knows about each request
 * and the app cannot learn through Next: the socket's peer address and
 * whether the connection is TLS. The entry runs each request through
 * runAsRequest() (lib/server/handshake.ts), which keeps its record in an
 * AsyncLocalStorage no client can write to (a header could be forged by
 * anyone reaching the app without the entry). The same record carries the
 * status a render asks for (Next's pages can only choose 404, 403 and 401;
 * a database outage is a 503). Outside the entry there is no record.
 */
import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { processSingleton } from '@/lib/process-singleton';

export interface EntryRecord {
  /** The TCP peer, as the socket reports it. */
  remoteAddress?: string;
  /** True when the connection itself is TLS. */
  encrypted?: boolean;
  /** The status this response should have, when the app asks (see setResponseStatus). */
  status?: number;
}

// One storage per process: the entry runs requests through one bundle's copy of this module,
// pages read them through another's.
const records = () => processSingleton('request-records', () => new AsyncLocalStorage<EntryRecord>());

/** Runs `work` as the request `record` describes. */
export function runAsRequest<T>(record: EntryRecord, work: () => T): T {
  return records().run(record, work);
}

/** The entry's record of the current request, or undefined outside the server entry. */
export function entryRecord(): EntryRecord | undefined {
  return records().getStore();
}

/** Asks for `status` (for example 503) on the response being rendered; a no-op outside the server entry. */
export function setResponseStatus(status: number): void {
  const record = entryRecord();
  if (record) record.status = status;
}
