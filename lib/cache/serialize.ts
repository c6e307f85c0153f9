/**
 * Values <-> the strings the stores hold.
 *
 * Safe integers are stored as plain decimal strings, so Redis INCRBY works on
 * them directly (as with Django's redis backend). Everything else goes through
 * superjson, whose output always starts with '{': the two forms cannot be
 * confused, Dates come back as Dates, and a decimal price kept as the string
 * "9.03" comes back as exactly that string (never a float).
 */
import superjson from 'superjson';

const PLAIN_INTEGER = /^-?(0|[1-9][0-9]*)$/;

export interface Serialized {
  text: string;
  /** UTF-8 size, reported in cache events. */
  bytes: number;
}

export function byteSize(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function serialize(value: unknown): Serialized {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : superjson.stringify(value);
  return { text, bytes: byteSize(text) };
}

/**
 * Throws on text this module did not write (a corrupt or foreign value); the
 * cache treats that like a store failure and serves the source instead.
 * An integer outside the safe range (possible after INCRBY) loses precision,
 * exactly as it would in any JavaScript number.
 */
export function deserialize(text: string): unknown {
  if (PLAIN_INTEGER.test(text)) return Number(text);
  return superjson.parse(text);
}
