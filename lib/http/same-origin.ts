/**
 * Whether a POST comes from a page of this very site (OWASP CSRF Cheat
 * Sheet, "Verifying Origin with standard headers"). Browsers send Origin on
 * every cross-origin POST; a request without it (a script, an old client) is
 * left to the framework's own check and to the SameSite=Strict session cookie.
 */
export function crossSitePost(method: string, origin: string | null, host: string | null): boolean {
  if (method !== 'POST' || origin === null) return false;
  if (origin === 'null' || !host) return true; // an opaque origin (sandboxed frame, data: URL)
  try {
    return new URL(origin).host.toLowerCase() !== host.toLowerCase();
  } catch {
    return true;
  }
}
