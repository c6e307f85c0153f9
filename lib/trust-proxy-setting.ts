/**
 * The TRUST_PROXY setting: which proxies stand in front of the server, as
 * lib/env.ts checks it and lib/http/trust-proxy.ts uses it. A setting of
 * its own here, below both, so the settings never import the HTTP code.
 */
import { isIP } from 'node:net';

export type TrustProxy =
  /** Nobody: the socket's peer is the client; X-Forwarded-* is ignored. */
  | { kind: 'none' }
  /** Exactly this many proxies stand in front of every request. */
  | { kind: 'hops'; hops: number }
  /** Requests may pass proxies at these addresses; any other address is the client. */
  | { kind: 'addresses'; addresses: ReadonlySet<string> };

/**
 * Parses TRUST_PROXY: '' / '0' / 'false' = none, '1' / 'true' = one hop,
 * a number = that many hops, or a comma-separated list of proxy addresses.
 * Throws a readable message for anything else.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || value === '0' || value === 'false') return { kind: 'none' };
  if (value === 'true') return { kind: 'hops', hops: 1 };
  if (/^\d{1,2}$/.test(value)) return { kind: 'hops', hops: Number(value) };
  const addresses = value.split(',').map((address) => normalizeAddress(address.trim()));
  const bad = addresses.find((address) => isIP(address) === 0);
  if (bad !== undefined) throw new Error(`"${bad}" is neither a number of proxy hops nor an IP address`);
  return { kind: 'addresses', addresses: new Set(addresses) };
}

/** "::ffff:127.0.0.1" (IPv4 on an IPv6 socket) as "127.0.0.1"; brackets and ports of "[::1]:80" dropped. */
export function normalizeAddress(address: string): string {
  let value = address.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  return value.replace(/^::ffff:(?=\d{1,3}(\.\d{1,3}){3}$)/i, '').toLowerCase();
}

