/**
 * The one place where Redis keys are built.
 *
 * Everything the app stores starts with `${prefix}:`, so `clear()` can delete
 * by that prefix and never touch another application's keys (the tutorial's
 * `clear()` ran FLUSHDB).
 *
 *   low-level API   `${prefix}:${version}:${key}`                 (Django's layout)
 *   generation      `${prefix}:rt:${namespace}:gen`
 *   entry           `${prefix}:rt:${namespace}:${generation}:${key}`
 *   lease           `${prefix}:rt:${namespace}:${generation}!lease:${key}`
 *   health probe    `${prefix}:ping`                              (only ever read)
 *
 * Versions are integers, so `${prefix}:${version}:` never overlaps the `rt:`
 * read-through space. Generations are UUIDs (no ':' or '!'), so entry keys,
 * lease keys and the generation key of one namespace cannot collide.
 */

export function assertValidPrefix(prefix: string): void {
  if (prefix.length === 0) throw new TypeError('cache prefix must not be empty: clear() deletes by it');
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

export function generationKey(prefix: string, namespace: string): string {
  return `${prefix}:rt:${namespace}:gen`;
}

/** Prefix of every entry of a namespace, across all generations. */
export function entryPrefix(prefix: string, namespace: string): string {
  return `${prefix}:rt:${namespace}:`;
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
