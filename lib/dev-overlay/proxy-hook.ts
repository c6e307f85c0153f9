/**
 * The proxy.ts side of the overlay: give the request an id, make it visible
 * to the render (request header) and to the browser (response header, and a
 * Server-Timing entry the pill reads), and open its record.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { REQUEST_ID_HEADER, REQUEST_ID_TIMING } from './constants';
import { devCollector } from './registry';
import { describeRequest } from './request-label';
import { trackResponses } from './response-tracking';

export function beginDevRequest(request: NextRequest): NextResponse {
  const startedAt = performance.now();
  trackResponses(devCollector);
  const id = globalThis.crypto.randomUUID();
  const { pathname, search } = request.nextUrl;
  devCollector().begin(id, describeRequest(request.method, pathname + search, request.headers), startedAt);

  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, id);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, id);
  response.headers.append('server-timing', `${REQUEST_ID_TIMING};desc="${id}"`);
  return response;
}
