/**
 * The one rule for every "where to go next" value a request carries
 * (sign-in's returnTo, every form's list URL): only a path on this very
 * origin, as the WHATWG URL parser — the one browsers use — understands it.
 *
 * Parsing against the request's own origin and comparing origins catches
 * what string prefix checks miss: `/\evil.example` and `/%5Cevil.example`
 * style tricks, tabs and newlines the parser strips (`/\t/evil.example`),
 * and scheme-relative `//evil.example`. Raw backslashes, control characters
 * and their percent-encoded forms are refused before parsing, so nothing a
 * browser might reinterpret is ever echoed into a Location header.
 * OWASP Cheat Sheet "Unvalidated Redirects and Forwards".
 */

const MAX_RETURN_PATH_LENGTH = 2048;
// Backslash, C0/C1 controls and DEL, raw or percent-encoded (%5C, %00-%1F, %7F, %80-%9F is not a byte on its own).
const SUSPICIOUS = /[\\\u0000-\u001f\u007f-\u009f]|%5c|%[01][0-9a-f]|%7f/i;

/**
 * `value` as a same-origin path ("/?page=2"), or `fallback` when it is
 * anything else. `origin` is the request's own origin ("https://shop.example").
 */
export function safeReturnPath(value: unknown, origin: string, fallback = '/'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_PATH_LENGTH) return fallback;
  // Only paths: absolute URLs, even same-origin ones, have no business in these fields.
  if (!value.startsWith('/') || value.startsWith('//')) return fallback;
  if (SUSPICIOUS.test(value)) return fallback;
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(origin);
    resolved = new URL(value, base);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base.origin) return fallback;
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // The serialized path must itself stay a single-slash path (no "//" after normalization).
  return path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}
