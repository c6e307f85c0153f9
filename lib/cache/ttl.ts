/**
 * Django's timeout rules, turned into what a store understands.
 *
 *   undefined  -> the cache's default TTL
 *   null       -> never expires
 *   <= 0       -> "expire now": set deletes the key, add stores nothing
 *   seconds    -> milliseconds for the store (fractions allowed, at least 1 ms)
 */

export type TtlPlan =
  | { kind: 'expires'; ms: number; seconds: number }
  | { kind: 'forever'; ms: null; seconds: null }
  | { kind: 'expired'; ms: 0; seconds: number };

export function planTtl(ttl: number | null | undefined, defaultSeconds: number | null): TtlPlan {
  const seconds = ttl === undefined ? defaultSeconds : ttl;
  if (seconds === null) return { kind: 'forever', ms: null, seconds: null };
  if (typeof seconds !== 'number' || Number.isNaN(seconds)) {
    throw new TypeError(`cache ttl must be a number of seconds or null, got ${String(seconds)}`);
  }
  if (seconds <= 0) return { kind: 'expired', ms: 0, seconds };
  if (seconds === Infinity) return { kind: 'forever', ms: null, seconds: null };
  return { kind: 'expires', ms: Math.max(1, Math.round(seconds * 1000)), seconds };
}
