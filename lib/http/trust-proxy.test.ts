import { describe, expect, it } from 'vitest';
import { clientAddress, forwardedHttps, parseTrustProxy } from './trust-proxy';

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, { kind: 'none' }],
    ['', { kind: 'none' }],
    ['0', { kind: 'none' }],
    ['false', { kind: 'none' }],
    ['1', { kind: 'hops', hops: 1 }],
    ['true', { kind: 'hops', hops: 1 }],
    ['2', { kind: 'hops', hops: 2 }],
  ])('%j means %j', (raw, expected) => expect(parseTrustProxy(raw)).toEqual(expected));

  it('takes a list of proxy addresses', () => {
    expect(parseTrustProxy('10.0.0.1, ::1')).toEqual({ kind: 'addresses', addresses: new Set(['10.0.0.1', '::1']) });
    expect(() => parseTrustProxy('10.0.0.1, my-proxy')).toThrow(/my-proxy/);
  });
});

describe('the client address', () => {
  const none = parseTrustProxy('0');
  const oneHop = parseTrustProxy('1');
  const proxies = parseTrustProxy('10.0.0.1,10.0.0.2');

  it.each([
    ['no proxy trusted: the socket peer, whatever the header says', '203.0.113.9', '1.2.3.4', none, '203.0.113.9'],
    ['IPv4 on an IPv6 socket', '::ffff:127.0.0.2', null, none, '127.0.0.2'],
    ['one hop: the entry the proxy appended', '10.0.0.1', '203.0.113.9', oneHop, '203.0.113.9'],
    ['one hop, a spoofed left end is ignored', '10.0.0.1', '6.6.6.6, 203.0.113.9', oneHop, '203.0.113.9'],
    ['one hop, the issue-11 spoof (<any>, 10.0.0.1)', '10.0.0.1', '6.6.6.6, 10.0.0.1', oneHop, '10.0.0.1'],
    ['one hop, no header: the proxy itself', '10.0.0.1', null, oneHop, '10.0.0.1'],
    ['one hop, a garbage entry where the client should be', '10.0.0.1', 'not-an-ip', oneHop, '10.0.0.1'],
    ['listed proxies: first untrusted from the right', '10.0.0.1', '6.6.6.6, 203.0.113.9, 10.0.0.2', proxies, '203.0.113.9'],
    ['listed proxies, a direct client is itself', '198.51.100.7', '6.6.6.6', proxies, '198.51.100.7'],
    ['listed proxies, ports and brackets', '10.0.0.1', '[2001:db8::1]:4711, 10.0.0.2', proxies, '2001:db8::1'],
  ] as const)('%s', (_label, socket, forwarded, trust, expected) => {
    expect(clientAddress(socket, forwarded, trust)).toBe(expected);
  });

  it('believes X-Forwarded-Proto only from a trusted proxy', () => {
    expect(forwardedHttps('203.0.113.9', 'https', none)).toBe(false);
    expect(forwardedHttps('10.0.0.1', 'https', oneHop)).toBe(true);
    expect(forwardedHttps('10.0.0.1', 'https, http', oneHop)).toBe(false);
    expect(forwardedHttps('198.51.100.7', 'https', proxies)).toBe(false);
    expect(forwardedHttps('10.0.0.2', 'https', proxies)).toBe(true);
  });
});
