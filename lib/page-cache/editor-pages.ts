/**
 * Signed-in editors' list pages from the page cache (issue 25): one template
 * per list and generation (editor-template.ts), rendered by whichever editor
 * asks first under the page cache's lease, and filled in for each editor's
 * request with their own name, nonce and form keys.
 *
 * The guarantee is the visitors' one (page-cache.ts): the template lives
 * under the products generation read before its render began. Every request
 * checks its session first (one indexed query, lib/sessions/sessions.ts), so a
 * signed-out or disabled editor's next view is a visitor's, rendered by Next.
 * The filled page is sent `private, no-store`: it is one person's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { keepable, policyNonce, renderHeld } from './capture';
import { EDITOR_CACHE_CONTROL, editorTemplate, fillableName, fillTemplate, issueNameMarker, TEMPLATE_EDITOR_HEADER, withName, type EditorTemplate, type FilledPage } from './editor-template';
import type { PageCacheOptions, PageCacheOutcome } from './page-cache';

export interface EditorPagesOptions extends Pick<PageCacheOptions, 'cached' | 'admit' | 'namespace' | 'maxBytes' | 'ttlSeconds'> {
  /** The editor whose live session `token` is, or null; throws when it cannot be told (the database is down). */
  sessionEditor(token: string): Promise<{ name: string } | null>;
  /** A new CSP nonce, as proxy.ts makes one (lib/http/content-security-policy.ts). */
  newNonce(): string;
}

/** Thrown by a template render that may not be kept: its own request was answered, nobody else's is. */
class NotTemplate extends Error {}

function send(response: ServerResponse, page: FilledPage) {
  response.statusCode = page.status;
  for (const [name, value] of page.headers) response.setHeader(name, value);
  response.end(page.body);
}

/**
 * Serves editors' list pages. `serve` answers `request` (a list page asked
 * by session `sessionToken`, eligibility.ts) and says how; 'none' when it
 * rendered without the cache (no live session, a name it cannot fill in).
 */
export function createEditorPages(options: EditorPagesOptions) {
  /**
   * Renders the template with this request's own session, the response held
   * back; answers this request with that render, its name put in; returns
   * the template, or throws NotTemplate when the render cannot be one.
   */
  async function renderTemplate(request: IncomingMessage, response: ServerResponse, render: () => Promise<void>, name: string): Promise<EditorTemplate> {
    const issued = issueNameMarker();
    request.headers[TEMPLATE_EDITOR_HEADER] = issued.marker;
    // Stored uncompressed, as a visitor's page is.
    delete request.headers['accept-encoding'];
    try {
      const { page, rendering } = await renderHeld(response, render);
      if (!page.complete) throw new NotTemplate();
      response.setHeader('cache-control', EDITOR_CACHE_CONTROL);
      // writeHead first: the server entry's own puts in the status the page chose (a 404, a 503).
      response.writeHead(response.statusCode);
      response.end(withName(page.body, issued.marker, name));
      await rendering;
      const nonce = policyNonce(page);
      const template = nonce && keepable(page, response.statusCode, options.maxBytes) ? editorTemplate({ ...page, status: 200 }, issued.marker, nonce) : null;
      if (!template) throw new NotTemplate();
      return template;
    } finally {
      issued.done();
      delete request.headers[TEMPLATE_EDITOR_HEADER];
    }
  }

  return {
    async serve(request: IncomingMessage, response: ServerResponse, render: () => Promise<void>, key: string, sessionToken: string): Promise<PageCacheOutcome> {
      const editor = await options.sessionEditor(sessionToken).catch(() => null);
      // Not an editor now (or the database cannot say): Next renders what such a request gets.
      if (!editor || !fillableName(editor.name)) {
        response.setHeader('x-page-cache', 'none');
        await render();
        return 'none';
      }
      let rendered = false;
      const load = () => {
        rendered = true;
        response.setHeader('x-page-cache', 'miss');
        return renderTemplate(request, response, render, editor.name);
      };
      let template: EditorTemplate;
      try {
        template = await options.cached(`page:editor:${key}`, load, { namespace: options.namespace, ttl: options.ttlSeconds, admit: options.admit });
      } catch (error) {
        if (!(error instanceof NotTemplate)) throw error;
        if (rendered) return 'miss';
        // It joined a render that made no template: this request renders its own.
        response.setHeader('x-page-cache', 'miss');
        await render();
        return 'miss';
      }
      if (rendered) return 'miss';
      response.setHeader('x-page-cache', 'hit');
      send(response, fillTemplate(template, { name: editor.name, nonce: options.newNonce() }, request.headers['accept-encoding']));
      return 'hit';
    },
  };
}
