/**
 * Which responses the page cache may share, and under what key. Only what
 * every visitor sees alike: a GET of the catalog list by someone without a
 * session or a flash (those are one person's), asking for the HTML document
 * (a client navigation's RSC payload varies with the router's state headers).
 * The key is the list's canonical address, so "?page=1&size=50" and "/" are
 * one entry; the products namespace's generation is added by cached().
 * Signed-in editors share a template of the same list pages (editor-pages.ts).
 */
import { LRUCache } from 'lru-cache';
import { canonicalListAddress, listUrl, ROW_PARAMETERS } from '@/lib/validation/list-url';
import { parseListQuery } from '@/lib/validation/list-query';

export interface RequestLine {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

const PERSONAL_COOKIES = /(?:^|;\s*)(?:catalog_session|catalog_flash)=/;
const FLASH_COOKIE = /(?:^|;\s*)catalog_flash=/;
// lib/auth/session.ts SESSION_COOKIE; sessions.ts checks the token's shape.
const SESSION_COOKIES = /(?:^|;\s*)catalog_session=([^;]*)/g;
const ROUTER_HEADERS = ['rsc', 'next-action', 'next-router-prefetch', 'next-router-state-tree', 'next-url'];

const cookieHeader = (headers: RequestLine['headers']) => {
  const cookie = headers.cookie;
  return Array.isArray(cookie) ? cookie.join('; ') : (cookie ?? '');
};

/** The key the response to this request is shared under, or null when it must not be shared. */
export function pageCacheKey({ method, url, headers }: RequestLine): string | null {
  if ((method !== 'GET' && method !== 'HEAD') || !url) return null;
  if (ROUTER_HEADERS.some((name) => headers[name] !== undefined)) return null;
  if (PERSONAL_COOKIES.test(cookieHeader(headers))) return null;
  const list = listKey(url);
  return list && `visitor ${list}`;
}

/**
 * A signed-in editor's GET of a list page whose template editors share
 * (editor-pages.ts): its key and the session token, which the caller checks.
 * Not with a flash (one outcome's message) nor a row's editor or selection
 * open (ROW_PARAMETERS): those are rendered.
 */
export function editorPageRequest({ method, url, headers }: RequestLine): { key: string; sessionToken: string } | null {
  if (method !== 'GET' || !url) return null;
  if (ROUTER_HEADERS.some((name) => headers[name] !== undefined)) return null;
  const cookie = cookieHeader(headers);
  const sessions = Array.from(cookie.matchAll(SESSION_COOKIES), (match) => match[1]!);
  // Two session cookies: Next reads another one than the first, so the request is left to it.
  if (sessions.length !== 1 || FLASH_COOKIE.test(cookie)) return null;
  const sessionToken = sessions[0]!;
  const list = listKey(url);
  return list ? { key: `editor ${list}`, sessionToken } : null;
}

/** The canonical list address `url` shows, or null when its page is not one to share. */
function listKey(url: string): string | null {
  const known = keysByUrl.get(url);
  if (known !== undefined) return known || null;
  const key = keyOfUrl(url);
  keysByUrl.set(url, key ?? '');
  return key;
}

/**
 * The key of each address seen, '' for one never shared: a hit then parses
 * nothing. Bounded (lru-cache), so addresses nobody repeats cannot grow it.
 */
const keysByUrl = new LRUCache<string, string>({ max: 2000 });

function keyOfUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://page-cache.invalid');
  } catch {
    return null;
  }
  if (parsed.pathname !== '/') return null;
  // A view asked by another address is redirected to its own first (proxy.ts), then kept once.
  if (canonicalListAddress(parsed.search) !== null) return null;
  const params: Record<string, string | string[]> = {};
  for (const name of new Set(parsed.searchParams.keys())) {
    // Parameters that open one row's editor or question: admin-only views.
    if (ROW_PARAMETERS.includes(name)) return null;
    params[name] = parsed.searchParams.getAll(name);
  }
  const { query, rejectedSearch } = parseListQuery(params);
  // A refused search renders its own message: rare, and not worth an entry of its own.
  if (rejectedSearch) return null;
  return listUrl(query);
}
