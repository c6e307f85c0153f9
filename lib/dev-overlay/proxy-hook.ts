/**
 * The proxy.ts side of the overlay: give the request an id, make it visible
 * to the render (request header) and to the browser (response header, and a
 * Server-Timing entry the pill reads), and open its record.
 */
import type { NextRequest, NextResponse } from 'next/server';
import { REQUEST_ID_HEADER, REQUEST_ID_TIMING } from './constants';
import { devCollector } from './registry';
import { describeRequest } from './request-label';
import { trackResponses } from './response-tracking';

export { devOverlayEnabled } from './enabled';

/** Opens the request's record and tags `requestHeaders`; call the result on the response. */
export function beginDevRequest(request: NextRequest, requestHeaders: Headers): (response: NextResponse) => void {
  const startedAt = performance.now();
  trackResponses(devCollector);
  // The server entry (entry-hook.ts) has already named and recorded requests the page cache saw.
  const named = request.headers.get(REQUEST_ID_HEADER);
  if (named && 'found' in devCollector().lookup(named)) return () => {};
  const id = globalThis.crypto.randomUUID();
  const { pathname, search } = request.nextUrl;
  devCollector().begin(id, describeRequest(request.method, pathname + search, request.headers), startedAt);
  requestHeaders.set(REQUEST_ID_HEADER, id);
  return (response) => {
    response.headers.set(REQUEST_ID_HEADER, id);
    response.headers.append('server-timing', `${REQUEST_ID_TIMING};desc="${id}"`);
  };
}
