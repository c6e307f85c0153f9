/**
 * The Content-Security-Policy of production pages: scripts only with this
 * response's nonce (Next puts it on its own scripts when it finds it in the
 * request's CSP header) or loaded by such a script ('strict-dynamic'), no
 * 'unsafe-inline' for scripts, nothing framed, forms only to this origin.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    // React writes style attributes; no script can come from them.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

/** A fresh nonce: 128 random bits, base64 (CSP3 requires at least that much and a base64 value). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
