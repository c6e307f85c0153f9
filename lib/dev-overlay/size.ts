/**
 * Byte sizes. Cache values arrive already measured by the cache layer (the
 * serialized string it stored); these helpers measure what the overlay itself
 * shows: SQL parameters and labels.
 */

const encoder = new TextEncoder();

/** UTF-8 length of a string: what it costs on the wire, not its .length. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).byteLength;
}

/** Size of a value as JSON (bigints and dates included); null when it cannot be encoded. */
export function jsonBytes(value: unknown): number | null {
  try {
    const text = JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
    return text === undefined ? null : utf8Bytes(text);
  } catch {
    return null; // circular or otherwise unencodable
  }
}

export { formatBytes } from '@/lib/http/byte-size';
