/**
 * Who the client is when proxies stand in front of the server. The socket's
 * peer is the nearest hop; X-Forwarded-For lists the hops before it, each
 * proxy appending the address it received from. Only entries added by proxies
 * we trust mean anything: a client writes whatever it likes at the left end.
 * So the list is read from the right (MDN, "X-Forwarded-For: Security and
 * privacy concerns"; Express's trust proxy). Which proxies: TRUST_PROXY
 * (lib/trust-proxy-setting.ts).
 */
import { isIP } from 'node:net';
import { normalizeAddress, type TrustProxy } from '@/lib/trust-proxy-setting';

export { parseTrustProxy, normalizeAddress, type TrustProxy } from '@/lib/trust-proxy-setting';

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
