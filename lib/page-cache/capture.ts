/**
 * Holds back what Next writes to a response, the status, the headers and
 * the body, for the page cache to keep and to answer with: a visitor's page
 * as its hits are sent (shared, with an ETag), an editor's filled in.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export interface CapturedPage {
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

export interface Capture extends CapturedPage {
  setCookie: boolean;
  /** False when the connection closed before the response ended: a part of a page is no page. */
  complete: boolean;
}

/** Headers that describe one response or one connection, never stored. */
const PER_RESPONSE = new Set(['set-cookie', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date', 'content-encoding', 'x-request-id', 'server-timing', 'x-page-cache', 'x-worker']);

function storedHeaders(headers: OutgoingHttpHeaders): Array<[string, string]> {
  const kept: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || PER_RESPONSE.has(name.toLowerCase())) continue;
    kept.push([name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value)]);
  }
  return kept;
}

/** True when the response can no longer reach its client (the connection closed). */
function connectionGone(response: ServerResponse): boolean {
  return response.destroyed || response.socket === null || response.socket.destroyed;
}

export interface HeldResponse {
  /** What the render wrote, once it ended it (or the connection closed): none of it was sent. */
  captured: Promise<Capture>;
  /** Gives the response back: writes go to the client again (call it once the capture settled). */
  release(): void;
}

/**
 * Holds `response`: the render's status, headers and body are kept, not
 * sent, so the caller can send something made from them (a visitor's page
 * made shareable, an editor's filled in from its template). An explicit writeHead only
 * sets status and headers, so they can still change; the server entry's own
 * writeHead (the status a page chose) runs when the caller sends.
 */
export function holdResponse(response: ServerResponse): HeldResponse {
  const chunks: Buffer[] = [];
  const take = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
  };
  const own = { write: response.write, end: response.end, writeHead: response.writeHead, flushHeaders: response.flushHeaders };
  const release = () => Object.assign(response, own);
  const captured = new Promise<Capture>((resolve) => {
    const finish = (complete: boolean) => {
      const headers = response.getHeaders();
      resolve({ status: response.statusCode, headers: storedHeaders(headers), body: Buffer.concat(chunks).toString('utf8'), setCookie: headers['set-cookie'] !== undefined, complete });
    };
    // A client that left while the request waited (a lease, a check) closed the response
    // already: 'close' will not come again, so a capture waiting for it would never end.
    if (connectionGone(response)) {
      finish(false);
      return;
    }
    response.once('close', () => finish(response.writableEnded));
    // A write's callback says it was handled: held, it is, at once.
    const done = (args: unknown[]) => {
      const callback = args.find((value) => typeof value === 'function') as (() => void) | undefined;
      if (callback) process.nextTick(callback);
    };
    response.write = function heldWrite(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      take(chunk, rest[0]);
      done([chunk, ...rest]);
      return true;
    } as ServerResponse['write'];
    response.end = function heldEnd(this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      take(chunk, rest[0]);
      finish(true);
      done([chunk, ...rest]);
      return this;
    } as ServerResponse['end'];
    response.writeHead = function heldWriteHead(this: ServerResponse, status: number, ...rest: unknown[]) {
      this.statusCode = status;
      const headers = rest.find((value) => typeof value === 'object' && value !== null);
      if (Array.isArray(headers)) for (let at = 0; at + 1 < headers.length; at += 2) this.setHeader(String(headers[at]), headers[at + 1] as string);
      else if (headers) for (const [name, value] of Object.entries(headers)) if (value !== undefined) this.setHeader(name, value as string);
      return this;
    } as ServerResponse['writeHead'];
    response.flushHeaders = () => undefined;
  });
  return { captured, release };
}

/**
 * Runs `render` with `response` held (holdResponse): resolves once the
 * render ended it (or the connection closed) with what it wrote, the response
 * given back for the caller to answer. `rendering` settles when the render
 * does (Next's waits for the response to finish); await it after answering.
 */
export async function renderHeld(response: ServerResponse, render: () => Promise<void>): Promise<{ page: Capture; rendering: Promise<void> }> {
  const held = holdResponse(response);
  const rendering = render();
  // Awaited by the caller once answered; a render left behind (the client went) must not reject unheard.
  rendering.catch(() => undefined);
  try {
    return { page: await Promise.race([held.captured, rendering.then(() => held.captured)]), rendering };
  } finally {
    held.release();
  }
}

/** Whether a captured page, answered with `status`, may be kept: a complete 200 HTML page, setting no cookie, of at most maxBytes. */
export function keepable(page: Capture, status: number, maxBytes: number): boolean {
  const type = page.headers.find(([name]) => name === 'content-type')?.[1] ?? '';
  return page.complete && !page.setCookie && status === 200 && type.startsWith('text/html') && Buffer.byteLength(page.body) <= maxBytes;
}

/** The CSP nonce the render's policy names ('nonce-…'), or null when it names none. */
export function policyNonce(page: CapturedPage): string | null {
  const policy = page.headers.find(([name]) => name === 'content-security-policy')?.[1];
  return (policy && /'nonce-([^']+)'/.exec(policy)?.[1]) || null;
}
