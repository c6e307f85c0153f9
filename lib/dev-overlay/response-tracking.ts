/**
 * When each request finished, and with which status. Neither proxy.ts nor a
 * page ever sees the final response (pages stream), so we listen where Node
 * itself reports it: the `http.server.response.finish` diagnostics channel
 * (Node >= 18.7), matching responses by the x-request-id header proxy.ts set.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import type { Collector } from './collector';
import { REQUEST_ID_HEADER } from './constants';

const holder = globalThis as typeof globalThis & { __catalogResponseTracking?: boolean };

export function trackResponses(collector: () => Collector): void {
  if (holder.__catalogResponseTracking) return; // once per process, whatever hot reload re-runs
  holder.__catalogResponseTracking = true;
  diagnostics.subscribe('http.server.response.finish', (message) => {
    const { response } = message as { response: ServerResponse };
    const id = response.getHeader(REQUEST_ID_HEADER);
    if (typeof id === 'string') collector().finish(id, response.statusCode);
  });
}
