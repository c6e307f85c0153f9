/**
 * A client that goes away (a tab closed while a page compiles or an action
 * runs) is not an error. Next, however, turns it into one: for a request with
 * a body it hands the body to proxy.ts through a copy and then swaps the
 * copy's stream internals, listeners included, into the request
 * (next/dist/server/body-streams.js, replaceRequestBody). The request then
 * has no 'error' listener left, and when the socket closes before the
 * response is done, Node's destroy of the request ("aborted", ECONNRESET)
 * surfaces as `uncaughtException: Error: aborted` in the terminal.
 *
 * So, when a response closes, the request gets a listener for that error.
 * Node emits the error on the next tick after the socket's close, and the
 * response's 'close' runs within the close itself, so the listener is always
 * in place first. Development only (registered by install.ts).
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { processSingleton } from '@/lib/process-singleton';

/** The request's client left: nothing to report, nobody to answer. */
const clientLeft = () => {};

/** Keeps a closed client's "aborted" from becoming an uncaught exception, for every request from now on (once per process). */
export function ignoreClientAborts(): void {
  const state = processSingleton('client-aborts', () => ({ started: false }));
  if (state.started) return;
  state.started = true;
  diagnostics.subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    response.once('close', () => request.on('error', clientLeft));
  });
}
