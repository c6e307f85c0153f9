/**
 * The body limit for bodies sent without a Content-Length (chunked).
 *
 * proxy.ts refuses a body whose declared length is over the limit, with the
 * 413 page; a chunked body declares nothing, and Next's own limit then fails
 * the request with a plain 500. So the server entry counts such a body before
 * Next sees the request:
 * - within the limit, the request goes on with its exact length declared and
 *   its bytes replayed, unchanged;
 * - past the limit, the rest is discarded and the request goes on declaring
 *   the length counted so far, so proxy.ts answers with the same 413 page as
 *   for a declared length.
 * Bytes are intercepted at IncomingMessage.push, where Node's HTTP parser
 * hands them in, so nothing is read twice and nothing is buffered past the limit.
 *
 * Plain JavaScript: the server entry runs before, and outside, Next's build.
 */

/** True for a request with a body of unknown length. */
export function hasUndeclaredBody(request) {
  return request.headers['content-length'] === undefined && request.headers['transfer-encoding'] !== undefined;
}

/** Counts `request`'s body up to limitBytes, then calls `proceed` (once) as described above. */
export function countBodyThen(request, limitBytes, proceed) {
  const push = request.push;
  const held = [];
  let received = 0;
  let over = false;
  const declare = () => {
    request.headers['content-length'] = String(received);
    delete request.headers['transfer-encoding'];
  };
  request.push = function countedPush(chunk, encoding) {
    if (chunk === null) {
      request.push = push;
      if (!over) {
        declare();
        proceed();
        for (const piece of held) push.call(request, piece);
      }
      return push.call(request, null);
    }
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk;
    received += bytes.length;
    if (over) return true;
    if (received > limitBytes) {
      over = true;
      held.length = 0;
      declare();
      proceed();
      return true;
    }
    held.push(bytes);
    return true;
  };
}
