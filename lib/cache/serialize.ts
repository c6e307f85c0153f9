/**
 * Values <-> the strings the stores hold.
 *
 * Safe integers are stored as plain decimal strings, so Redis INCRBY works on
 * them directly (as with Django's redis backend, whose serializer leaves ints
 * unpickled). Everything else goes through superjson, whose output always
 * starts with '{': the two forms cannot be confused, Dates come back as Dates,
 * and a decimal price kept as the string "9.03" comes back as exactly that
 * string (never a float).
 *
 * The superjson instance is the cache's own, with one addition: a Node Buffer
 * (what zlib returns) is stored as base64 and comes back as a Buffer; plain
 * superjson writes it as a typed array it cannot read back. Everything else
 * is encoded exactly as before, so values stored by earlier releases decode
 * unchanged (and this release's values, Buffers aside, decode in those).
 */
import { SuperJSON, type SuperJSONResult } from 'superjson';
import { describeError } from './errors';
import { assertStorable } from './storable';

const PLAIN_INTEGER = /^-?(0|[1-9][0-9]*)$/;

const codec = new SuperJSON();
codec.registerCustom<Buffer, string>(
  {
    isApplicable: (value): value is Buffer => Buffer.isBuffer(value),
    serialize: (buffer) => buffer.toString('base64'),
    deserialize: (base64) => Buffer.from(base64, 'base64'),
  },
  'Buffer',
);

export interface Serialized {
  text: string;
  /** UTF-8 size, reported in cache events. */
  bytes: number;
}

export function byteSize(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** -0 is not stored as "0": it would come back as 0. */
const isPlainInteger = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0);

/**
 * Throws a TypeError ("cannot store a function at value.rows[0].format") for
 * anything superjson would silently drop or turn into `{}` (storable.ts), so
 * that no value reads back as something else.
 */
export function serialize(value: unknown): Serialized {
  if (isPlainInteger(value)) return withSize(String(value));
  assertStorable(value);
  try {
    return withSize(codec.stringify(value));
  } catch (error) {
    // A getter that throws, a toJSON() that returns a BigInt...
    throw new TypeError(`cannot store the value: ${describeError(error)}`, { cause: error });
  }
}

const withSize = (text: string): Serialized => ({ text, bytes: byteSize(text) });

/**
 * Throws a TypeError ("the stored value cannot be decoded: ...") on text this
 * module did not write: not JSON, JSON without superjson's envelope, or a type
 * this release does not know (a corrupt or foreign value, or one written by a
 * newer release).
 * An integer outside the safe range (possible after INCRBY) loses precision,
 * exactly as it would in any JavaScript number.
 */
export function deserialize(text: string): unknown {
  if (PLAIN_INTEGER.test(text)) return Number(text);
  try {
    const envelope: unknown = JSON.parse(text);
    // superjson always writes {"json": ...}; `{}` is what a bare function used to be stored as.
    if (typeof envelope !== 'object' || envelope === null || !Object.hasOwn(envelope, 'json')) throw new Error('no superjson envelope');
    return codec.deserialize(envelope as SuperJSONResult);
  } catch (error) {
    throw new TypeError(`the stored value cannot be decoded: ${describeError(error)}`, { cause: error });
  }
}
