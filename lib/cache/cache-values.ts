/**
 * serialize.ts for one cache call: a value that cannot be stored, or stored
 * text that cannot be decoded, becomes a CacheValueError naming the call and
 * the key. Those are the caller's mistakes, never store failures (errors.ts).
 * The calls run outside the store call (store-call.ts), so they cannot feed
 * the circuit breaker.
 */
import { CacheValueError, describeError } from './errors';
import { byteSize, deserialize, serialize, type Serialized } from './serialize';
import { assertStorable } from './storable';

export interface Decoded {
  value: unknown;
  /** Serialized size, as stored, in bytes. */
  bytes: number;
}

function asValueError<T>(operation: string, key: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new CacheValueError(operation, key, describeError(error), { cause: error });
  }
}

/** The text to store for `value`; throws CacheValueError when it cannot be stored. */
export const encodeValue = (operation: string, key: string, value: unknown): Serialized => asValueError(operation, key, () => serialize(value));

/** For a value served without being stored: refused exactly as encodeValue would refuse it. */
export const checkStorable = (operation: string, key: string, value: unknown): void => asValueError(operation, key, () => assertStorable(value));

/** The value stored as `text`; throws CacheValueError when it cannot be decoded. */
export const decodeValue = (operation: string, key: string, text: string): Decoded =>
  asValueError(operation, key, () => ({ value: deserialize(text), bytes: byteSize(text) }));
