/**
 * The proxy.ts side of the overlay: give the request an id, make it visible
 * to the render (request header) and to the browser (response header, and a
 * Server-Timing entry the pill reads), and open its record.
 *
 * It also ties a page to the action before it. An action's response carries
 * a short-lived cookie naming the action; the next page request (the 303
 * redirect of a form posted without JavaScript, a navigation, a reload) is
 * recorded as coming after it, so the overlay shows the action's cache events
 * (its invalidate, its own re-render's miss and refill) with that page.
 */
import type { NextRequest, NextResponse } from 'next/server';
import { REQUEST_ID_HEADER, REQUEST_ID_TIMING } from './constants';
import { devCollector } from './registry';
import { describeRequest } from './request-label';
import { trackResponses } from './response-tracking';

export { devOverlayEnabled } from './enabled';

/** Names the last action of this browser, until a page request shows it. */
export const AFTER_ACTION_COOKIE = 'catalog-dev-overlay-after';
/** A page loaded later than this is not "after" the action any more. */
const AFTER_ACTION_SECONDS = 600;
/** Requests that show a page (a prefetch is not looked at; the API is not a page). */
const PAGE_LABELS = new Set(['page', 'rsc']);

/** Opens the request's record and tags `requestHeaders`; call the result on the response. */
export function beginDevRequest(request: NextRequest, requestHeaders: Headers): (response: NextResponse) => void {
  const startedAt = performance.now();
  trackResponses(devCollector);
  // The server entry (entry-hook.ts) has already named and recorded requests the page cache saw.
  const named = request.headers.get(REQUEST_ID_HEADER);
  if (named && 'found' in devCollector().lookup(named)) return () => {};
  const id = globalThis.crypto.randomUUID();
  const { pathname, search } = request.nextUrl;
  const meta = describeRequest(request.method, pathname + search, request.headers);
  const after = PAGE_LABELS.has(meta.label) ? request.cookies.get(AFTER_ACTION_COOKIE)?.value : undefined;
  devCollector().begin(id, after ? { ...meta, after } : meta, startedAt);
  requestHeaders.set(REQUEST_ID_HEADER, id);
  return (response) => {
    response.headers.set(REQUEST_ID_HEADER, id);
    response.headers.append('server-timing', `${REQUEST_ID_TIMING};desc="${id}"`);
    if (meta.label === 'action') response.cookies.set(AFTER_ACTION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: AFTER_ACTION_SECONDS });
    else if (after) response.cookies.delete(AFTER_ACTION_COOKIE);
  };
}
