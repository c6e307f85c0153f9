/**
 * A stored page's bytes as a hit sends them (issue 25): encoded once per
 * entry and process, in identity, gzip and Brotli, each with its own strong
 * ETag and its headers ready, so a hit only picks one and writes it.
 * Compression runs on zlib's thread pool after the entry's first hit; until
 * it is done, hits are sent uncompressed (never compressed on a hit).
 */
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { SHARED_CACHE_CONTROL, SHARED_VARY, type SharedPage } from './shared-page';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

export interface Representation {
  body: Buffer;
  etag: string;
  /** Every header of a 200 with this body. */
  headers: Array<[string, string]>;
  /** What a 304 for it carries (RFC 9110 §15.4.5): its validator and caching rules. */
  validatorHeaders: Array<[string, string]>;
}

export interface PreparedPage {
  identity: Representation;
  br: Representation | null;
  gzip: Representation | null;
  /** Every ETag this entry is known by, whichever encoding a client kept. */
  etags: Set<string>;
}

// The same decoded page object comes back on every local hit, so its preparation is kept with it.
const prepared = new WeakMap<SharedPage, PreparedPage>();

function representation(page: SharedPage, body: Buffer, coding: 'br' | 'gzip' | null): Representation {
  const etag = coding ? `${page.etag.slice(0, -1)}-${coding}"` : page.etag;
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

/** The entry's representations, made on its first hit in this process (the compressed ones shortly after). */
export function prepare(page: SharedPage): PreparedPage {
  const ready = prepared.get(page);
  if (ready) return ready;
  const body = Buffer.from(page.body, 'utf8');
  const entry: PreparedPage = { identity: representation(page, body, null), br: null, gzip: null, etags: new Set([page.etag]) };
  prepared.set(page, entry);
  const add = (coding: 'br' | 'gzip', bytes: Buffer) => {
    entry[coding] = representation(page, bytes, coding);
    entry.etags.add(entry[coding].etag);
  };
  // Quality 9 and level 9: a fraction of quality 11's time for nearly its size, once per entry.
  void brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }).then((bytes) => add('br', bytes), () => undefined);
  void gzipped(body, { level: 9 }).then((bytes) => add('gzip', bytes), () => undefined);
  return entry;
}

/** Accept-Encoding values seen, with the codings they accept (RFC 9110 §12.5.3); few distinct ones exist. */
const accepted = new Map<string, { br: boolean; gzip: boolean }>();

function acceptedCodings(header: string): { br: boolean; gzip: boolean } {
  let known = accepted.get(header);
  if (known) return known;
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...parameters] = part.trim().split(';');
    const q = parameters.map((parameter) => /^\s*q=([0-9.]+)\s*$/.exec(parameter)?.[1]).find((value) => value !== undefined);
    if (coding) weights.set(coding.trim(), q === undefined ? 1 : Number(q));
  }
  const allows = (coding: string) => (weights.get(coding) ?? weights.get('*') ?? 0) > 0;
  known = { br: allows('br'), gzip: allows('gzip') || allows('x-gzip') };
  if (accepted.size >= 64) accepted.clear();
  accepted.set(header, known);
  return known;
}

/** The representation to send for `acceptEncoding`: Brotli, else gzip, else identity (also while compression is not done). */
export function representationFor(entry: PreparedPage, acceptEncoding: string | string[] | undefined): Representation {
  if (!acceptEncoding) return entry.identity;
  const codings = acceptedCodings(Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding);
  if (codings.br && entry.br) return entry.br;
  if (codings.gzip && entry.gzip) return entry.gzip;
  return entry.identity;
}

/**
 * Whether If-None-Match names this entry (RFC 9110 §13.1.2: weak comparison,
 * "*" matches any current representation): then a 304 is the answer. An
 * entry of an older generation is never looked at, so its ETag never matches.
 */
export function notModified(entry: PreparedPage, ifNoneMatch: string | string[] | undefined): boolean {
  if (!ifNoneMatch) return false;
  const header = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(',') : ifNoneMatch;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => entry.etags.has(tag.trim().replace(/^W\//, '')));
}
