/**
 * The app's side of the one handshake with the server entry
 * (scripts/server-entry.mjs). The entry, plain JavaScript outside Next's
 * build, requires the built instrumentation module by its path and calls its
 * serverApp(); this is what it gets: how to run a request as the entry saw
 * it, how to serve it (the page cache, else Next's render), and how to close.
 * The entry's JSDoc names these types.
 */
import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runAsRequest, type EntryRecord } from '@/lib/http/server-entry';
import { serverRoot } from './index';

export interface ServerApp {
  /** Runs `work` as the request `record` describes (the socket's facts the app reads with entryRecord()). */
  runRequest<T>(record: EntryRecord, work: () => T): T;
  /** Serves `request` from the page cache, or by `render` (Next's handler), which answers it itself. */
  handle(request: IncomingMessage, response: ServerResponse, render: () => Promise<void>): Promise<void>;
  /** Stops background work and closes the database pool and the cache client. */
  close(): Promise<void>;
  /** This process's metrics in Prometheus' text format; null when METRICS_PORT is unset. */
  scrapeMetrics: (() => Promise<{ contentType: string; body: string }>) | null;
}

export async function serverApp(): Promise<ServerApp> {
  const root = await serverRoot();
  const { pageCache } = root;
  return {
    runRequest: runAsRequest,
    handle: pageCache ? (request, response, render) => pageCache.handle(request, response, render) : (_request, _response, render) => render(),
    close: () => root.close(),
    scrapeMetrics: root.metrics ? () => root.metrics!.scrape() : null,
  };
}
