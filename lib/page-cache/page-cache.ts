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
 * cut off, or is larger than maxBytes. What is stored has no CSP nonce (its
 * inline scripts are allowed by hash, shared-page.ts), so every hit is the
 * same bytes, the render's own response included (it is held until it ends,
 * capture.ts): compressed once per entry and process, and validated by a
 * strong ETag (representations.ts). Signed-in editors' list pages share a
 * template under the same rules, filled in per request (editor-pages.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { entryRecord } from '@/lib/http/server-entry';
import { keepable, policyNonce, renderHeld, type Capture } from './capture';
import { createEditorPages, type EditorPagesOptions } from './editor-pages';
import { editorPageRequest, pageCacheKey } from './eligibility';
import { createRepresentations, notModified, type Representations } from './representations';
import { sharedPage, type SharedPage } from './shared-page';

/** What the cache keeps: the page made fit to share (shared-page.ts), the same bytes for everyone. */
export type StoredPage = SharedPage;

export interface PageCacheOptions {
  /** cached() of the cache library (the real design), in the given namespace. */
  cached<T>(key: string, loader: () => Promise<T>, options: { namespace: string; ttl?: number; admit?: (bytes: number) => Promise<boolean> }): Promise<T>;
  /** Whether a page of `bytes` may be stored (the page cache's byte budget); every page when absent. */
  admit?: (bytes: number) => Promise<boolean>;
  namespace: string;
  /** False while this process may have missed an invalidation: then every request renders. A boolean when known at once (a hit asks every time). */
  cacheUsable(): boolean | Promise<boolean>;
  maxBytes: number;
  ttlSeconds: number;
  /** Told how each request was answered (as its x-page-cache header says): for metrics. */
  onOutcome?: (outcome: PageCacheOutcome) => void;
  /** Where hits' bytes and encodings are kept (representations.ts); one of its own by default. Tests pass theirs to await compression. */
  representations?: Representations;
  /** How signed-in editors' list pages are checked and filled in (editor-pages.ts); without it, they are always rendered. */
  editors?: Pick<EditorPagesOptions, 'sessionEditor' | 'newNonce'>;
}

/** hit: served from the cache (a 304 too); miss: rendered (and kept when it may be); bypass: rendered while the cache may be behind; none: not a page the cache shares. */
export type PageCacheOutcome = 'hit' | 'miss' | 'bypass' | 'none';

export interface PageCache {
  /** Serves `request` from the cache, or renders it (render answers the response itself) and keeps the page. */
  handle(request: IncomingMessage, response: ServerResponse, render: () => Promise<void>): Promise<void>;
}

/** Thrown by a render whose response may not be shared: it was sent, but is not kept. */
class NotStorable extends Error {}

/**
 * The shareable form of a render (shared-page.ts), or null when it may not
 * be kept: a HEAD's (no body), one that is not a complete 200 HTML page,
 * sets a cookie or exceeds maxBytes, or one whose page asked for a status of its own
 * (setResponseStatus: the server entry applies it when the head is written).
 */
function shareable(page: Capture, response: ServerResponse, maxBytes: number): SharedPage | null {
  if (response.req.method === 'HEAD' || entryRecord()?.status !== undefined || !keepable(page, response.statusCode, maxBytes)) return null;
  return sharedPage(page, policyNonce(page));
}

/**
 * A hit: the entry's prepared bytes in the encoding the request accepts, or
 * 304 with no body when If-None-Match names this very entry. Nothing is
 * computed here that a fill could have computed once.
 */
function serve(representations: Representations, page: StoredPage, request: IncomingMessage, response: ServerResponse, outcome: 'hit' | 'miss' = 'hit') {
  const prepared = representations.prepare(page);
  const chosen = representations.representationFor(prepared, request.headers['accept-encoding']);
  response.setHeader('x-page-cache', outcome);
  if (notModified(prepared, request.headers['if-none-match'])) {
    response.statusCode = 304;
    for (const [name, value] of chosen.validatorHeaders) response.setHeader(name, value);
    response.end();
    return;
  }
  response.statusCode = page.status;
  for (const [name, value] of chosen.headers) response.setHeader(name, value);
  response.end(request.method === 'HEAD' ? undefined : chosen.body);
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const representations = options.representations ?? createRepresentations();
  const answered = (response: ServerResponse, outcome: PageCacheOutcome) => {
    response.setHeader('x-page-cache', outcome);
    options.onOutcome?.(outcome);
  };
  const editorPages = options.editors ? createEditorPages({ ...options, ...options.editors }) : null;
  const cachedOptions = { namespace: options.namespace, ttl: options.ttlSeconds, admit: options.admit };

  /**
   * A visitor's page under `key`: a hit, or a render that is held and kept.
   * Not an async function: a hit costs the cache's promise and one of its
   * own (issue 25: each promise pays a hook per AsyncLocalStorage of Next's).
   */
  function serveShared(key: string, request: IncomingMessage, response: ServerResponse, render: () => Promise<void>): Promise<void> {
    let rendered = false;
    const load = async (): Promise<StoredPage> => {
      rendered = true;
      const acceptEncoding = request.headers['accept-encoding'];
      // Rendered uncompressed: a kept page is compressed once per entry (representations.ts).
      delete request.headers['accept-encoding'];
      answered(response, 'miss');
      // Held, so that the render is answered as its hits will be: the shared bytes, with their ETag.
      const { page, rendering } = await renderHeld(response, render);
      if (!page.complete) throw new NotStorable();
      const shared = shareable(page, response, options.maxBytes);
      if (shared) {
        if (acceptEncoding !== undefined) request.headers['accept-encoding'] = acceptEncoding;
        serve(representations, shared, request, response, 'miss');
      } else {
        // As rendered; the server entry's writeHead puts in the status the page chose (a 404, a 503).
        response.writeHead(response.statusCode);
        response.end(page.body);
      }
      await rendering;
      if (!shared) throw new NotStorable();
      return shared;
    };
    // 'shared': the stored shape changed (no nonce, an ETag), so entries of earlier builds are never read.
    return options.cached(`page:shared:${key}`, load, cachedOptions).then(
      (page) => {
        if (rendered) return;
        serve(representations, page, request, response);
        options.onOutcome?.('hit');
      },
      (error: unknown) => {
        if (!(error instanceof NotStorable)) throw error;
        // Either this request rendered and answered (its page is just not kept), or it
        // joined a render whose page may not be shared: then it renders its own.
        if (rendered) return;
        answered(response, 'miss');
        return render();
      },
    );
  }

  async function serveEditor(editor: { key: string; sessionToken: string }, request: IncomingMessage, response: ServerResponse, render: () => Promise<void>): Promise<void> {
    // Served first: an optional call leaves its arguments unevaluated when there is no onOutcome.
    const outcome = await editorPages!.serve(request, response, render, editor.key, editor.sessionToken);
    options.onOutcome?.(outcome);
  }

  function handle(request: IncomingMessage, response: ServerResponse, render: () => Promise<void>): Promise<void> {
    const key = pageCacheKey(request);
    const editor = key || !editorPages ? null : editorPageRequest(request);
    if (!(key || editor)) {
      answered(response, 'none');
      return render();
    }
    const serveCached = () => (key ? serveShared(key, request, response, render) : serveEditor(editor!, request, response, render));
    // Known at once on every request but the first after a missed invalidation: no promise on a hit.
    const usable = options.cacheUsable();
    if (usable === true) return serveCached();
    return Promise.resolve(usable).then((cacheUsable) => {
      if (cacheUsable) return serveCached();
      answered(response, 'bypass');
      return render();
    });
  }

  return {
    handle(request, response, render) {
      // A mistake thrown here becomes the rejection the server entry answers (it renders instead).
      try {
        return handle(request, response, render);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}
