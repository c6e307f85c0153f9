/**
 * The page cache: whole HTML responses of the catalog list, served from the
 * server entry without entering Next or React (scripts/start.mjs hands every
 * request to handle()).
 *
 * The guarantee is cached()'s: an entry lives under the products namespace's
 * generation as it was read before the render began, with a lease so that
 * one render per key runs across processes, and its fill is refused when a
 * write moved the generation meanwhile. So no view that starts after an
 * acknowledged write shows older data. While this process may have missed an
 * invalidation (the outbox's gate), the cache is bypassed.
 *
 * Never stored: a response that sets a cookie, is not a 200 HTML page, was
 * cut off, or is larger than maxBytes. Every hit gets a fresh CSP nonce, put
 * in place of the one the cached render carried.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newNonce } from '@/lib/http/content-security-policy';
import { teeResponse, type CapturedPage } from './capture';
import { pageCacheKey } from './eligibility';

export interface StoredPage extends CapturedPage {
  /** The nonce the render put in its scripts and its CSP header; replaced on every hit. */
  nonce: string | null;
}

export interface PageCacheOptions {
  /** cached() of the cache library (the real design), in the given namespace. */
  cached<T>(key: string, loader: () => Promise<T>, options: { namespace: string; ttl?: number; admit?: (bytes: number) => Promise<boolean> }): Promise<T>;
  /** Whether a page of `bytes` may be stored (the page cache's byte budget); every page when absent. */
  admit?: (bytes: number) => Promise<boolean>;
  namespace: string;
  /** False while this process may have missed an invalidation: then every request renders. */
  cacheUsable(): Promise<boolean>;
  maxBytes: number;
  ttlSeconds: number;
  /** Told how each request was answered (as its x-page-cache header says): for metrics. */
  onOutcome?: (outcome: PageCacheOutcome) => void;
}

/** hit: served from the cache; miss: rendered (and kept when it may be); bypass: rendered while the cache may be behind; none: not a page the cache shares. */
export type PageCacheOutcome = 'hit' | 'miss' | 'bypass' | 'none';

export interface PageCache {
  /** Serves `request` from the cache, or renders it (render answers the response itself) and keeps the page. */
  handle(request: IncomingMessage, response: ServerResponse, render: () => Promise<void>): Promise<void>;
}

/** Thrown by a render whose response may not be shared: it was sent, but is not kept. */
class NotStorable extends Error {}

const NONCE = /'nonce-([^']+)'/;

/** A stored page cut at its nonce, encoded once: a hit then only copies bytes. */
interface PreparedPage {
  headers: Array<[string, string]>;
  /** The body's bytes between the nonce's occurrences (one piece when there is no nonce). */
  pieces: Buffer[];
}

// The same decoded page object comes back on every local hit, so its preparation is kept with it.
const preparedPages = new WeakMap<StoredPage, PreparedPage>();

function prepare(page: StoredPage): PreparedPage {
  let prepared = preparedPages.get(page);
  if (!prepared) {
    const pieces = page.nonce ? page.body.split(page.nonce) : [page.body];
    prepared = { headers: page.headers, pieces: pieces.map((piece) => Buffer.from(piece, 'utf8')) };
    preparedPages.set(page, prepared);
  }
  return prepared;
}

function serve(page: StoredPage, request: IncomingMessage, response: ServerResponse) {
  const { headers, pieces } = prepare(page);
  const nonce = page.nonce ? newNonce() : '';
  for (const [name, value] of headers) response.setHeader(name, page.nonce && name === 'content-security-policy' ? value.replace(page.nonce, nonce) : value);
  response.setHeader('x-page-cache', 'hit');
  response.statusCode = page.status;
  const nonceBytes = Buffer.from(nonce, 'utf8');
  const parts: Buffer[] = [];
  pieces.forEach((piece, index) => {
    if (index > 0) parts.push(nonceBytes);
    parts.push(piece);
  });
  const body = Buffer.concat(parts);
  response.setHeader('content-length', body.length);
  response.end(request.method === 'HEAD' ? undefined : body);
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const answered = (response: ServerResponse, outcome: PageCacheOutcome) => {
    response.setHeader('x-page-cache', outcome);
    options.onOutcome?.(outcome);
  };
  return {
    async handle(request, response, render) {
      const key = pageCacheKey(request);
      if (!key || !(await options.cacheUsable())) {
        answered(response, key ? 'bypass' : 'none');
        return render();
      }
      let rendered = false;
      const load = async (): Promise<StoredPage> => {
        rendered = true;
        // Stored uncompressed (a reverse proxy in front compresses, if wanted).
        delete request.headers['accept-encoding'];
        answered(response, 'miss');
        const capturing = teeResponse(response);
        await render();
        const page = await capturing;
        const type = page.headers.find(([name]) => name === 'content-type')?.[1] ?? '';
        // A HEAD's response has no body to keep.
        if (request.method === 'HEAD' || !page.complete || page.setCookie || page.status !== 200 || !type.startsWith('text/html') || Buffer.byteLength(page.body) > options.maxBytes) {
          throw new NotStorable();
        }
        const policy = page.headers.find(([name]) => name === 'content-security-policy')?.[1];
        return { status: page.status, headers: page.headers, body: page.body, nonce: policy ? (NONCE.exec(policy)?.[1] ?? null) : null };
      };
      let page: StoredPage;
      try {
        page = await options.cached(`page:${key}`, load, { namespace: options.namespace, ttl: options.ttlSeconds, admit: options.admit });
      } catch (error) {
        if (error instanceof NotStorable) {
          // Either this request rendered and answered (its page is just not kept), or it
          // joined a render whose page may not be shared: then it renders its own.
          if (rendered) return;
          answered(response, 'miss');
          return render();
        }
        throw error;
      }
      if (!rendered) {
        serve(page, request, response);
        options.onOutcome?.('hit');
      }
    },
  };
}
