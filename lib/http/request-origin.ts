/**
 * The current request as the app's server code sees it: who the client is,
 * whether the browser talks HTTPS to us, and our own origin. Proxies are
 * believed only as TRUST_PROXY says (lib/http/trust-proxy.ts).
 */
import 'server-only';
import { headers } from 'next/headers';
import { env } from '@/lib/env';
import { entryRecord } from './server-entry';
import { clientAddress, forwardedHttps } from './trust-proxy';

/** The client's address, or null under `next dev` (no server entry to ask). */
export async function requestClientAddress(): Promise<string | null> {
  const record = entryRecord();
  if (!record?.remoteAddress) return null;
  return clientAddress(record.remoteAddress, (await headers()).get('x-forwarded-for'), env().TRUST_PROXY);
}

/** True when the browser talks HTTPS to us: directly over TLS, or to a trusted proxy that says so. */
export async function requestIsHttps(): Promise<boolean> {
  const record = entryRecord();
  if (record?.encrypted) return true;
  if (!record?.remoteAddress) return false;
  return forwardedHttps(record.remoteAddress, (await headers()).get('x-forwarded-proto'), env().TRUST_PROXY);
}

const LOCAL_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;

/** True when the page was asked for by a loopback name; browsers treat those as secure contexts even over HTTP. */
export async function requestIsLocal(): Promise<boolean> {
  return LOCAL_HOSTS.test((await headers()).get('host') ?? '');
}

/** "http://host:port" of this request (the Host header; the browser sets it). */
export async function requestOrigin(): Promise<string> {
  const host = (await headers()).get('host') ?? 'localhost';
  return `${(await requestIsHttps()) ? 'https' : 'http'}://${host}`;
}

