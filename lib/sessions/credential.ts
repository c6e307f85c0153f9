/**
 * A keyed fingerprint of an editor's credential, stored with each session
 * (lib/sessions/sessions.ts) and compared on every check: a session is live only
 * while the credential it was made under is the current one. So resetting an
 * editor's password (`npm run editors -- reset`), or changing ADMIN_PASSWORD
 * (or ADMIN_PASSWORD_HASH) for the first account while it still signs in
 * with it, ends every session made with the old password (OWASP Session
 * Management Cheat Sheet, "Renew the session ID after any privilege level
 * change"; Django does the same with its session auth hash).
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

/**
 * The fingerprint of one editor's credential: their own scrypt hash, or,
 * for the first account while its password_hash is null, the configured
 * ADMIN_PASSWORD(_HASH). '' when there is none (no session can match it).
 */
export function editorCredential(editor: { id: number; passwordHash: string | null }, config: AdminCredential): string {
  if (editor.passwordHash === null) return credentialFingerprint(config);
  return createHmac('sha256', config.SESSION_SECRET ?? '').update(`catalog editor credential\0${editor.id}\0${editor.passwordHash}`).digest('base64url');
}
