/**
 * The server entry's side of the overlay (development only): a page the page
 * cache answers never reaches proxy.ts, so the request is given its id and
 * record here, before the page cache looks it up. proxy-hook.ts then keeps
 * this id for the rest of the request instead of making a new one.
 */
import 'server-only';
import type { PageCache } from '@/lib/page-cache/page-cache';
import { REQUEST_ID_HEADER, REQUEST_ID_TIMING } from './constants';
import { devCollector } from './registry';
import { describeRequest } from './request-label';
import { runWithRequestId } from './request-context';
import { trackResponses } from './response-tracking';

/** `pageCache`, with each request recorded in the overlay and its cache events attributed to it. */
export function recordedForOverlay(pageCache: PageCache): PageCache {
  return {
    handle(request, response, render) {
      const startedAt = performance.now();
      trackResponses(devCollector);
      const id = globalThis.crypto.randomUUID();
      // Only the entry names a request: an id sent by the client is not trusted.
      request.headers[REQUEST_ID_HEADER] = id;
      const headers = {
        get: (name: string) => {
          const value = request.headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
        has: (name: string) => request.headers[name.toLowerCase()] !== undefined,
      };
      devCollector().begin(id, describeRequest(request.method ?? 'GET', request.url ?? '/', headers), startedAt);
      response.setHeader(REQUEST_ID_HEADER, id);
      response.appendHeader('server-timing', `${REQUEST_ID_TIMING};desc="${id}"`);
      return runWithRequestId(id, () => pageCache.handle(request, response, render));
    },
  };
}
