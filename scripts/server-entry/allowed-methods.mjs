/**
 * Which HTTP methods each address serves, answered before Next sees the
 * request (RFC 9110 §9.3.7, §15.5.6): OPTIONS gets 204 with `Allow`, any
 * other method an address does not serve gets 405 with `Allow`. Next itself
 * renders a page for PUT or DELETE and fails on TRACE with a logged stack.
 *
 * Plain JavaScript: the server entry runs before, and outside, Next's build.
 */

const PAGE = ['GET', 'HEAD', 'POST']; // POST: server actions and forms posted without JavaScript
const READ_ONLY = ['GET', 'HEAD'];

/** The methods `pathname` serves (OPTIONS aside), most specific rule first. */
export function allowedMethods(pathname) {
  if (pathname === '/api/health' || pathname.startsWith('/_next/static/')) return READ_ONLY;
  return PAGE;
}

/**
 * Answers `request` itself when its method is OPTIONS or one the address does
 * not serve; returns true when it did (the request must then go no further).
 */
export function answerMethodItself(request, response) {
  const method = request.method ?? 'GET';
  let pathname = '/';
  try {
    pathname = new URL(request.url ?? '/', 'http://entry.invalid').pathname;
  } catch {
    // An unparsable target: the most general rule applies.
  }
  const allowed = allowedMethods(pathname);
  if (allowed.includes(method)) return false;
  const allow = [...allowed, 'OPTIONS'].join(', ');
  if (method === 'OPTIONS') {
    response.writeHead(204, { allow, 'cache-control': 'no-store' });
  } else {
    response.writeHead(405, { allow, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    response.write(`${method} is not served here. Allowed: ${allow}.\n`);
  }
  // Node discards an unread request body once the response has finished, so the connection stays usable.
  response.end();
  return true;
}
