/**
 * Gzip for pages that differ per request in a few short values (an editor's
 * page, editor-template.ts): the parts every request shares are compressed
 * once, and each response is spliced together from them with its own values
 * in between, so nothing is compressed on a hit.
 *
 * Why a splice is a valid gzip member (RFC 1951, RFC 1952):
 * - each shared part is a raw deflate stream of its own that ends in a sync
 *   flush: it closes on a byte boundary with no final block, and it never
 *   refers back past its own start, so whatever precedes it cannot change
 *   what it decodes to;
 * - each value goes in as stored blocks (RFC 1951 §3.2.4: a header byte
 *   when byte-aligned, LEN, NLEN, the bytes), which need no dictionary;
 * - an empty final stored block ends the stream, and the gzip trailer
 *   carries the CRC-32 and length of the whole page, computed per response
 *   over the page as identity would send it. Not chained part by part:
 *   Node 20's zlib.crc32(data, value) returns wrong sums for a non-zero
 *   `value` once zlib has compressed anything in the process (seen here,
 *   Node 20.20), while a sum from zero stays right.
 */
import { crc32, deflateRaw, constants } from 'node:zlib';
import { promisify } from 'node:util';

const deflateRawAsync = promisify(deflateRaw);

/** RFC 1952 §2.3: ID1 ID2, CM = deflate, no flags, no MTIME, XFL 0, OS unknown. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff]);
/** BFINAL = 1, BTYPE = 00 (stored), LEN = 0, NLEN = 0xffff: the end of the stream. */
const FINAL_EMPTY_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
/** A stored block holds at most this many bytes (LEN is 16 bits). */
const MAX_STORED = 0xffff;

/**
 * Each of `parts` as raw deflate ending in a sync flush, made on zlib's
 * thread pool (level 9: once per template and process, off the request path).
 */
export function deflateParts(parts: readonly Buffer[]): Promise<Buffer[]> {
  return Promise.all(parts.map((part) => deflateRawAsync(part, { level: 9, finishFlush: constants.Z_SYNC_FLUSH })));
}

/** `bytes` as stored deflate blocks, BFINAL = 0; nothing for no bytes. */
function storedBlocks(bytes: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  for (let from = 0; from < bytes.length; from += MAX_STORED) {
    const chunk = bytes.subarray(from, from + MAX_STORED);
    const header = Buffer.alloc(5);
    header[0] = 0x00;
    header.writeUInt16LE(chunk.length, 1);
    header.writeUInt16LE(~chunk.length & 0xffff, 3);
    blocks.push(header, chunk);
  }
  return blocks;
}

/**
 * The gzip member of `page`, which is parts[0] + values[0] + parts[1] + … +
 * parts[n] (the identity bytes of this response), with `deflated[i]` the
 * deflateParts() form of parts[i]. `values` has one entry fewer than
 * `deflated`; throws when the shapes disagree.
 */
export function splicedGzip(deflated: readonly Buffer[], values: readonly Buffer[], page: Buffer): Buffer {
  if (values.length !== deflated.length - 1) throw new Error('splicedGzip: one value goes between each two parts');
  const chunks: Buffer[] = [GZIP_HEADER];
  deflated.forEach((part, at) => {
    chunks.push(part);
    const value = values[at];
    if (value !== undefined) chunks.push(...storedBlocks(value));
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(page), 0);
  trailer.writeUInt32LE(page.length % 2 ** 32, 4);
  chunks.push(FINAL_EMPTY_BLOCK, trailer);
  return Buffer.concat(chunks);
}
