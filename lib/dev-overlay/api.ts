/**
 * The JSON API's answers, shared by the route handlers. Everything here
 * answers 404 unless the overlay is enabled, so a production server has no
 * /api/dev at all (proxy.ts refuses it too).
 */
import 'server-only';
import { notFoundResponse as notFound } from '@/lib/http/not-found';
import { devOverlayEnabled } from './enabled';
import { devCollector } from './registry';
import { serverTiming } from './server-timing';

const noStore = { 'cache-control': 'no-store' };

export { notFound };

export function listResponse(): Response {
  if (!devOverlayEnabled()) return notFound();
  return Response.json(devCollector().list(), { headers: noStore });
}

/** The background log: the sweep's and start-up's queries and cache calls, which no request's numbers include. */
export function backgroundResponse(): Response {
  if (!devOverlayEnabled()) return notFound();
  return Response.json(devCollector().background(), { headers: noStore });
}

export function detailResponse(id: string): Response {
  if (!devOverlayEnabled()) return notFound();
  const lookup = devCollector().lookup(id);
  if ('found' in lookup) {
    return Response.json(lookup.found, { headers: { ...noStore, 'server-timing': serverTiming(lookup.found.summary) } });
  }
  // 410 Gone tells "it was here, the ring buffer dropped it" apart from a bad id.
  return 'evicted' in lookup
    ? Response.json({ id, evicted: true, message: `Request ${id} was evicted: only the last ${devCollector().capacity} are kept.` }, { status: 410, headers: noStore })
    : Response.json({ id, unknown: true, message: `No request ${id} was recorded.` }, { status: 404, headers: noStore });
}
