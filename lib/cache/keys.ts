/**
 * The one place where Redis keys are built.
 *
 * Everything the app stores starts with `${prefix}:`, so `clear()` can delete
 * by that prefix and never touch another application's keys (the tutorial's
 * `clear()` ran FLUSHDB).
 *
 *   low-level API   `${prefix}:${version}:${key}`                   (Django's layout)
 *   generation      `${prefix}:rt:{${namespace}}:gen`
 *   entry           `${prefix}:rt:{${namespace}}:${generation}:${key}`
 *   lease           `${prefix}:rt:{${namespace}}:${generation}!lease:${key}`
 *   retire marker   `${prefix}:rt:{${namespace}}:!retired:${token}`     (a retirement's proof, store.ts RetireRequest)
 *   health probe    `${prefix}:ping`                                (only ever read)
 *
 * Versions are integers, so `${prefix}:${version}:` never overlaps the `rt:`
 * read-through space. Generations are UUIDs (no ':' or '!'), so entry keys,
 * lease keys, markers and the generation key of one namespace cannot collide. The
 * braces are a Redis Cluster hash tag: a namespace's keys share one slot, so
 * the scripts that touch several of them run on a cluster too (a prefix must
 * not contain braces, or its first brace pair would be the tag instead).
 */

export function assertValidPrefix(prefix: string): void {
  if (prefix.length === 0) throw new TypeError('cache prefix must not be empty: clear() deletes by it');
  if (/[{}]/.test(prefix)) throw new TypeError(`cache prefix must not contain braces (Redis Cluster hash tags): ${prefix}`);
}

/** A namespace becomes a hash tag: it must be non-empty and brace-free. */
export function assertValidNamespace(namespace: string): void {
  if (namespace.length === 0 || /[{}]/.test(namespace)) throw new TypeError(`cache namespace must be non-empty and brace-free: "${namespace}"`);
}

/** Every key this cache writes starts with this; clear() deletes exactly these. */
export function ownedKeysPrefix(prefix: string): string {
  return `${prefix}:`;
}

/** Read (never written) by ping(): Redis answers a GET for a missing key as cheaply as anything. */
export function pingKey(prefix: string): string {
  return `${prefix}:ping`;
}

export function dataKey(prefix: string, version: number, key: string): string {
  return `${prefix}:${version}:${key}`;
}

/** A byte budget's counter (byte-budget.ts): `counter` is '<budget name>:<window>'. */
export function budgetKey(prefix: string, counter: string): string {
  return `${prefix}:budget:${counter}`;
}

export function generationKey(prefix: string, namespace: string): string {
  return `${prefix}:rt:{${namespace}}:gen`;
}

/** Written with a retirement (store.ts, RetireRequest): a primary holds it exactly when its history holds that retirement. */
export function retireMarkerKey(prefix: string, namespace: string, token: string): string {
  return `${prefix}:rt:{${namespace}}:!retired:${token}`;
}

/** Prefix of every entry of a namespace, across all generations. */
export function entryPrefix(prefix: string, namespace: string): string {
  return `${prefix}:rt:{${namespace}}:`;
}

/** Used by the stores and read-through.ts: the entry key a lookup/fill of `generation` addresses. */
export function entryKey(entryPrefixValue: string, generation: string, key: string): string {
  return `${entryPrefixValue}${generation}:${key}`;
}

/** Used by the stores: the lease guarding the refill of one entry. */
export function leaseKey(entryPrefixValue: string, generation: string, key: string): string {
  return `${entryPrefixValue}${generation}!lease:${key}`;
}

/** Escapes Redis glob metacharacters so SCAN MATCH treats the prefix literally. */
export function globEscape(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}
