/**
 * Who the client is when proxies stand in front of the server. The socket's
 * peer is the nearest hop; X-Forwarded-For lists the hops before it, each
 * proxy appending the address it received from. Only entries added by proxies
 * we trust mean anything: a client writes whatever it likes at the left end.
 * So the list is read from the right (MDN, "X-Forwarded-For: Security and
 * privacy concerns"; Express's trust proxy).
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

/**
 * The client's address: the socket peer when no proxy is trusted, otherwise
 * the first hop from the right that is not a trusted proxy. A malformed
 * entry where the client should be counts as the nearest untrusted address.
 */
export function clientAddress(socketAddress: string, forwardedFor: string | null, trust: TrustProxy): string {
  const peer = normalizeAddress(socketAddress);
  if (trust.kind === 'none') return peer;
  const chain = [...(forwardedFor ?? '').split(',').map((hop) => hop.trim()).filter(Boolean).map(normalizeAddress), peer];
  if (trust.kind === 'hops') {
    const index = chain.length - 1 - trust.hops;
    const candidate = chain[Math.max(index, 0)]!;
    return isIP(candidate) ? candidate : chain[Math.min(chain.length - 1, Math.max(index, 0) + 1)]!;
  }
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    const hop = chain[index]!;
    if (!trust.addresses.has(hop)) return isIP(hop) ? hop : chain[index + 1] ?? peer;
  }
  return chain[0]!;
}

/** Whether the request reached the nearest trusted proxy over HTTPS (its X-Forwarded-Proto, rightmost value). */
export function forwardedHttps(socketAddress: string, forwardedProto: string | null, trust: TrustProxy): boolean {
  if (trust.kind === 'none' || !forwardedProto) return false;
  if (trust.kind === 'addresses' && !trust.addresses.has(normalizeAddress(socketAddress))) return false;
  return forwardedProto.split(',').at(-1)?.trim().toLowerCase() === 'https';
}
