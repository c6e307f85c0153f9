/**
 * What kind of request Next is serving, from the headers its router sends:
 * a server action POSTs to the page URL with `Next-Action` (or, posted before
 * JavaScript loaded, as a plain form POST); client navigations and refreshes
 * ask for the RSC payload (`RSC: 1`), prefetches add `Next-Router-Prefetch`.
 */
import type { RequestMeta } from './types';

interface HeaderBag {
  get(name: string): string | null;
  has(name: string): boolean;
}

export function describeRequest(method: string, pathWithQuery: string, headers: HeaderBag): RequestMeta {
  let label = 'page';
  const api = pathWithQuery.startsWith('/api/');
  // A form posted before JavaScript loaded is an action too, without Next-Action (its id is in the body).
  if (headers.has('next-action') || (method === 'POST' && !api)) label = 'action';
  else if (headers.has('next-router-prefetch')) label = 'prefetch';
  else if (headers.get('rsc') === '1') label = 'rsc';
  else if (api) label = 'api';
  return { method, path: pathWithQuery, label };
}

/** A request as the overlay names it: "GET /", "POST / (action)". */
export function requestTitle(request: Pick<RequestMeta, 'method' | 'path' | 'label'>): string {
  const kind = request.label === 'page' ? '' : ` (${request.label})`;
  return `${request.method} ${request.path}${kind}`;
}
