/**
 * A keyed fingerprint of the admin credential, stored with each session
 * (lib/auth/sessions.ts) and compared on every check: a session is live only
 * while the credential it was made under is the current one, so changing
 * ADMIN_PASSWORD (or ADMIN_PASSWORD_HASH) and restarting ends every session
 * made with the old password, which is what an admin changing a leaked
 * password needs (OWASP Session Management Cheat Sheet, "Renew the session
 * ID after any privilege level change"; Django does the same with its
 * session auth hash). "Sign out everywhere" stays for the other cases.
 *
 * HMAC-SHA256 keyed by SESSION_SECRET: the table never holds anything from
 * which the password could be guessed offline, and rotating the secret ends
 * sessions too.
 */
import { createHmac } from 'node:crypto';

export interface AdminCredential {
  ADMIN_PASSWORD?: string;
  ADMIN_PASSWORD_HASH?: string;
  SESSION_SECRET?: string;
}

/** base64url of HMAC-SHA256(SESSION_SECRET, the configured password or its hash); '' when none is configured. */
export function credentialFingerprint({ ADMIN_PASSWORD, ADMIN_PASSWORD_HASH, SESSION_SECRET }: AdminCredential): string {
  const credential = ADMIN_PASSWORD_HASH ? `hash:${ADMIN_PASSWORD_HASH}` : ADMIN_PASSWORD ? `plain:${ADMIN_PASSWORD}` : null;
  if (!credential) return '';
  return createHmac('sha256', SESSION_SECRET ?? '').update(`catalog admin credential\0${credential}`).digest('base64url');
}
