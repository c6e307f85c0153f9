/**
 * A rendered page made fit to share (issue 25): the same bytes for every
 * visitor, so they can be compressed once and validated with a strong ETag.
 *
 * A render carries a per-response CSP nonce on its scripts. Serving that
 * nonce again would let anyone who fetched the page run a script with it, and
 * a fresh nonce per hit would change the bytes (no compression once, no
 * strong validator). So at fill time the nonce goes: each inline script that
 * carried it (Next's own; markup injected into the page never carries it) is
 * allowed by its SHA-256 hash instead (CSP3 hash-source), and external
 * scripts by 'self' (they are all this origin's /_next/static chunks).
 * 'strict-dynamic' goes with the nonce: without it 'self' governs external
 * scripts, so the policy stays "this origin's files and exactly these inline
 * scripts". Runs once per fill, never on a hit.
 */
import { createHash } from 'node:crypto';
import type { CapturedPage } from './capture';

export interface SharedPage {
  status: number;
  /** The render's headers with the hash-based CSP and the revalidation rule in place. */
  headers: Array<[string, string]>;
  /** The page without its nonce: identical for every visitor. */
  body: string;
  /** The strong validator of `body` (its SHA-256, base64url, quoted): RFC 9110 §8.8.3. */
  etag: string;
}

/**
 * How a browser or a CDN may keep a shared page: store it, but revalidate
 * every time (RFC 9111 §5.2.2.4), so If-None-Match reaches the server, which
 * answers 304 only while the entry is still the current one.
 */
export const SHARED_CACHE_CONTROL = 'no-cache';
/** The page differs by encoding; a session or flash cookie makes it someone's own (never shared). */
export const SHARED_VARY = 'Accept-Encoding, Cookie';

const sha256 = (text: string, encoding: 'base64' | 'base64url') => createHash('sha256').update(text, 'utf8').digest(encoding);

/**
 * The shareable form of `page`, rendered with CSP nonce `nonce` (null: it has
 * none); null when its policy does not name that nonce, so it is not kept.
 */
export function sharedPage(page: CapturedPage, nonce: string | null): SharedPage | null {
  let body = page.body;
  let headers = page.headers.filter(([name]) => name !== 'cache-control' && name !== 'vary' && name !== 'etag');
  if (nonce) {
    const nonced = `'nonce-${nonce}'`;
    const policy = headers.find(([name]) => name === 'content-security-policy')?.[1];
    if (!policy?.includes(nonced)) return null;
    const attribute = ` nonce="${nonce}"`;
    const withoutNonce = (text: string) => text.split(nonce).join('');
    // Only scripts that carried the render's nonce are Next's own: they are hashed as they
    // will be served, with the nonce gone from their content too (the RSC payload repeats it).
    const hashes: string[] = [];
    for (const match of body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
      const [, attributes, content] = match;
      if (attributes!.includes(attribute) && !/\bsrc=/.test(attributes!)) hashes.push(`'sha256-${sha256(withoutNonce(content!), 'base64')}'`);
    }
    // Nowhere in the page is the nonce left for someone to copy.
    body = withoutNonce(body.split(attribute).join(''));
    const hashed = policy
      .replace(nonced, [...new Set(hashes)].join(' '))
      .replace(" 'strict-dynamic'", '')
      .replace(/ {2,}/g, ' ');
    // Next's Link preload header carries the nonce too: it goes there as well.
    headers = headers.map(([name, value]) => [name, name === 'content-security-policy' ? hashed : withoutNonce(value.split(`; nonce="${nonce}"`).join(''))]);
  }
  headers.push(['cache-control', SHARED_CACHE_CONTROL], ['vary', SHARED_VARY]);
  return { status: page.status, headers, body, etag: `"${sha256(body, 'base64url').slice(0, 27)}"` };
}
