/**
 * Which values the cache refuses to store, because no store could give them
 * back: superjson drops a function or a symbol without a word (`{ f() {} }`
 * comes back as `{}`, a bare function as nothing at all), and turns a WeakMap,
 * a Promise or an ArrayBuffer into `{}`. Django refuses such values too: pickle
 * raises for a lambda or a lock, so `cache.set` fails at the call, not at a
 * later read.
 *
 * What superjson does keep is allowed: JSON types, undefined, Date, RegExp,
 * Map, Set, BigInt, URL, Error, NaN/Infinity/-0, typed arrays, Buffer (see
 * serialize.ts) and cycles. Instances of your own classes are allowed and come
 * back as plain objects (superjson keeps their own enumerable properties).
 */

/** Leaves with a type superjson encodes by itself: nothing inside them to check. */
const ENCODED_WHOLE = [Date, RegExp, URL, Error];

/** Objects superjson would silently turn into `{}`: what they are, and what to do instead. */
const REFUSED_OBJECTS: [abstract new (...args: never[]) => object, string, string?][] = [
  [WeakMap, 'a WeakMap'],
  [WeakSet, 'a WeakSet'],
  [WeakRef, 'a WeakRef'],
  [Promise, 'a Promise', 'await it before caching'],
  [ArrayBuffer, 'an ArrayBuffer', 'wrap it in a Uint8Array or a Buffer'],
  [SharedArrayBuffer, 'a SharedArrayBuffer'],
  [DataView, 'a DataView', 'cache its bytes as a Uint8Array'],
  [BigInt64Array, 'a BigInt64Array'],
  [BigUint64Array, 'a BigUint64Array'],
];

/** Throws a TypeError saying what cannot be stored, and where; see findUnstorable. */
export function assertStorable(value: unknown): void {
  const problem = findUnstorable(value);
  if (problem !== null) throw new TypeError(`cannot store ${problem}`);
}

/**
 * Describes a part of `value` that cannot be stored, with where it is
 * (`a function at value.rows[0].format`, `a Promise at value.next (await it
 * before caching)`), or null when all of it can be.
 * One walk over the value, cycles included; it never calls a function.
 */
export function findUnstorable(value: unknown): string | null {
  const seen = new Set<object>();
  const pending: Part[] = [];
  const visit = (part: unknown, parent: Part | null, step: Step) => {
    // Strings, numbers, booleans, bigints and undefined are always fine.
    if (typeof part === 'function' || typeof part === 'symbol' || (typeof part === 'object' && part !== null)) pending.push({ part, parent, step });
  };
  visit(value, null, '');
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const problem = problemWith(next.part);
    if (problem) return [problem.what, next.parent && `at ${pathOf(next)}`, problem.hint && `(${problem.hint})`].filter(Boolean).join(' ');
    if (typeof next.part !== 'object' || next.part === null || seen.has(next.part)) continue;
    seen.add(next.part);
    visitChildren(next, visit);
  }
  return null;
}

/** How a part is reached from its parent: an array index, a property name, a Map entry's key, or a label. */
type Step = number | string | { mapKey: unknown } | { label: string };

/** A part still to check; its path is spelled out only when it is reported. */
interface Part {
  part: unknown;
  parent: Part | null;
  step: Step;
}

function problemWith(part: unknown): { what: string; hint?: string } | null {
  if (typeof part === 'function') return { what: 'a function' };
  if (typeof part === 'symbol') return { what: 'a symbol' };
  if (part instanceof Date && Number.isNaN(part.getTime())) return { what: 'an invalid Date' };
  if (typeof part !== 'object' || part === null) return null;
  const refused = REFUSED_OBJECTS.find(([type]) => part instanceof type);
  return refused ? { what: refused[1], hint: refused[2] } : null;
}

/** The parts superjson would encode one by one. */
function visitChildren(parent: Part, visit: (child: unknown, parent: Part, step: Step) => void): void {
  const part = parent.part as object;
  if (ArrayBuffer.isView(part) || ENCODED_WHOLE.some((type) => part instanceof type)) return;
  if (part instanceof Map) {
    for (const [key, entry] of part) {
      visit(key, parent, { label: ' (a Map key)' });
      visit(entry, parent, { mapKey: key });
    }
  } else if (part instanceof Set) {
    for (const entry of part) visit(entry, parent, { label: ' (a Set entry)' });
  } else if (Array.isArray(part)) {
    part.forEach((entry, index) => visit(entry, parent, index));
  } else {
    for (const [key, entry] of Object.entries(part)) visit(entry, parent, key);
  }
}

function pathOf(part: Part): string {
  const steps: string[] = [];
  for (let at: Part | null = part; at?.parent; at = at.parent) {
    const { step } = at;
    steps.unshift(typeof step === 'number' ? `[${step}]` : typeof step === 'string' ? `.${step}` : 'label' in step ? step.label : `.get(${describeKey(step.mapKey)})`);
  }
  return `value${steps.join('')}`;
}

const describeKey = (key: unknown) => (typeof key === 'string' ? JSON.stringify(key) : typeof key === 'object' && key !== null ? '…' : String(key));
