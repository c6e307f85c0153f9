/**
 * When each request finished, and with which status. Neither proxy.ts nor a
 * page ever sees the final response (pages stream), so we listen where Node
 * itself reports it: the `http.server.response.finish` diagnostics channel
 * (Node >= 18.7), matching responses by the x-request-id header proxy.ts set.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';
import { processSingleton } from '@/lib/process-singleton';
import type { Collector } from './collector';
import { REQUEST_ID_HEADER } from './constants';

export function trackResponses(collector: () => Collector): void {
  const tracking = processSingleton('response-tracking', () => ({ started: false }));
  if (tracking.started) return; // once per process, whatever hot reload re-runs
  tracking.started = true;
  diagnostics.subscribe('http.server.response.finish', (message) => {
    const { response } = message as { response: ServerResponse };
    const id = response.getHeader(REQUEST_ID_HEADER);
    if (typeof id === 'string') collector().finish(id, response.statusCode);
  });
}
