/**
 * What kind of request Next is serving, from the headers its router sends:
 * a server action POSTs to the page URL with `Next-Action`; client
 * navigations and refreshes ask for the RSC payload (`RSC: 1`), prefetches
 * add `Next-Router-Prefetch`.
 */
import type { RequestMeta } from './types';

interface HeaderBag {
  get(name: string): string | null;
  has(name: string): boolean;
}

export function describeRequest(method: string, pathWithQuery: string, headers: HeaderBag): RequestMeta {
  let label = 'page';
  if (headers.has('next-action')) label = 'action';
  else if (headers.has('next-router-prefetch')) label = 'prefetch';
  else if (headers.get('rsc') === '1') label = 'rsc';
  else if (pathWithQuery.startsWith('/api/')) label = 'api';
  return { method, path: pathWithQuery, label };
}
