/**
 * The admin session as the app sees it: read from and written to an
 * HTTP-only, SameSite=Strict, signed cookie with an expiry.
 */
import 'server-only';
import { cookies, headers } from 'next/headers';
import { authRequired, env } from '@/lib/env';
import { signSession, verifySession } from './session-token';

export const SESSION_COOKIE = 'catalog_session';

/** True when writes are allowed for this request: auth is off, or the cookie holds a valid admin session. */
export async function isAdmin(): Promise<boolean> {
  const config = env();
  if (!authRequired(config)) return true;
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return verifySession(token, config.SESSION_SECRET ?? '') !== null;
}

export async function startSession(): Promise<void> {
  const config = env();
  const maxAge = config.SESSION_MAX_AGE_SECONDS;
  const token = signSession({ sub: 'admin', exp: Date.now() + maxAge * 1000 }, config.SESSION_SECRET ?? '');
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.NODE_ENV === 'production',
    path: '/',
    maxAge,
  });
}

export async function endSession(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}

/** Who is signing in, for rate limiting: the socket's peer is not visible here, so a proxy header or one shared bucket. */
export async function clientKey(): Promise<string> {
  if (!env().TRUST_PROXY) return 'direct';
  const forwarded = (await headers()).get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || 'unknown';
}
