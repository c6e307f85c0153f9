/**
 * Deep-freezes a decoded cache value before the local copy shares it between
 * callers: an accidental `rows.push(...)` or `row.price = ...` in one request
 * then throws a TypeError (in strict-mode code, i.e. every ES module) instead
 * of silently changing what every other request is served.
 *
 * Object.freeze cannot make a Date, Map or Set read-only (their contents live
 * in internal slots); their own properties are frozen, Map and Set entries are
 * frozen in turn, and setDate()/map.set() would still go through. Values from
 * cached() are documented as immutable whatever their type.
 */
export function deepFreeze<T>(value: T): T {
  freeze(value, new Set());
  return value;
}

function freeze(value: unknown, seen: Set<object>): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  // Object.freeze throws on a typed array with elements; it holds bytes, not shared objects.
  if (ArrayBuffer.isView(value)) return;
  // superjson may decode shared references (its referential equalities) and cycles.
  seen.add(value);
  if (value instanceof Map) {
    for (const [key, entry] of value) {
      freeze(key, seen);
      freeze(entry, seen);
    }
  } else if (value instanceof Set) {
    for (const entry of value) freeze(entry, seen);
  }
  for (const key of Reflect.ownKeys(value)) freeze((value as Record<PropertyKey, unknown>)[key], seen);
  Object.freeze(value);
}
