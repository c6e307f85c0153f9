/**
 * Typed errors the cache can throw; everything else it swallows (fail open).
 *
 * `instanceof` compares names: Next bundles this module more than once (a
 * page, a route handler), and an error made by one copy must still be
 * recognised by another. The names are literals so minifying cannot change them.
 */

const byName = (name: string) => (value: unknown) => value instanceof Error && value.name === name;

export class CacheError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** incr/decr (and incrVersion/decrVersion) on a key that does not exist (Django raises ValueError). */
export class CacheKeyMissingError extends CacheError {
  static override [Symbol.hasInstance] = byName('CacheKeyMissingError');
  override name = 'CacheKeyMissingError';
  constructor(readonly key: string) {
    super(`Key "${key}" not found`);
  }
}

/** A store call failed, exceeded the cache's timeoutMs, or was not made because the circuit is open. */
export class CacheStoreError extends CacheError {
  static override [Symbol.hasInstance] = byName('CacheStoreError');
  override name = 'CacheStoreError';
  constructor(
    readonly operation: string,
    readonly timedOut: boolean,
    cause: unknown,
    readonly circuitOpen = false,
  ) {
    super(`cache ${operation} ${circuitOpen ? 'skipped: the circuit is open' : timedOut ? 'timed out' : `failed: ${describeError(cause)}`}`, { cause });
  }
}

/**
 * The caller's mistake, not the store's: a value that cannot be stored (a
 * function, a symbol, a WeakMap...), a stored value that cannot be decoded,
 * or incr/decr of a value that is not an integer. Django raises here too
 * (pickle errors, TypeError, redis's ResponseError). The store answered, so
 * this is never counted as a store failure: no 'error' event, no warning, and
 * the circuit breaker stays as it was.
 */
export class CacheValueError extends CacheError {
  static override [Symbol.hasInstance] = byName('CacheValueError');
  override name = 'CacheValueError';
  constructor(
    /** The cache call that refused ('set', 'get', 'incr', 'cached'...). */
    readonly operation: string,
    /** The key as the caller named it (a store reports its stored key). */
    readonly key: string,
    /** What was wrong with the value, for people. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cache ${operation} of "${key}": ${reason}`, options);
  }
}

/**
 * What a store's incrBy throws (store.ts) when the value is not an integer or
 * the sum would leave Redis's signed 64-bit range; `detail` is the store's own words.
 */
export function notAnIntegerError(storedKey: string, detail: string): CacheValueError {
  return new CacheValueError('incrBy', storedKey, `the stored value is not an integer, or the result would leave the 64-bit range (${detail})`);
}

/**
 * invalidate() could not move the namespace to a new generation, so readers may
 * keep seeing pre-write data until the entries' TTL runs out. The data layer
 * decides whether to retry or report.
 */
export class CacheInvalidationError extends CacheError {
  static override [Symbol.hasInstance] = byName('CacheInvalidationError');
  override name = 'CacheInvalidationError';
  constructor(
    readonly namespace: string,
    cause: unknown,
  ) {
    super(`cache invalidation of namespace "${namespace}" failed: ${describeError(cause)}`, { cause });
  }
}

/** Internal: the timer of a bounded store call fired first. */
export class CacheTimeoutError extends CacheError {
  static override [Symbol.hasInstance] = byName('CacheTimeoutError');
  override name = 'CacheTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
