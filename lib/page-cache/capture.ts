/**
 * Copies what Next writes to a response while it goes to the client: the
 * status, the headers and the body, for the page cache to keep.
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

/** Tees `response`; resolves once it has ended (or its connection closed), with what was sent. */
export function teeResponse(response: ServerResponse): Promise<Capture> {
  const chunks: Buffer[] = [];
  const take = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
  };
  const write = response.write;
  const end = response.end;
  return new Promise((resolve) => {
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
    response.write = function teeWrite(this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
      take(chunk, rest[0]);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as ServerResponse['write'];
    response.end = function teeEnd(this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      take(chunk, rest[0]);
      const result = (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
      finish(true);
      return result;
    } as ServerResponse['end'];
  });
}
