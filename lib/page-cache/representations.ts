/**
 * A stored page's bytes as a hit sends them (issue 25): identity, and Brotli
 * or gzip made once per page content and process, each with its own strong
 * ETag and its headers ready, so a hit only picks one and writes it.
 *
 * A coding is made only when a request accepts it (a client that never asks
 * for Brotli costs no compression), on zlib's thread pool, off the request
 * path: until it is ready, hits get the next best one that is (never
 * compressed on a hit). Kept by content (the page's ETag), not by entry, so
 * a page that a write elsewhere left byte-identical under a new generation
 * is not compressed again, and the decoded copies of one entry share it.
 */
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { LRUCache } from 'lru-cache';
import { SHARED_CACHE_CONTROL, SHARED_VARY, type SharedPage } from './shared-page';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

export type Coding = 'br' | 'gzip';

export interface Representation {
  body: Buffer;
  etag: string;
  /** Every header of a 200 with this body. */
  headers: Array<[string, string]>;
  /** What a 304 for it carries (RFC 9110 §15.4.5): its validator and caching rules. */
  validatorHeaders: Array<[string, string]>;
}

export interface PreparedPage {
  /** The stored page these are made from. */
  page: SharedPage;
  identity: Representation;
  br: Representation | null;
  gzip: Representation | null;
  /** Codings being made now. */
  pending: Set<Coding>;
  /** The ETag of every representation of this content, made here or not: a client may have kept any. */
  etags: Set<string>;
  bytes: number;
}

/** Bytes of prepared pages kept per page cache (so per process), by default; the least recently served go first. */
export const PREPARED_BYTES = 64 * 1024 * 1024;

const codedEtag = (etag: string, coding: Coding | null) => (coding ? `${etag.slice(0, -1)}-${coding}"` : etag);

function representation(page: SharedPage, body: Buffer, coding: Coding | null): Representation {
  const etag = codedEtag(page.etag, coding);
  const validatorHeaders: Array<[string, string]> = [
    ['etag', etag],
    ['cache-control', SHARED_CACHE_CONTROL],
    ['vary', SHARED_VARY],
  ];
  const headers = page.headers.filter(([name]) => name !== 'cache-control' && name !== 'vary');
  headers.push(...validatorHeaders, ['content-length', String(body.length)]);
  if (coding) headers.push(['content-encoding', coding]);
  return { body, etag, headers, validatorHeaders };
}

// Brotli quality 10: measured on the 1,000-row page (208,699 B) it takes what quality 9 takes
// (about 90 ms here) for 12.9 % of the page instead of 16.8 %; 11 gains 0.7 % for 2.4 times the
// time. Once per content and process, off the request path.
const COMPRESS: Record<Coding, (body: Buffer) => Promise<Buffer>> = {
  br: (body) => brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 10, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
  gzip: (body) => gzipped(body, { level: 9 }),
};

export interface Representations {
  /** The prepared form of `page`: made (identity only) on its first hit, then found by its content. */
  prepare(page: SharedPage): PreparedPage;
  /**
   * The representation to send for `acceptEncoding`: Brotli, else gzip, else
   * identity. The best accepted coding not made yet is started for the next
   * hits; this one gets the best that is ready.
   */
  representationFor(entry: PreparedPage, acceptEncoding: string | string[] | undefined): Representation;
  /** Settles when every compression started so far has (tests: the next hit then finds it). */
  compressionsSettled(): Promise<void>;
}

/** The prepared pages of one page cache, at most `maxBytes` of them (identity and codings counted). */
export function createRepresentations(maxBytes = PREPARED_BYTES): Representations {
  const prepared = new LRUCache<string, PreparedPage>({ maxSize: maxBytes, sizeCalculation: (entry) => Math.max(1, entry.bytes) });
  const inFlight = new Set<Promise<void>>();

  function prepare(page: SharedPage): PreparedPage {
    const ready = prepared.get(page.etag);
    if (ready) return ready;
    const body = Buffer.from(page.body, 'utf8');
    const entry: PreparedPage = {
      page,
      identity: representation(page, body, null),
      br: null,
      gzip: null,
      pending: new Set(),
      etags: new Set([page.etag, codedEtag(page.etag, 'br'), codedEtag(page.etag, 'gzip')]),
      bytes: body.length,
    };
    prepared.set(page.etag, entry);
    return entry;
  }

  /** Starts making `coding` of `entry` on zlib's pool, once; a hit never waits for it. */
  function encodeLater(entry: PreparedPage, coding: Coding): void {
    if (entry[coding] || entry.pending.has(coding)) return;
    entry.pending.add(coding);
    const { page } = entry;
    const done = COMPRESS[coding](entry.identity.body).then(
      (bytes) => {
        entry[coding] = representation(page, bytes, coding);
        entry.bytes += bytes.length;
        // Set again so the LRU counts the added bytes (not when the entry was dropped meanwhile).
        if (prepared.peek(page.etag) === entry) prepared.set(page.etag, entry);
      },
      () => undefined,
    );
    const tracked = done.finally(() => {
      entry.pending.delete(coding);
      inFlight.delete(tracked);
    });
    inFlight.add(tracked);
  }

  return {
    prepare,
    representationFor(entry, acceptEncoding) {
      if (!acceptEncoding) return entry.identity;
      const codings = acceptedCodings(Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding);
      if (codings.br && entry.br) return entry.br;
      if (codings.br) encodeLater(entry, 'br');
      else if (codings.gzip && !entry.gzip) encodeLater(entry, 'gzip');
      if (codings.gzip && entry.gzip) return entry.gzip;
      return entry.identity;
    },
    async compressionsSettled() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}

/** Accept-Encoding values seen, with the codings they accept (RFC 9110 §12.5.3); few distinct ones exist. */
const accepted = new Map<string, { br: boolean; gzip: boolean }>();

/** The codings `header` (an Accept-Encoding value) accepts: Brotli, gzip. */
export function acceptedCodings(header: string): { br: boolean; gzip: boolean } {
  let known = accepted.get(header);
  if (known) return known;
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...parameters] = part.trim().split(';');
    const q = parameters.map((parameter) => /^\s*q=([0-9.]+)\s*$/.exec(parameter)?.[1]).find((value) => value !== undefined);
    if (coding) weights.set(coding.trim(), q === undefined ? 1 : Number(q));
  }
  // "*" stands for the codings not named (§12.5.3); x-gzip is gzip's alias (§8.4.1.3), so a refused gzip stays refused.
  const weightOf = (...names: string[]) => names.map((name) => weights.get(name)).find((weight) => weight !== undefined) ?? weights.get('*') ?? 0;
  known = { br: weightOf('br') > 0, gzip: weightOf('gzip', 'x-gzip') > 0 };
  if (accepted.size >= 64) accepted.clear();
  accepted.set(header, known);
  return known;
}

/**
 * Whether If-None-Match names this content in any coding (RFC 9110
 * §13.1.2: weak comparison, "*" matches any current representation): then a
 * 304 is the answer. The ETag is the content's, so it matches only while the
 * current entry holds the very bytes the client kept.
 */
export function notModified(entry: PreparedPage, ifNoneMatch: string | string[] | undefined): boolean {
  if (!ifNoneMatch) return false;
  const header = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => entry.etags.has(tag.trim().replace(/^W\//, '')));
}
