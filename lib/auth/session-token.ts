/**
 * The admin session as a signed, expiring token: base64url(JSON payload) + "." +
 * base64url(HMAC-SHA256). Nothing secret is inside, so signing (not encrypting)
 * is what it needs; Node's crypto does the HMAC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionPayload {
  sub: 'admin';
  /** Expiry, in milliseconds since the epoch. */
  exp: number;
}

function signature(payloadText: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(payloadText).digest();
}

export function signSession(payload: SessionPayload, secret: string): string {
  const payloadText = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${payloadText}.${signature(payloadText, secret).toString('base64url')}`;
}

/** The payload when the token is authentic and unexpired; null otherwise. */
export function verifySession(token: string | undefined, secret: string, now = Date.now()): SessionPayload | null {
  if (!token) return null;
  const [payloadText, signatureText, ...extra] = token.split('.');
  if (!payloadText || !signatureText || extra.length > 0) return null;
  const expected = signature(payloadText, secret);
  const actual = Buffer.from(signatureText, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(payloadText, 'base64url').toString('utf8')) as Partial<SessionPayload>;
    return payload.sub === 'admin' && typeof payload.exp === 'number' && payload.exp > now ? (payload as SessionPayload) : null;
  } catch {
    return null;
  }
}
