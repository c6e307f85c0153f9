/**
 * The current request's own origin and transport, as the app's server code
 * sees them through next/headers.
 *
 * HTTPS is known from the connection only through a proxy in front of Node:
 * X-Forwarded-Proto is believed only with TRUST_PROXY set (see lib/env.ts),
 * because any client can send that header.
 */
import 'server-only';
import { headers } from 'next/headers';
import { env } from '@/lib/env';

/** True when the browser talks HTTPS to us (directly, or to a trusted proxy). */
export async function requestIsHttps(): Promise<boolean> {
  const incoming = await headers();
  if (env().TRUST_PROXY) {
    const forwarded = incoming.get('x-forwarded-proto')?.split(',').at(-1)?.trim().toLowerCase();
    if (forwarded) return forwarded === 'https';
  }
  return false;
}

/** "http://host:port" of this request (the Host header; the browser sets it). */
export async function requestOrigin(): Promise<string> {
  const incoming = await headers();
  const host = incoming.get('host') ?? 'localhost';
  return `${(await requestIsHttps()) ? 'https' : 'http'}://${host}`;
}
